"""Every figure in the rendered report equals the engine's result for the same data.

The HTML carries each figure as ``data-figure="<name>" data-value="<raw>"``; this test parses
the page, rebuilds every expected value straight from ``analyse()`` (and, for initiatives, from
the database), and compares them one by one. A figure the test cannot explain fails it too.
"""

from __future__ import annotations

import math
from html.parser import HTMLParser

import polars as pl
import pytest
from report_helpers import YEAR

from netweave.initiatives.models import Initiative
from netweave.reports.formatting import value as formatted

pytestmark = pytest.mark.django_db

FLOW_TERMS = (
    "warm_at_start",
    "first_met",
    "warmed_again",
    "now_cooling",
    "gone_cold",
    "warm_at_end",
)


class FigureParser(HTMLParser):
    """Collects (name, raw value, shown text) of every element with ``data-figure``."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[tuple[str, str, str]] = []
        self._open: list[tuple[str, str] | None] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-figure" in found:
            self._open.append((found["data-figure"] or "", found.get("data-value") or ""))
            self._text = []
        elif tag not in {"br", "meta", "col"}:
            self._open.append(None)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            top = self._open.pop()
            if top is not None:
                self.figures.append((top[0], top[1], "".join(self._text).strip()))

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse(html: str) -> list[tuple[str, str, str]]:
    parser = FigureParser()
    parser.feed(html)
    return parser.figures


def _rows(frame: pl.DataFrame, key: str) -> dict:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def expected_figures(fixture) -> dict[str, float | None]:
    """Every figure the report may show, computed from the engine's output directly."""
    cur, prev = fixture.current, fixture.previous
    expected: dict[str, float | None] = {
        "members": cur.members,
        "organisations": cur.organisations,
        "interactions": cur.interactions,
        "warm_ties": cur.warmth.warm,
        **{f"flow.{term}": getattr(cur.flow, term) for term in FLOW_TERMS},
        "new_ties": cur.renewal.new,
        "kept_ties": cur.renewal.kept,
        "lapsed_ties": cur.renewal.lapsed,
        "introductions_made": cur.introductions.suggested,
        "introductions_met": cur.introductions.met,
        "routines_held": cur.routines.held,
        "cross_sector_share": cur.bridging.cross_sector_share,
        "cross_organisation_share": cur.bridging.cross_organisation_share,
        "themes_connected": cur.bridging.themes_connected,
        "key_players": cur.key_players.count,
        "largest_component_share": cur.cohesion.largest_component_share,
        "average_clustering": cur.cohesion.average_clustering,
        "density": cur.cohesion.density,
        "between_community_share": cur.cohesion.between_community_share,
        "imbalanced_organisations": cur.reciprocity.imbalanced_organisations,
        "imbalanced_members": cur.reciprocity.imbalanced_members,
        "network_share": cur.orientation.network_share,
        "routines_planned": cur.routines.planned,
        "routines_held_total": cur.routines.held,
        "routine_held_share": cur.routines.held_share,
        "new_ties_at_routines": cur.routines.new_ties_at_routines,
        "funnel.suggested": cur.introductions.suggested,
        "funnel.accepted": cur.introductions.accepted,
        "funnel.met": cur.introductions.met,
        "funnel.followed_up": cur.introductions.followed_up,
        "funnel.declined": cur.introductions.declined,
        "rec.cooling.cooling_ties": cur.warmth.cooling,
        "rec.renewal.lapsed_ties": cur.renewal.lapsed,
        "rec.renewal.new_ties": cur.renewal.new,
        "rec.imbalance.imbalanced_organisations": cur.reciprocity.imbalanced_organisations,
        "rec.follow_up.accepted": cur.introductions.accepted,
        "rec.follow_up.met": cur.introductions.met,
        "rec.introductions.made": cur.introductions.suggested,
        "rec.orientation.network_share": cur.orientation.network_share,
        "rec.key_players.count": cur.key_players.count,
    }
    # Per member and organisation: reciprocity, plus introductions, hosting and new ties.
    introducers = _rows(cur.introductions.introducers, "introducer_id")
    routines = _rows(cur.routines.routines, "routine_id")
    from netweave.routines.models import Routine

    steward_of = dict(
        Routine.objects.filter(network=fixture.network).values_list("pk", "steward_id")
    )
    hosted: dict[int, int] = {}
    for routine_id, row in routines.items():
        steward = steward_of.get(routine_id)
        if steward is not None:
            hosted[steward] = hosted.get(steward, 0) + row["held"]
    from netweave.networks.models import Person

    people = {
        p.pk: (p.organisation_id, p.organisation.sector if p.organisation else None)
        for p in Person.objects.filter(network=fixture.network).select_related("organisation")
    }
    cross: dict[int, int] = {}
    for row in cur.renewal.ties.filter(pl.col("status") == "new").iter_rows(named=True):
        sa, sb = people.get(row["a"], (None, None))[1], people.get(row["b"], (None, None))[1]
        if sa and sb and sa != sb:
            for person in (row["a"], row["b"]):
                cross[person] = cross.get(person, 0) + 1
    per_org: dict[int, dict[str, int]] = {}
    for row in cur.reciprocity.members.iter_rows(named=True):
        pid = row["person_id"]
        made = introducers.get(pid, {}).get("made", 0)
        met = introducers.get(pid, {}).get("met", 0)
        extra = {
            "introductions_made": made,
            "introductions_met": met,
            "routines_hosted": hosted.get(pid, 0),
            "new_cross_sector_ties": cross.get(pid, 0),
        }
        for name in ("given", "received", "balance"):
            expected[f"member.{pid}.{name}"] = row[name]
        for name, amount in extra.items():
            expected[f"member.{pid}.{name}"] = amount
            org = per_org.setdefault(row["organisation_id"], {})
            org[name] = org.get(name, 0) + amount
    for row in cur.reciprocity.organisations.iter_rows(named=True):
        oid = row["organisation_id"]
        for name in ("given", "received", "balance"):
            expected[f"org.{oid}.{name}"] = row[name]
        for name, amount in per_org.get(oid, {}).items():
            expected[f"org.{oid}.{name}"] = amount
        for name in ("introductions_made", "introductions_met", "routines_hosted"):
            expected.setdefault(f"org.{oid}.{name}", 0)
        expected.setdefault(f"org.{oid}.new_cross_sector_ties", 0)
    for routine_id, row in routines.items():
        for name in (
            "planned",
            "held",
            "held_share",
            "mean_attendance",
            "attendance_trend",
            "new_ties",
        ):
            expected[f"routine.{routine_id}.{name}"] = row[name]
    for row in cur.brokerage.members.iter_rows(named=True):
        expected[f"broker.{row['person_id']}.betweenness"] = row["betweenness"]
        expected[f"broker.{row['person_id']}.constraint"] = row["constraint"]
    for row in cur.key_players.members.iter_rows(named=True):
        expected[f"key.{row['person_id']}.pieces"] = row["pieces"]
        expected[f"key.{row['person_id']}.reachable_pairs_lost"] = row["reachable_pairs_lost"]
    for pid, row in introducers.items():
        expected[f"introducer.{pid}.made"] = row["made"]
        expected[f"introducer.{pid}.met"] = row["met"]
    started = Initiative.objects.filter(network=fixture.network, started_on__year__lte=YEAR)
    for stage in ("idea", "forming", "running", "ended"):
        expected[f"initiatives.{stage}"] = started.filter(stage=stage).count()
    del prev
    return expected


