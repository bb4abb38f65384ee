"""Organisations, members, asks and offers from a table; matched to what the network has.

These tables are small (thousands of rows), so rows become model instances one by one after
the column checks. Each row has a natural key, so importing a file again changes nothing:
an organisation is its name (as a slug), a member their e-mail address or, in a list kept
without addresses, their full name; an ask or offer its member and text. A known member or
organisation is updated only where the file differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

import polars as pl
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netweave.interop.importing import columns, values
from netweave.interop.importing.columns import LANGUAGES, SECTORS, ImportKind
from netweave.interop.importing.interactions import match_people, people_keys
from netweave.interop.importing.outcome import Tally
from netweave.interop.importing.problems import Problems
from netweave.interop.importing.source import Sheet
from netweave.ledger.models import Ask, Listing, Offer
from netweave.networks.models import Network, Organisation, Person, Theme

# Deliberately loose: the address must look like one; whether it works is the member's affair.
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
THEME_SEPARATORS = re.compile(r"[;,|]")


def import_organisations(
    network: Network, sheet: Sheet, fields: dict[str, str], problems: Problems, tally: Tally
) -> None:
    frame = sheet.frame
    names = values.required(frame, fields["name"], problems)
    sectors = values.choices(frame, fields["sector"], SECTORS, problems)
    cities = values.cells(frame, fields.get("city"))
    _report_duplicates(
        frame, names.map_elements(slugify, return_dtype=pl.String), fields["name"], problems
    )
    problems.raise_if_any()
    known = {o.slug: o for o in Organisation.objects.filter(network=network)}
    for name, sector, city in zip(names, sectors, cities, strict=True):
        _organisation_save(
            network, known, name, sector, city if fields.get("city") else None, tally
        )


def _organisation_save(
    network: Network,
    known: dict[str, Organisation],
    name: str,
    sector: str,
    city: str | None,
    tally: Tally,
) -> Organisation:
    slug = slugify(name)[:100]
    organisation = known.get(slug)
    if organisation is None:
        organisation = Organisation(
            network=network, name=name, slug=slug, sector=sector, city=city or ""
        )
        organisation.full_clean()
        organisation.save()
        known[slug] = organisation
        tally.created["organisations"] += 1
        return organisation
    wanted = {"name": name, "sector": sector} | ({"city": city} if city is not None else {})
    _update(organisation, wanted, "organisations", tally)
    return organisation


def _update(
    instance: Organisation | Person, wanted: Mapping[str, object], label: str, tally: Tally
) -> None:
    differs = {name: value for name, value in wanted.items() if getattr(instance, name) != value}
    if not differs:
        tally.unchanged[label] += 1
        return
    for name, value in differs.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save(update_fields=list(differs))
    tally.updated[label] += 1


def _report_duplicates(
    frame: pl.DataFrame, keys: pl.Series, header: str, problems: Problems
) -> None:
    values.report(
        frame,
        keys.is_duplicated() & (keys != ""),
        header,
        _("'%(value)s' appears in another row too"),
        problems,
    )


def import_members(
    network: Network,
    sheet: Sheet,
    fields: dict[str, str],
    problems: Problems,
    tally: Tally,
    today: date,
) -> None:
    frame = sheet.frame
    emails = values.normalised(values.cells(frame, fields.get("email")))
    if "email" in fields:  # a list kept without addresses has no such column
        values.report(
            frame,
            (emails != "") & ~emails.str.contains(EMAIL),
            fields["email"],
            _("'%(value)s' is not an e-mail address"),
            problems,
        )
        _report_duplicates(frame, emails, fields["email"], problems)
    first, last = _names(frame, fields, problems)
    people = _Members(network)
    # A row without an address is known by its name: two such rows of one name would be one
    # member, and a name two members share names neither.
    names = pl.Series(
        [
            columns.normalise(f"{a} {b}") if not email else ""
            for a, b, email in zip(first, last, emails, strict=True)
        ],
        dtype=pl.String,
    )
    name_header = fields.get("name") or fields["last_name"]
    _report_duplicates(frame, names, name_header, problems)
    values.report(
        frame,
        names.map_elements(people.shared, return_dtype=pl.Boolean),
        name_header,
        _("more than one member is called '%(value)s': use their e-mail address"),
        problems,
    )
    joined = values.dates(frame, fields.get("joined_on"), problems, required=False)
    languages = values.choices(
        frame, fields.get("language"), LANGUAGES, problems, default=network.language
    )
    sectors = values.choices(frame, fields.get("sector"), SECTORS, problems, default="")
    organisations = values.cells(frame, fields.get("organisation"))
    known = {o.slug: o for o in Organisation.objects.filter(network=network)}
    unknown = (
        (organisations != "")
        & (sectors == "")
        & ~organisations.map_elements(
            lambda name: slugify(name)[:100] in known, return_dtype=pl.Boolean
        )
    )
    values.report(
        frame,
        unknown,
        fields.get("organisation", ""),
        _(
            "'%(value)s' is not an organisation of this network;"
            " give its sector in a 'Sector' column"
        ),
        problems,
    )
    problems.raise_if_any()
    themes = _Themes(network, tally)
    rows = zip(
        emails, first, last, joined, languages, organisations, sectors,
        values.cells(frame, fields.get("themes")),
        values.cells(frame, fields.get("ask")),
        values.cells(frame, fields.get("offer")),
        strict=True,
    )  # fmt: skip
    for (
        email,
        first_name,
        last_name,
        joined_on,
        language,
        org_name,
        sector,
        theme_text,
        ask,
        offer,
    ) in rows:
        organisation = None
        if org_name:
            slug = slugify(org_name)[:100]
            organisation = known.get(slug) or _organisation_save(
                network, known, org_name, sector, None, tally
            )
        wanted = {
            "first_name": first_name,
            "last_name": last_name,
            "organisation": organisation if org_name else None,
            "language": language,
        }
        if not fields.get("organisation"):
            del wanted["organisation"]
        person = people.find(email, f"{first_name} {last_name}")
        if person is None:
            person = Person(network=network, email=email, joined_on=joined_on or today, **wanted)
            person.full_clean()
            person.save()
            people.add(person)
            tally.created["members"] += 1
        else:
            if joined_on is not None:
                wanted["joined_on"] = joined_on
            if email:
                wanted["email"] = email
            _update(person, wanted, "members", tally)
        themes.add_to(person, _split(theme_text))
        _listing_save(Ask, network, person, ask, None, language, today, tally)
        _listing_save(Offer, network, person, offer, None, language, today, tally)


class _Members:
    """The network's members by e-mail address and by full name (normalised)."""

    def __init__(self, network: Network) -> None:
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = {}
        for person in Person.objects.filter(network=network):
            self.add(person)

    def add(self, person: Person) -> None:
        if person.email:
            self.by_email[person.email.lower()] = person
        self.by_name.setdefault(columns.normalise(str(person)), []).append(person)

    def shared(self, name: str) -> bool:
        return len(self.by_name.get(name, ())) > 1

    def find(self, email: str, name: str) -> Person | None:
        """The member with ``email``; else the only member called ``name`` who has no
        address yet (a list kept without addresses, imported again with them), or, for a row
        without an address, the only member so called."""
        if email in self.by_email:
            return self.by_email[email]
        named = self.by_name.get(columns.normalise(name), [])
        if len(named) == 1 and not (email and named[0].email):
            return named[0]
        return None


