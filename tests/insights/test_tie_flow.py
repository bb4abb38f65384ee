"""Tie flow: warm at the start + gained − lost = warm at the end, and each term by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from insights_helpers import interaction_rows, members_frame, workplace_tables

from netweave import synth
from netweave.insights import MetricSettings, NetworkTables, Period, analyse, tie_flow, warmth

PEOPLE = {i: (1, "business") for i in range(1, 6)}


def _tables(rows: list[dict[str, object]]) -> NetworkTables:
    return NetworkTables.build(members=members_frame(PEOPLE), interactions=interaction_rows(rows))


def test_each_term_of_the_flow_by_hand():
    tables = _tables(
        [
            {"a": 1, "b": 2, "on": date(2024, 12, 20)},  # warm at both ends: not in the flow
            {"a": 1, "b": 2, "on": date(2025, 12, 1)},
            {"a": 1, "b": 3, "on": date(2024, 12, 20)},  # warm at the start, silent since: cooling
            {"a": 2, "b": 4, "on": date(2025, 12, 15)},  # first met in December
            {"a": 3, "b": 4, "on": date(2023, 6, 1)},  # cold at the start…
            {"a": 3, "b": 4, "on": date(2025, 12, 10)},  # … warm again at the end
            {"a": 4, "b": 5, "on": date(2025, 3, 1)},  # new in 2025 but no longer warm: not in it
        ]
    )
    flow = analyse(tables, Period.year(2025)).flow
    assert (flow.start, flow.end) == (date(2024, 12, 31), date(2025, 12, 31))
    assert flow.warm_at_start == 2  # (1, 2), (1, 3)
    assert (flow.first_met, flow.warmed_again) == (1, 1)  # (2, 4); (3, 4)
    assert (flow.now_cooling, flow.gone_cold) == (1, 0)  # (1, 3)
    assert flow.warm_at_end == 3  # (1, 2), (2, 4), (3, 4)


def test_a_tie_that_fades_outside_the_peak_window_goes_cold_not_cooling():
    settings = MetricSettings(peak_window_days=30)
    tables = _tables([{"a": 1, "b": 2, "on": date(2025, 1, 1)}])
    start, end = date(2025, 1, 10), date(2025, 12, 31)
    flow = tie_flow(warmth(tables, start, settings), warmth(tables, end, settings))
    assert (flow.warm_at_start, flow.now_cooling, flow.gone_cold, flow.warm_at_end) == (1, 0, 1, 0)


def _by_sets(tables: NetworkTables, period: Period) -> tuple[int, int, int, int, int, int]:
    """The flow recomputed with Python sets from the two warmth snapshots."""
    before = warmth(tables, period.start - timedelta(days=1)).ties
    after = warmth(tables, period.end).ties
    known = {(a, b) for a, b in before.select("a", "b").iter_rows()}
    warm0 = {(a, b) for a, b, s in before.select("a", "b", "state").iter_rows() if s == "warm"}
    state1 = {(a, b): s for a, b, s in after.select("a", "b", "state").iter_rows()}
    warm1 = {pair for pair, s in state1.items() if s == "warm"}
    gained, lost = warm1 - warm0, warm0 - warm1
    return (
        len(warm0),
        len(gained - known),
        len(gained & known),
        sum(state1[p] == "cooling" for p in lost),
        sum(state1[p] == "cold" for p in lost),
        len(warm1),
    )


def _assert_adds_up(tables: NetworkTables, period: Period) -> None:
    flow = analyse(tables, period).flow
    terms = (
        flow.warm_at_start,
        flow.first_met,
        flow.warmed_again,
        flow.now_cooling,
        flow.gone_cold,
        flow.warm_at_end,
    )
    assert terms == _by_sets(tables, period)
    assert flow.warm_at_start + flow.gained - flow.lost == flow.warm_at_end


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_flow_adds_up_every_year_of_a_generated_network(year):
    network = synth.generate(synth.SynthConfig(members=300, years=3, until=date(2025, 12, 31)))
    _assert_adds_up(network.tables, Period.year(year))


def test_flow_adds_up_on_real_contacts_week_by_week():
    tables = workplace_tables()
    days = tables.interactions["on"]
    first, last = days.min(), days.max()
    start = first
    while start <= last:
        _assert_adds_up(tables, Period(start, start + timedelta(days=6)))
        start += timedelta(days=7)


@pytest.fixture(scope="module")
def demo_tables() -> NetworkTables:
    """The demo's network as ``netweave demo`` makes it (interop.demo: 150 members, three
    years, seed 2026), up to a day in the middle of a year."""
    config = synth.SynthConfig(members=150, years=3, until=date(2026, 6, 30), seed=2026)
    return synth.generate(config).tables


def test_flow_adds_up_every_year_of_the_demo(demo_tables):
    days = demo_tables.interactions["on"]
    years = range(days.min().year, days.max().year + 1)
    assert len(years) >= 3
    for year in years:
        _assert_adds_up(demo_tables, Period.year_up_to(year, date(2026, 6, 30)))
