"""Each recommendation rule on a network made by hand, where the advice and its tally can be
counted on one's fingers: a tally off by one, a rule turned around or a sentence that gives other
numbers than its tally fails here. No database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.utils import translation

from netweave.insights import NetworkTables, Period, analyse
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS
from netweave.reports.document import Recommendation
from netweave.reports.sections.context import sector_label
from netweave.reports.sections.recommendations import recommendations

YEAR = 2025
DECEMBER = date(YEAR, 12, 10)
SECTOR = {"k": "knowledge", "b": "business", "g": "government", "c": "civil_society"}


@dataclass(frozen=True)
class Contact:
    """One interaction of a hand-made network: ``a`` met (or, for help, helped) ``b`` ``on`` a
    day, with the default weight of its kind."""

    a: int
    b: int
    on: date = DECEMBER
    kind: str = "meeting"
    purpose: str = "network"

    def row(self) -> tuple[object, ...]:
        """The interaction as a row of the interactions table (help is directed: a gave)."""
        directed = self.kind == "help"
        weight = DEFAULT_KIND_WEIGHTS[self.kind]
        return (self.a, self.b, self.on, self.kind, directed, self.purpose, "logged", weight)


def _help(giver: int, receiver: int, times: int) -> list[Contact]:
    return [Contact(giver, receiver, kind="help")] * times


def _advice(
    people: str,
    ties: list[tuple[int, int]],
    *,
    last_year: list[tuple[int, int]] = (),
    themes: dict[str, str] | None = None,
    occurrences: list[tuple[int, bool]] = (),
    introductions: list[str] = (),
    contacts: list[Contact] = (),
    colleagues: Mapping[int, int] | None = None,
) -> dict[str, Recommendation]:
    """The advice for ``YEAR`` of a network whose person ``n`` (from 1) is of the sector
    ``people[n - 1]`` (k, b, g, c) and an organisation of their own, with meetings in December
    of the year (``ties``) and of the year before (``last_year``); ``themes``: theme → the
    people (as digits) working on it; ``occurrences``: (routine, held) in June; ``introductions``:
    statuses of introductions suggested in March between persons 1 and 2; ``contacts``: further
    interactions of any day, kind and purpose; ``colleagues``: person → a person whose
    organisation they belong to instead of one of their own."""
    n = len(people)
    employer = [(colleagues or {}).get(p, p) for p in range(1, n + 1)]
    own = sorted(set(employer))
    organisations = pl.DataFrame(
        {
            "organisation_id": own,
            "name": [f"Org {i}" for i in own],
            "sector": [SECTOR[people[i - 1]] for i in own],
        }
    )
    members = pl.DataFrame(
        {
            "person_id": list(range(1, n + 1)),
            "organisation_id": employer,
            "sector": [SECTOR[people[e - 1]] for e in employer],
            "joined": [date(YEAR - 2, 1, 1)] * n,
            "left": [None] * n,
        },
        schema_overrides={"left": pl.Date},
    )
    meetings = [Contact(a, b) for a, b in ties]
    meetings += [Contact(a, b, date(YEAR - 1, 12, 10)) for a, b in last_year]
    interactions = pl.DataFrame(
        [c.row() for c in [*meetings, *contacts]],
        schema=["a", "b", "on", "kind", "directed", "purpose", "source", "weight"],
        orient="row",
    )
    member_themes = pl.DataFrame(
        [(int(p), theme) for theme, who in (themes or {}).items() for p in who],
        schema={"person_id": pl.Int64, "theme": pl.String},
        orient="row",
    )
    occurrence_rows = pl.DataFrame(
        [(i, routine, date(YEAR, 6, 1 + i), held) for i, (routine, held) in enumerate(occurrences)],
        schema={
            "occurrence_id": pl.Int64,
            "routine_id": pl.Int64,
            "on": pl.Date,
            "held": pl.Boolean,
        },
        orient="row",
    )
    introduction_rows = pl.DataFrame(
        [(i, 3, 1, 2, date(YEAR, 3, 1), status, None) for i, status in enumerate(introductions)],
        schema={
            "introduction_id": pl.Int64,
            "introducer_id": pl.Int64,
            "a": pl.Int64,
            "b": pl.Int64,
            "suggested_on": pl.Date,
            "status": pl.String,
            "met_on": pl.Date,
        },
        orient="row",
    )
    tables = NetworkTables.build(
        organisations=organisations,
        members=members,
        interactions=interactions,
        member_themes=member_themes,
        occurrences=occurrence_rows,
        attendance=pl.DataFrame(schema={"occurrence_id": pl.Int64, "person_id": pl.Int64}),
        introductions=introduction_rows,
    )
    with translation.override("en"):
        advice = recommendations(
            current=analyse(tables, Period.year(YEAR)),
            previous=analyse(tables, Period.year(YEAR - 1)),
            organisations=dict(organisations.select("organisation_id", "name").iter_rows()),
            routine_names={1: "Koffie", 2: "Lunch", 3: "Excursie"},
            sector_label=sector_label,
            theme_label=str.capitalize,
        )
    return {r.code: r for r in advice}


def _tally(advice: Recommendation) -> dict[str, float | None]:
    return {f.name.split(".")[-1]: f.current for f in advice.figures}


RING = [(1, 2), (2, 3), (3, 4), (4, 1)]
"""Four people in a ring: nobody's departure splits it."""


