"""Words the generator composes names and texts from, in Dutch and English.

Everything here is written for netweave; nothing is copied from the seed texts. Lists of
pairs are ``(english, dutch)`` so that the same index means the same thing in both languages.
"""

from __future__ import annotations

from typing import NamedTuple

THEME_NAMES: dict[str, tuple[str, str]] = {
    "care": ("Care and wellbeing", "Zorg en welzijn"),
    "mobility": ("Mobility", "Mobiliteit"),
    "energy_transition": ("Energy transition", "Energietransitie"),
    "housing": ("Housing", "Wonen"),
    "education": ("Education", "Onderwijs"),
    "digitalisation": ("Digitalisation", "Digitalisering"),
    "labour_market": ("Labour market", "Arbeidsmarkt"),
    "food": ("Food", "Voedsel"),
    "circular_economy": ("Circular economy", "Circulaire economie"),
    "safety": ("Safety", "Veiligheid"),
    "culture": ("Culture", "Cultuur"),
    "climate_adaptation": ("Climate adaptation", "Klimaatadaptatie"),
}

# Noun phrases per theme that fit both an ask ("Who has experience with …?") and an offer
# ("We are happy to share what we learned about …").
THEME_SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "care": (
        ("shared e-bikes for home-care staff", "deelfietsen voor wijkverpleging"),
        ("loneliness among older residents", "eenzaamheid onder oudere bewoners"),
        (
            "informal carers who are running out of energy",
            "mantelzorgers die op hun tandvlees lopen",
        ),
        ("a neighbourhood care team", "een wijkzorgteam"),
        (
            "technology that lets people live at home longer",
            "zorgtechnologie om langer thuis te wonen",
        ),
    ),
    "mobility": (
        ("a shared car scheme for a village", "een deelautoproject in een dorp"),
        ("safe cycling routes to school", "veilige fietsroutes naar school"),
        ("a mobility hub at the edge of town", "een mobiliteitshub aan de rand van de stad"),
        ("transport for people without a car", "vervoer voor mensen zonder auto"),
        (
            "fewer commuter cars on the business park",
            "minder forenzenauto's op het bedrijventerrein",
        ),
    ),
    "energy_transition": (
        ("heat pumps in rented homes", "warmtepompen in huurwoningen"),
        ("a neighbourhood battery", "een buurtbatterij"),
        ("solar panels on school roofs", "zonnepanelen op schooldaken"),
        (
            "energy coaches for households with low incomes",
            "energiecoaches voor huishoudens met een laag inkomen",
        ),
        ("a district heating network", "een warmtenet in de wijk"),
    ),
    "housing": (
        ("small homes for young people", "kleine woningen voor starters"),
        ("housing for people leaving care", "woonruimte voor mensen die uit een instelling komen"),
        ("a housing cooperative", "een wooncoöperatie"),
        ("converting empty offices into homes", "leegstaande kantoren ombouwen tot woningen"),
        ("living groups for older people", "woongroepen voor ouderen"),
    ),
    "education": (
        ("internships in small companies", "stageplekken bij kleine bedrijven"),
        ("guest lessons by professionals", "gastlessen door mensen uit de praktijk"),
        (
            "pupils who leave school without a diploma",
            "jongeren die zonder diploma van school gaan",
        ),
        ("a learning community of teachers", "een leergemeenschap van docenten"),
        ("practice-based research with students", "praktijkonderzoek met studenten"),
    ),
    "digitalisation": (
        ("digital skills for older residents", "digitale vaardigheden voor ouderen"),
        ("an open data platform for the region", "een open dataplatform voor de regio"),
        (
            "privacy-friendly sensors in public space",
            "privacyvriendelijke sensoren in de openbare ruimte",
        ),
        (
            "a shared helpdesk for small organisations",
            "een gedeelde helpdesk voor kleine organisaties",
        ),
        ("AI tools in day-to-day work", "AI-hulpmiddelen in het dagelijkse werk"),
    ),
    "labour_market": (
        ("jobs for people with a disability", "banen voor mensen met een arbeidsbeperking"),
        ("retraining technicians", "omscholing tot technicus"),
        ("newcomers finding work", "werk vinden voor nieuwkomers"),
        ("a regional talent pool", "een regionale talentenpool"),
        ("keeping older workers healthy", "gezond doorwerken van oudere medewerkers"),
    ),
    "food": (
        ("a local food market", "een lokale voedselmarkt"),
        ("surplus food from supermarkets", "overgebleven voedsel van supermarkten"),
        ("school gardens", "schooltuinen"),
        ("short supply chains for farmers", "korte ketens voor boeren"),
        ("a community kitchen", "een buurtkeuken"),
    ),
    "circular_economy": (
        ("reusing building materials", "hergebruik van bouwmaterialen"),
        ("a repair café", "een repaircafé"),
        ("collecting used textiles", "het inzamelen van oude textiel"),
        ("circular procurement", "circulair inkopen"),
        ("a materials bank for the region", "een materialenbank voor de regio"),
    ),
    "safety": (
        ("undermining crime in the countryside", "ondermijning op het platteland"),
        ("a neighbourhood watch app", "een buurtpreventie-app"),
        ("young people who drift towards crime", "jongeren die afglijden naar de criminaliteit"),
        ("safety at night in the city centre", "veiligheid in het uitgaansgebied"),
        ("domestic violence signals", "signalen van huiselijk geweld"),
    ),
    "culture": (
        ("an empty church as a cultural venue", "een leegstaande kerk als culturele plek"),
        ("art projects with residents", "kunstprojecten met bewoners"),
        ("a local heritage route", "een erfgoedroute door de gemeente"),
        ("music lessons for every child", "muziekles voor ieder kind"),
        ("a festival run by volunteers", "een festival dat door vrijwilligers draait"),
    ),
    "climate_adaptation": (
        ("greener school yards", "groene schoolpleinen"),
        ("rainwater storage in the street", "regenwateropvang in de straat"),
        ("heat stress in care homes", "hittestress in verpleeghuizen"),
        ("swapping paving for plants in gardens", "het vergroenen van versteende tuinen"),
        ("dry summers on farmland", "droge zomers op het boerenland"),
    ),
}