def _same(shown: str, wanted: float | None) -> bool:
    if wanted is None:
        return shown == ""
    if isinstance(wanted, float) and math.isnan(wanted):
        return shown == "nan"
    return math.isclose(float(shown), float(wanted), rel_tol=1e-9, abs_tol=1e-12)


def test_every_figure_equals_the_engine(fixture):
    figures = parse(fixture.html("en"))
    expected = expected_figures(fixture)
    assert len(figures) > 200
    unexplained = sorted({name for name, _raw, _text in figures} - set(expected))
    # Figures with counts the engine does not name directly (rule tallies) are checked below.
    rule_tallies = {
        "rec.golden_triangle.open_themes",
        "rec.routines.faltering",
        "rec.sector_gaps.pairs",
    }
    assert set(unexplained) <= rule_tallies, unexplained
    wrong = [
        (name, raw, expected[name])
        for name, raw, _text in figures
        if name in expected and not _same(raw, expected[name])
    ]
    assert wrong == []


def test_rule_tallies_come_from_the_engine(fixture):
    shown = {name: raw for name, raw, _text in parse(fixture.html("en"))}
    triangle = fixture.current.bridging.golden_triangle
    if "rec.golden_triangle.open_themes" in shown:
        open_themes = triangle.filter(pl.col("present") & ~pl.col("connected")).height
        assert int(shown["rec.golden_triangle.open_themes"]) == open_themes


def test_every_active_organisation_and_member_has_a_row(fixture):
    names = {name for name, _raw, _text in parse(fixture.html("en"))}
    for oid in fixture.current.reciprocity.organisations["organisation_id"]:
        assert f"org.{oid}.given" in names
    for pid in fixture.current.reciprocity.members["person_id"]:
        assert f"member.{pid}.given" in names


def test_shown_text_is_the_formatted_raw_value(fixture):
    report = fixture.report("en")
    by_name = {f.name: f for f in report.numbers.figures + report.health.figures}
    shown = {name: text for name, _raw, text in parse(fixture.html("en"))}
    from django.utils import translation

    with translation.override("en"):
        for name, figure in by_name.items():
            assert shown[name] == formatted(figure.current, figure.kind), name


def test_change_and_direction_against_last_year(fixture):
    report = fixture.report("en")
    members = next(f for f in report.numbers.figures if f.name == "members")
    assert members.previous == fixture.previous.members
    lapsed = next(f for f in report.numbers.figures if f.name == "lapsed_ties")
    if lapsed.current != lapsed.previous:
        worse = lapsed.current > lapsed.previous
        assert lapsed.direction == ("worse" if worse else "better")