def test_a_missing_link_between_two_sectors_is_named_once():
    # Knowledge–business and business–government are linked, knowledge–government is not.
    advice = _advice("kbg", [(1, 2), (2, 3)])
    gaps = advice["sector_gaps"]
    assert _tally(gaps) == {"pairs": 1}
    assert "Government – Knowledge" in gaps.text
    assert "sector_gaps" not in _advice("kbg", [(1, 2), (2, 3), (1, 3)])


def test_a_theme_with_all_three_sectors_but_a_missing_link_is_an_open_triangle():
    themes = {"energie": "123", "zorg": "456", "water": "12"}
    # Energie: k–b and b–g but not k–g (open); zorg: all three linked; water: no government.
    advice = _advice("kbgkbg", [(1, 2), (2, 3), (4, 5), (5, 6), (4, 6)], themes=themes)
    triangle = advice["golden_triangle"]
    assert _tally(triangle) == {"open_themes": 1}
    assert "Energie" in triangle.text and "Zorg" not in triangle.text
    closed = _advice("kbg", [(1, 2), (2, 3), (1, 3)], themes={"energie": "123"})
    assert "golden_triangle" not in closed


def test_only_routines_that_held_too_few_of_two_or_more_planned_meetings_falter():
    occurrences = [(1, True), (1, False), (1, False), (1, False)]  # 1 of 4: faltering
    occurrences += [(2, True), (2, True), (2, True), (2, False)]  # 3 of 4 = 75%: not below
    occurrences += [(3, False)]  # one planned: too few to tell
    advice = _advice("kb", RING[:1], occurrences=occurrences)
    routines = advice["routines"]
    assert _tally(routines) == {"faltering": 1}
    assert routines.text.startswith("Koffie held fewer")
    assert "routines" not in _advice("kb", RING[:1], occurrences=occurrences[4:])


def test_key_players_are_those_whose_departure_splits_the_network():
    path = _advice("kbgc", [(1, 2), (2, 3), (3, 4)])  # 2 and 3 each split the path
    assert _tally(path["key_players"]) == {"count": 2}
    assert path["key_players"].text.startswith("2 people hold parts of the network together")
    assert "key_players" not in _advice("kbgc", RING)


def test_renewal_fires_only_when_more_ties_lapsed_than_were_made():
    # Last year a triangle 1–2–3; this year 1–2 is kept, 1–4 is new, 1–3 and 2–3 lapsed.
    advice = _advice("kbgc", [(1, 2), (1, 4)], last_year=[(1, 2), (1, 3), (2, 3)])
    assert _tally(advice["renewal"]) == {"lapsed_ties": 2, "new_ties": 1}
    assert advice["renewal"].text.startswith("2 ties of last year lapsed and 1 new")
    more_new = _advice("kbgc", [(1, 2), (1, 4), (3, 4), (2, 4)], last_year=[(1, 2), (1, 3)])
    assert "renewal" not in more_new


def test_follow_up_fires_when_fewer_than_half_of_the_accepted_met():
    statuses = ["accepted", "accepted", "accepted", "met"]  # 1 of 4 accepted met
    advice = _advice("kbg", RING[:2], introductions=statuses)
    assert _tally(advice["follow_up"]) == {"accepted": 4, "met": 1}
    assert advice["follow_up"].text.startswith("Of 4 accepted introductions only 1 led to a")
    half = _advice("kbg", RING[:2], introductions=["accepted", "met"])  # 1 of 2: not fewer
    assert "follow_up" not in half