# (prefix, suffix) around a subject; the same index pairs English and Dutch in spirit only.
ASK_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("Looking for a partner for a pilot on ", ""),
        ("Who has experience with ", "?"),
        ("We want to get to work on ", " and need a hand"),
        ("Searching for figures on ", " in our region"),
        ("Can anyone introduce me to someone working on ", "?"),
        ("We are stuck on ", " and would like to hear how others approach it"),
    ),
    "nl": (
        ("Op zoek naar een partner voor een pilot rond ", ""),
        ("Wie heeft ervaring met ", "?"),
        ("We willen aan de slag met ", " en zoeken hulp"),
        ("Wie heeft cijfers over ", " in onze regio?"),
        ("Wie kan mij in contact brengen met iemand die werkt aan ", "?"),
        ("We lopen vast bij ", " en horen graag hoe anderen dat aanpakken"),
    ),
}

OFFER_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("Happy to share what we learned about ", ""),
        ("You are welcome to visit our project on ", ""),
        ("Happy to spend an hour thinking with you about ", ""),
        ("We have a meeting room and coffee for anyone working on ", ""),
        ("Our students can do a small study on ", ""),
        ("Free to reuse: our project plan on ", ""),
    ),
    "nl": (
        ("Ik deel graag wat we geleerd hebben over ", ""),
        ("Kom gerust kijken bij ons project rond ", ""),
        ("Ik denk een uur mee over ", ""),
        ("Vergaderruimte en koffie voor iedereen die werkt aan ", ""),
        ("Onze studenten kunnen een klein onderzoek doen naar ", ""),
        ("Vrij te gebruiken: ons projectplan over ", ""),
    ),
}