def _names(
    frame: pl.DataFrame, fields: dict[str, str], problems: Problems
) -> tuple[list[str], list[str]]:
    """First and last names, from two columns or from one 'Naam' split at its first space."""
    if "last_name" in fields:
        first = values.cells(frame, fields.get("first_name"))
        return list(first), list(values.required(frame, fields["last_name"], problems))
    full = values.required(frame, fields["name"], problems)
    split = [name.split(" ", 1) if " " in name else ["", name] for name in full]
    return [parts[0] for parts in split], [parts[1] for parts in split]


def _split(text: str) -> list[str]:
    return [part.strip() for part in THEME_SEPARATORS.split(text) if part.strip()]


class _Themes:
    """Themes by slug or by either name; a theme the network lacks is made (and told)."""

    def __init__(self, network: Network, tally: Tally) -> None:
        self.network = network
        self.tally = tally
        self.known: dict[str, Theme] = {}
        for theme in Theme.objects.filter(network=network):
            for key in (theme.slug, theme.name_en.casefold(), theme.name_nl.casefold()):
                self.known.setdefault(key, theme)

    def get(self, name: str) -> Theme:
        theme = self.known.get(name.casefold()) or self.known.get(slugify(name))
        if theme is None:
            theme = Theme(
                network=self.network, slug=slugify(name)[:100], name_en=name, name_nl=name
            )
            theme.full_clean()
            theme.save()
            self.known[theme.slug] = self.known[name.casefold()] = theme
            self.tally.created["themes"] += 1
        return theme

    def add_to(self, person: Person, names: Iterable[str]) -> None:
        wanted = {self.get(name) for name in names}
        missing = wanted - set(person.themes.all()) if wanted else set()
        if missing:
            person.themes.add(*missing)


def import_listings(
    network: Network,
    kind: ImportKind,
    sheet: Sheet,
    fields: dict[str, str],
    problems: Problems,
    tally: Tally,
    today: date,
) -> None:
    """Asks or offers: a member (by e-mail or unique name), a text, maybe a theme and a date."""
    model: type[Listing] = Ask if kind == ImportKind.ASKS else Offer
    frame = sheet.frame
    text_header = fields.get("text") or fields[kind.value[:-1]]
    member = fields.get("email") or fields["name"]  # either names the member (match_people)
    persons = match_people(frame, member, people_keys(network), problems)
    texts = values.required(frame, text_header, problems)
    created = values.dates(frame, fields.get("date"), problems, required=False)
    languages = values.choices(
        frame, fields.get("language"), LANGUAGES, problems, default=network.language
    )
    problems.raise_if_any()
    themes = _Themes(network, tally)
    people = Person.objects.in_bulk(persons.drop_nulls().unique().to_list())
    theme_names = values.cells(frame, fields.get("theme"))
    for pk, text, on, language, theme in zip(
        persons, texts, created, languages, theme_names, strict=True
    ):
        _listing_save(
            model,
            network,
            people[pk],
            text,
            themes.get(theme) if theme else None,
            language,
            on or today,
            tally,
        )


def _listing_save(
    model: type[Listing],
    network: Network,
    person: Person,
    text: str,
    theme: Theme | None,
    language: str,
    on: date,
    tally: Tally,
) -> None:
    label = str(model._meta.verbose_name_plural)
    if not text:
        return
    if model._default_manager.filter(network=network, person=person, text=text).exists():
        tally.unchanged[label] += 1
        return
    listing = model(
        network=network, person=person, text=text, theme=theme, language=language, created_on=on
    )
    listing.full_clean()
    listing.save()
    tally.created[label] += 1
