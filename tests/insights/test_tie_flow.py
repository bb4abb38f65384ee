"""Tie flow: warm at the start + gained − lost = warm at the end, and each term by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from insights_helpers import interaction_rows, members_frame, workplace_tables

from netweave import synth
from netweave.insights import MetricSettings, NetworkTables, Period, analyse, tie_flow, warmth
from tie_flow_sets import assert_flow_adds_up

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


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_flow_adds_up_every_year_of_a_generated_network(year):
    network = synth.generate(synth.SynthConfig(members=300, years=3, until=date(2025, 12, 31)))
    assert_flow_adds_up(network.tables, Period.year(year))


def test_flow_adds_up_on_real_contacts_week_by_week():
    tables = workplace_tables()
    days = tables.interactions["on"]
    first, last = days.min(), days.max()
    start = first
    while start <= last:
        assert_flow_adds_up(tables, Period(start, start + timedelta(days=6)))
        start += timedelta(days=7)