# The three lists of reflection pieces have pairwise coprime lengths (8, 9, 11): see
# netweave.synth.routines.reflections_frame.
REFLECTION_HAPPENED: dict[str, tuple[str, ...]] = {
    "en": (
        "A good turnout, with two people who came for the first time.",
        "Smaller group than usual because of the holidays.",
        "We visited a member's project and walked around the site.",
        "Someone brought a case that everyone recognised.",
        "The conversation kept coming back to money and who pays.",
        "A guest from the municipality joined and listened most of the time.",
        "We started late and the round of introductions took half the time.",
        "Two members discovered they were working on the same problem.",
    ),
    "nl": (
        "Goede opkomst, met twee mensen die voor het eerst kwamen.",
        "Kleinere groep dan anders door de vakantie.",
        "We waren te gast bij het project van een lid en liepen een rondje over het terrein.",
        "Iemand bracht een casus in die iedereen herkende.",
        "Het gesprek kwam steeds terug bij geld en wie er betaalt.",
        "Een gast van de gemeente schoof aan en luisterde vooral.",
        "We begonnen laat en de voorstelronde kostte de helft van de tijd.",
        "Twee leden ontdekten dat ze aan hetzelfde vraagstuk werken.",
    ),
}

REFLECTION_LEARNED: dict[str, tuple[str, ...]] = {
    "en": (
        "We learned that asking 'what are you running into?' opens more than a presentation does.",
        "A concrete question works better than a general update.",
        "People stay longer when there is food.",
        "The newcomers needed someone to walk them round.",
        "Without a clear host the evening drifts.",
        "Small groups of three talk more freely than the full circle.",
        "People who have something to ask are more likely to come back.",
        "A short tour says more than a long presentation.",
        "It helps when someone collects the questions beforehand.",
    ),
    "nl": (
        "We leerden dat de vraag 'waar loop je tegenaan?' meer opent dan een presentatie.",
        "Een concrete vraag werkt beter dan een algemene update.",
        "Mensen blijven langer als er iets te eten is.",
        "Nieuwkomers hadden iemand nodig die ze wegwijs maakte.",
        "Zonder duidelijke gastheer of gastvrouw kabbelt de avond.",
        "In groepjes van drie praten mensen vrijer dan in de hele kring.",
        "Wie iets te vragen heeft, komt eerder terug.",
        "Een korte rondleiding zegt meer dan een lange presentatie.",
        "Het helpt als iemand vooraf de vragen verzamelt.",
    ),
}

REFLECTION_NEXT: dict[str, tuple[str, ...]] = {
    "en": (
        "Next time we try a round of asks and offers at the start.",
        "Next time each regular brings someone new.",
        "Next time we meet at a member's workplace instead of the usual room.",
        "Next time we end with one concrete appointment per person.",
        "Next time we keep the introductions to one minute each.",
        "Next time we invite the alderman for the last half hour.",
        "Next time we ask a member to bring a problem of their own.",
        "Next time we put today's agreements on one page.",
        "Next time we start on time, even if not everyone is there.",
        "Next time we invite someone from a local business.",
        "Next time we end over coffee, without an agenda.",
    ),
    "nl": (
        "Volgende keer beginnen we met een rondje vragen en aanbod.",
        "Volgende keer neemt elke vaste deelnemer iemand nieuw mee.",
        "Volgende keer komen we samen op de werkplek van een lid.",
        "Volgende keer sluiten we af met één concrete afspraak per persoon.",
        "Volgende keer houden we de voorstelronde op één minuut per persoon.",
        "Volgende keer nodigen we de wethouder uit voor het laatste halfuur.",
        "Volgende keer vragen we een lid om een eigen vraagstuk mee te nemen.",
        "Volgende keer zetten we de afspraken van vandaag op één A4.",
        "Volgende keer beginnen we op tijd, ook als niet iedereen er is.",
        "Volgende keer nodigen we iemand van een bedrijf uit de buurt uit.",
        "Volgende keer sluiten we af bij de koffie, zonder agenda.",
    ),
}