def test_too_few_introductions_for_the_size_of_the_network():
    # 20 members: one introduction per 10 members is two.
    people = "kbgc" * 5
    one = _advice(people, RING, introductions=["suggested"])
    assert _tally(one["introductions"]) == {"made": 1}
    assert one["introductions"].text.startswith("1 introduction")
    assert "in a network of 20 members." in one["introductions"].text
    assert "introductions" not in _advice(people, RING, introductions=["suggested"] * 2)


def test_cooling_counts_ties_that_lost_half_their_warmth_and_fell_silent():
    # Warmth is measured on 31 December; a meeting weighs 1 and halves every 90 days.
    still_warm = [
        Contact(1, 3),  # 21 days ago: 0.85, warm
        Contact(2, 4, date(YEAR - 2, 12, 10)),  # peak within the last 365 days is 0.05: cold
        # Four meetings in June (peak 4), one on 1 December: 1.57 now, below half of the
        # peak, but 30 days silent is not 60: warm, not cooling.
        *[Contact(2, 3, date(YEAR, 6, 1))] * 4,
        Contact(2, 3, date(YEAR, 12, 1)),
    ]
    cooled = [
        Contact(1, 2, date(YEAR, 7, 1)),  # peak 1, now 0.24, silent 183 days: cooling
        Contact(3, 4, date(YEAR, 3, 1)),  # peak 1, now 0.10, silent 305 days: cooling
        # Warm at the start (0.93 on 31 December the year before), 0.06 now: cooling, and the
        # one of the three that the tie flow shows.
        Contact(1, 4, date(YEAR - 1, 12, 20)),
    ]
    advice = _advice("kbgc", [], contacts=still_warm + cooled)
    cooling = advice["cooling"]
    assert _tally(cooling) == {"cooling_ties": 3}
    # The count reconciles with the tie flow: one warm at the start, two warm only later.
    assert cooling.text.startswith(
        "3 ties were cooling on 31 December 2025: 1 of them warm at the start of the year "
        "(the tie flow of “The year in numbers”), 2 warm only later."
    )
    assert "cooling" not in _advice("kbgc", [], contacts=still_warm)


def test_imbalance_counts_organisations_that_mostly_give_or_mostly_take():
    contacts = _help(1, 2, 8) + _help(1, 3, 2) + _help(3, 4, 3) + _help(2, 4, 6) + _help(4, 2, 1)
    # Org 1 gave 10, received 0: balance 1.0 over 10, mostly gives.
    # Org 2 gave 6, received 8 + 1 = 9: balance 0.4, balanced.
    # Org 3 gave 3, received 2: 5 is too little to judge.
    # Org 4 gave 1, received 3 + 6 = 9: balance 0.1 over 10, mostly takes.
    # Person 1 also helps colleague 5 ten times: 5 and 1 are imbalanced members (three in
    # all, with 4), but help within Org 1 changes nothing for the organisations.
    contacts += _help(1, 5, 10)
    imbalance = _advice("kbgck", [], contacts=contacts, colleagues={5: 1})["imbalance"]
    assert _tally(imbalance) == {"imbalanced_organisations": 2}
    assert "mostly received: Org 4; mostly gave: Org 1." in imbalance.text
    # 9 given and 3 received: balances of exactly 75% and 25% are not beyond the bounds.
    at_the_bounds = _advice("kb", [], contacts=_help(1, 2, 9) + _help(2, 1, 3))
    assert "imbalance" not in at_the_bounds
    # Help within one organisation is not given to others: person 3 works for Org 1.
    within = _advice("kbk", [], contacts=_help(1, 3, 10), colleagues={3: 1})
    assert "imbalance" not in within


def _effort(network: int, outside: int) -> list[Contact]:
    """``network`` meetings building the network and ``outside`` serving the world outside."""
    return [Contact(1, 2)] * network + [Contact(1, 2, purpose="outside")] * outside


def test_orientation_fires_outside_the_band_of_30_to_70_percent_inward():
    inward = _advice("kb", [], contacts=_effort(8, 2))["orientation"]  # 8 of 10 inward
    assert _tally(inward) == {"network_share": 0.8}
    assert inward.title == "Turn outward"
    assert inward.text.startswith("80% of the effort")
    outward = _advice("kb", [], contacts=_effort(1, 3))["orientation"]  # 1 of 4 inward
    assert _tally(outward) == {"network_share": 0.25}
    assert outward.title == "Invest in the network itself"
    assert outward.text.startswith("Only 25% of the effort")
    for network, outside in ((3, 7), (1, 1), (7, 3)):  # 30%, 50%, 70%: inside the band
        assert "orientation" not in _advice("kb", [], contacts=_effort(network, outside))