def test_every_recommendation_states_its_rule_and_figures(fixture):
    recommendations = fixture.report("en").recommendations
    assert recommendations
    codes = [r.code for r in recommendations]
    assert len(codes) == len(set(codes))
    for advice in recommendations:
        assert advice.rule.startswith("Fires") and advice.figures and advice.text


def test_the_tie_flow_adds_up_as_printed(fixture):
    """Warm at the start + gained − lost = warm at the end, in the numbers the page shows."""
    shown = {name: float(raw) for name, raw, _text in parse(fixture.html("en")) if raw}
    start, first, again, cooling, cold, end = (shown[f"flow.{term}"] for term in FLOW_TERMS)
    assert start + first + again - cooling - cold == end
    assert end == fixture.current.warmth.warm
    assert start == fixture.previous.warmth.warm  # the day before the year is last year's end


def test_organisations_are_ranked_by_what_they_gave_with_a_give_take_bar(fixture):
    report = fixture.report("en")
    given = [
        next(f.current for f in row.figures if f.name.endswith(".given"))
        for row in report.organisations.rows
    ]
    assert given == sorted(given, reverse=True)
    html = fixture.html("en")
    first = report.organisations.rows[0]
    received = next(f.current for f in first.figures if f.name.endswith(".received"))
    assert f'aria-label="Given {given[0]:,.0f}, received {received:,.0f}"' in html


def test_one_definition_of_the_members_and_organisations_of_a_year(fixture):
    """The command line and the pages count a year's members as the report does."""
    from datetime import date

    from netweave.networks.selectors import members_of, organisations_among

    for result in (fixture.current, fixture.previous):
        members = members_of(fixture.network, result.period.start, result.period.end)
        assert members.count() == result.members
        assert organisations_among(members) == result.organisations
    assert members_of(fixture.network, date(YEAR, 1, 1), date(YEAR, 12, 31)).count() > 0


class PreviousParser(HTMLParser):
    """(name, raw value) of every ``data-previous`` element: last year's value of a figure."""

    def __init__(self) -> None:
        super().__init__()
        self.previous: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-previous" in found:
            self.previous[found["data-previous"] or ""] = found.get("data-value") or ""


def test_last_years_values_are_the_analysis_of_last_year(fixture):
    """Every "last year" column against ``analyse()`` of the year before, by hand."""
    prev = fixture.previous
    expected = {
        "members": prev.members,
        "organisations": prev.organisations,
        "interactions": prev.interactions,
        "warm_ties": prev.warmth.warm,
        "new_ties": prev.renewal.new,
        "kept_ties": prev.renewal.kept,
        "lapsed_ties": prev.renewal.lapsed,
        "introductions_made": prev.introductions.suggested,
        "introductions_met": prev.introductions.met,
        "routines_held": prev.routines.held,
        "cross_sector_share": prev.bridging.cross_sector_share,
        "cross_organisation_share": prev.bridging.cross_organisation_share,
        "themes_connected": prev.bridging.themes_connected,
        "key_players": prev.key_players.count,
        "largest_component_share": prev.cohesion.largest_component_share,
        "average_clustering": prev.cohesion.average_clustering,
        "density": prev.cohesion.density,
        "between_community_share": prev.cohesion.between_community_share,
        "imbalanced_organisations": prev.reciprocity.imbalanced_organisations,
        "imbalanced_members": prev.reciprocity.imbalanced_members,
        "network_share": prev.orientation.network_share,
        "routines_planned": prev.routines.planned,
        "routines_held_total": prev.routines.held,
        "routine_held_share": prev.routines.held_share,
        "new_ties_at_routines": prev.routines.new_ties_at_routines,
        "funnel.suggested": prev.introductions.suggested,
        "funnel.accepted": prev.introductions.accepted,
        "funnel.met": prev.introductions.met,
        "funnel.followed_up": prev.introductions.followed_up,
        "funnel.declined": prev.introductions.declined,
    }
    parser = PreviousParser()
    parser.feed(fixture.html("en"))
    assert set(parser.previous) == set(expected)
    wrong = [
        (name, raw, expected[name])
        for name, raw in parser.previous.items()
        if not _same(raw, expected[name])
    ]
    assert wrong == []


def test_every_arrow_is_the_comparisons(fixture):
    """Better, worse or the same as :func:`compare` says, threshold and target included: the
    report reads the rule from insights and never has one of its own."""
    from netweave.insights import compare

    comparison = compare(fixture.current, fixture.previous)
    report = fixture.report("en")
    figures = (*report.numbers.figures, *report.health.figures)
    assert {f.name for f in figures} <= set(comparison.figures["figure"])
    assert [
        (f.name, str(f.direction), comparison.direction(f.name))
        for f in figures
        if str(f.direction) != comparison.direction(f.name)
    ] == []
    html = fixture.html("en")
    for figure in figures:
        if comparison.direction(figure.name) in {"better", "worse"}:
            assert f'data-direction="{figure.name}">' in html