ROUTINE_NAMES: dict[str, tuple[str, ...]] = {
    "meetup": (
        "Netwerkontbijt",
        "Inspiratiesessie",
        "Werkbezoek",
        "Netwerkborrel",
        "Thematafel",
    ),
    "intervision": ("Intervisiekring", "Leerkring", "Casustafel"),
    "random_coffee": ("Koffieroulette", "Koffie met een onbekende", "Wandelgesprek"),
}

INITIATIVE_NAMES: dict[str, tuple[str, ...]] = {
    "care": ("Zorgzame buurt", "Mantelzorgcafé", "Samen thuis"),
    "mobility": ("Deelauto", "Fietsstraat", "Buurtbus"),
    "energy_transition": ("Buurtbatterij", "Zon op school", "Energiecoaches"),
    "housing": ("Tiny houses", "Knarrenhof", "Kantoor wordt thuis"),
    "education": ("Leerwerkplaats", "Techniek op school", "Zomerschool"),
    "digitalisation": ("Digicafé", "Open data", "Slimme straat"),
    "labour_market": ("Werkt voor iedereen", "Talentenpool", "Vakmanschap"),
    "food": ("Voedselbos", "Buurtkeuken", "Boerenmarkt"),
    "circular_economy": ("Repair café", "Materialenbank", "Tweede leven"),
    "safety": ("Veilig uitgaan", "Buurtpreventie", "Wijkagent en jongeren"),
    "culture": ("Kerk als podium", "Kunst in de wijk", "Erfgoedroute"),
    "climate_adaptation": ("Groene schoolpleinen", "Regenton", "Operatie steenbreek"),
}


# fmt: off
class Region(NamedTuple):
    """A Dutch region a generated network sits in: every organisation is in one of its cities
    (the first ones the biggest), its neighbourhoods and its province."""

    name: str
    province: str
    cities: tuple[str, ...]
    neighbourhoods: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "IJsselland", "Overijssel",
        ("Zwolle", "Deventer", "Kampen", "Raalte", "Hardenberg", "Ommen", "Dalfsen", "Olst"),
        ("Assendorp", "Stadshagen", "Holtenbroek", "Diezerpoort", "Colmschate", "Brunnepe"),
    ),
    Region(
        "Twente", "Overijssel",
        ("Enschede", "Hengelo", "Almelo", "Oldenzaal", "Borne", "Haaksbergen", "Rijssen", "Losser"),
        ("Roombeek", "Velve-Lindenhof", "Twekkelerveld", "Hasseler Es", "Nijrees", "De Riet"),
    ),
    Region(
        "Gelderland-Midden", "Gelderland",
        ("Arnhem", "Ede", "Wageningen", "Renkum", "Rheden", "Zevenaar", "Duiven", "Westervoort"),
        ("Malburgen", "Presikhaaf", "Klarendal", "Geitenkamp", "Veldhuizen", "Het Broek"),
    ),
    Region(
        "Rivierenland", "Gelderland",
        ("Tiel", "Culemborg", "Geldermalsen", "Zaltbommel", "Buren", "Beesd", "Kesteren"),
        ("Passewaaij", "Terweijde", "Oosterwei", "Goilberdingen", "Hoge Hof", "Kapel"),
    ),
    Region(
        "Utrecht-Midden", "Utrecht",
        ("Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Houten", "IJsselstein", "Woerden"),
        ("Kanaleneiland", "Lombok", "Overvecht", "Leidsche Rijn", "Soesterkwartier", "Batau"),
    ),
    Region(
        "Hollands Midden", "Zuid-Holland",
        ("Leiden", "Alphen aan den Rijn", "Gouda", "Katwijk", "Leiderdorp", "Waddinxveen"),
        ("Merenwijk", "Stevenshof", "De Kooi", "Korte Akkeren", "Kerk en Zanen", "Ridderveld"),
    ),
    Region(
        "Fryslân", "Friesland",
        ("Leeuwarden", "Sneek", "Drachten", "Heerenveen", "Harlingen", "Franeker", "Dokkum"),
        ("Heechterp", "Camminghaburen", "Bilgaard", "Oud-Oost", "De Wâlden", "Noorderhoek"),
    ),
    Region(
        "Hart van Brabant", "Noord-Brabant",
        ("Tilburg", "Waalwijk", "Oisterwijk", "Dongen", "Goirle", "Loon op Zand", "Hilvarenbeek"),
        ("Reeshof", "Groenewoud", "Korvel", "Stokhasselt", "Besterd", "Jeruzalem"),
    ),
)

