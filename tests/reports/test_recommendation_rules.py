"""Each recommendation rule on a network made by hand, where the advice and its tally can be
counted on one's fingers: a tally off by one or a rule turned around fails here. No database."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.utils import translation

from netweave.insights import NetworkTables, Period, analyse
from netweave.reports.document import Recommendation
from netweave.reports.sections.context import sector_label
from netweave.reports.sections.recommendations import recommendations

YEAR = 2025
DECEMBER = date(YEAR, 12, 10)
SECTOR = {"k": "knowledge", "b": "business", "g": "government", "c": "civil_society"}


def _advice(
    people: str,
    ties: list[tuple[int, int]],
    *,
    last_year: list[tuple[int, int]] = (),
    themes: dict[str, str] | None = None,
    occurrences: list[tuple[int, bool]] = (),
    introductions: list[str] = (),
) -> dict[str, Recommendation]:
    """The advice for ``YEAR`` of a network whose person ``n`` (from 1) is of the sector
    ``people[n - 1]`` (k, b, g, c) and an organisation of their own, with meetings in December
    of the year (``ties``) and of the year before (``last_year``); ``themes``: theme → the
    people (as digits) working on it; ``occurrences``: (routine, held) in June; ``introductions``:
    statuses of introductions suggested in March between persons 1 and 2."""
    n = len(people)
    organisations = pl.DataFrame(
        {
            "organisation_id": list(range(1, n + 1)),
            "name": [f"Org {i}" for i in range(1, n + 1)],
            "sector": [SECTOR[s] for s in people],
        }
    )
    members = pl.DataFrame(
        {
            "person_id": list(range(1, n + 1)),
            "organisation_id": list(range(1, n + 1)),
            "sector": [SECTOR[s] for s in people],
            "joined": [date(YEAR - 2, 1, 1)] * n,
            "left": [None] * n,
        },
        schema_overrides={"left": pl.Date},
    )
    meetings = [(a, b, DECEMBER) for a, b in ties]
    meetings += [(a, b, date(YEAR - 1, 12, 10)) for a, b in last_year]
    interactions = pl.DataFrame(
        [(a, b, on, "meeting", False, "network", "logged", 1.0) for a, b, on in meetings],
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
    assert "key_players" not in _advice("kbgc", RING)


def test_renewal_fires_only_when_more_ties_lapsed_than_were_made():
    # Last year a triangle 1–2–3; this year 1–2 is kept, 1–4 is new, 1–3 and 2–3 lapsed.
    advice = _advice("kbgc", [(1, 2), (1, 4)], last_year=[(1, 2), (1, 3), (2, 3)])
    assert _tally(advice["renewal"]) == {"lapsed_ties": 2, "new_ties": 1}
    more_new = _advice("kbgc", [(1, 2), (1, 4), (3, 4), (2, 4)], last_year=[(1, 2), (1, 3)])
    assert "renewal" not in more_new


def test_follow_up_fires_when_fewer_than_half_of_the_accepted_met():
    statuses = ["accepted", "accepted", "accepted", "met"]  # 1 of 4 accepted met
    advice = _advice("kbg", RING[:2], introductions=statuses)
    assert _tally(advice["follow_up"]) == {"accepted": 4, "met": 1}
    half = _advice("kbg", RING[:2], introductions=["accepted", "met"])  # 1 of 2: not fewer
    assert "follow_up" not in half


def test_too_few_introductions_for_the_size_of_the_network():
    # 20 members: one introduction per 10 members is two.
    people = "kbgc" * 5
    one = _advice(people, RING, introductions=["suggested"])
    assert _tally(one["introductions"]) == {"made": 1}
    assert "introductions" not in _advice(people, RING, introductions=["suggested"] * 2)