# Organisation name patterns per sector. "{c}" is a city, "{n}" a neighbourhood, "{w}" a word.
ORGANISATION_PATTERNS: dict[str, tuple[str, ...]] = {
    "knowledge": (
        "Hogeschool {c}", "Lectoraat {w}", "Kenniscentrum {w}", "ROC {c}",
        "Universiteit {c}", "Onderzoeksinstituut {w}", "Praktijkcentrum {w} {c}",
    ),
    "business": (
        "{s} Installatietechniek", "{s} & Partners", "{w}werk B.V.", "{s} Bouw",
        "Adviesbureau {s}", "{c} Logistiek", "{w}lab", "{s} Groen", "Drukkerij {s}",
        "{c} Data", "Bakkerij {s}", "{s} Zorgtechniek",
    ),
    "government": (
        "Gemeente {c}", "Provincie {p}", "Waterschap {r}", "GGD {r}", "Omgevingsdienst {r}",
        "Veiligheidsregio {r}", "UWV {c}",
    ),
    "civil_society": (
        "Stichting {w} {c}", "Welzijn {c}", "Woonstichting {w}", "Bibliotheek {c}",
        "Vereniging {w}", "Zorggroep {w}", "Sportservice {c}", "Vluchtelingenwerk {c}",
    ),
    "citizens": (
        "Energiecoöperatie {c}", "Buurtinitiatief {n}", "Bewonersgroep {n}", "Repair Café {c}",
        "Voedselbos {n}", "Dorpsraad {c}", "Zorgcoöperatie {c}",
    ),
}

ORGANISATION_WORDS: tuple[str, ...] = (
    "De Brug", "Het Anker", "Samen", "Noorderlicht", "De Kern", "Perspectief", "Horizon",
    "Groen", "Vitaal", "De Schakel", "Wijkkracht", "Talent", "Duurzaam", "Verbinding",
    "Buurtkracht", "De Linde", "Het Kompas", "Zonnewende", "Maakkracht", "Dijkzicht",
)

DUTCH_FIRST_NAMES: tuple[str, ...] = (
    "Anne", "Sanne", "Lotte", "Femke", "Marieke", "Inge", "Esther", "Ilse", "Nienke", "Saskia",
    "Marloes", "Willemijn", "Joke", "Annemarie", "Petra", "Hanneke", "Ellen", "Mirjam", "Karin",
    "Fleur", "Noor", "Eva", "Yasmina", "Fatima", "Naima", "Priya", "Ayşe", "Bram", "Daan",
    "Thijs", "Joost", "Maarten", "Pieter", "Jeroen", "Wouter", "Ruud", "Sjoerd", "Koen",
    "Bas", "Hans", "Gert-Jan", "Erik", "Niels", "Tim", "Jan", "Mohamed", "Youssef", "Mehmet",
    "Stefan", "Rik", "Frank", "Henk", "Gerrit", "Jelle", "Wim", "Arjen", "Marco", "Dennis",
)

DUTCH_LAST_NAMES: tuple[str, ...] = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "Prins", "Blom", "Huisman", "Peeters", "El Amrani", "Yilmaz", "Bouali",
    "Kaya", "Nijenhuis", "Oosterhuis", "Wolters", "Postma", "Kuipers", "Veenstra",
)

INTERNATIONAL_FIRST_NAMES: tuple[str, ...] = (
    "Emma", "Olivia", "Sofia", "Maria", "Elena", "Laura", "Hannah", "Grace", "Aisha", "Mei",
    "Ana", "Julia", "James", "Daniel", "Lukas", "Mateo", "Omar", "Arjun", "David", "Thomas",
    "Tomasz", "Marek", "Ahmed", "Chen", "Samuel", "Felix",
)

INTERNATIONAL_LAST_NAMES: tuple[str, ...] = (
    "Smith", "Müller", "García", "Rossi", "Kowalski", "Novák", "Nguyen", "Silva", "O'Brien",
    "Schmidt", "Ferreira", "Andersson", "Nowak", "Popescu", "Murphy", "Fischer", "Khan",
    "Wang", "Costa", "Papadopoulos",
)

# fmt: on

CHARTER_PURPOSES: tuple[tuple[str, str], ...] = (
    (
        "{name} brings together people from knowledge institutions, companies, government, "
        "civil society and residents who want to make progress on {themes}. What none of us "
        "can solve alone, we try together.",
        "{name} brengt mensen samen uit kennisinstellingen, bedrijven, overheid, "
        "maatschappelijke organisaties en bewoners die verder willen komen met {themes}. Wat "
        "niemand alleen oplost, pakken we samen op.",
    ),
    (
        "{name} is where professionals in the region meet, help each other and start new "
        "work on {themes} - across the walls of their own organisations.",
        "{name} is de plek waar professionals in de regio elkaar ontmoeten, elkaar helpen en "
        "samen nieuw werk beginnen rond {themes} - over de muren van hun eigen organisatie heen.",
    ),
)

CHARTER_VALUES: tuple[tuple[str, str], ...] = (
    ("Give first", "Eerst geven, dan nemen"),
    ("Curiosity about the other", "Nieuwsgierig naar de ander"),
    ("Trust is earned in small steps", "Vertrouwen groeit in kleine stappen"),
    ("Doing beats talking", "Doen gaat voor praten"),
    ("Everyone brings something", "Iedereen brengt iets mee"),
    ("Open about what goes wrong", "Open over wat misgaat"),
    ("Half inward, half outward", "Half naar binnen, half naar buiten"),
    ("Residents at the table from the start", "Bewoners vanaf het begin aan tafel"),
)

CHARTER_RULES: tuple[tuple[str, str], ...] = (
    (
        "Bring a question or an offer to every meeting.",
        "Neem naar elke bijeenkomst een vraag of een aanbod mee.",
    ),
    (
        "If you are introduced, reply within a week.",
        "Word je voorgesteld, reageer dan binnen een week.",
    ),
    (
        "What is shared in an intervision circle stays there.",
        "Wat in een intervisiekring gedeeld wordt, blijft daar.",
    ),
    (
        "No sales pitches; helping first is how business follows.",
        "Geen verkooppraatjes; wie eerst helpt, krijgt er later werk voor terug.",
    ),
    (
        "Every routine has a host who keeps it going.",
        "Elke routine heeft een gastheer of gastvrouw die haar gaande houdt.",
    ),
    (
        "Once a year we look back together: what did we do for each other?",
        "Eén keer per jaar kijken we samen terug: wat hebben we voor elkaar gedaan?",
    ),
    (
        "Log what you did with whom, so that the network can see itself.",
        "Leg vast wat je met wie deed, zodat het netwerk zichzelf kan zien.",
    ),
    (
        "Leaving is fine; say goodbye and hand over what you carried.",
        "Vertrekken mag; neem afscheid en draag over wat je droeg.",
    ),
)

NETWORK_NAME_PATTERNS: tuple[str, ...] = (
    "Netwerk {t} {r}",
    "Kracht van {r}",
    "Samen {r}",
    "{r} Verbindt",
    "Platform {t} {r}",
)
