"""The tie flow of a period counted again with Python sets from its two warmth snapshots: the
independent count the insights and report tests hold ``analyse().flow`` to."""

from __future__ import annotations

from datetime import timedelta

from netweave.insights import NetworkTables, Period, analyse, warmth


def flow_by_sets(tables: NetworkTables, period: Period) -> tuple[int, int, int, int, int, int]:
    """(warm at the start, first met, warmed again, now cooling, gone cold, warm at the end)."""
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
        sum(state1[pair] == "cooling" for pair in lost),
        sum(state1[pair] == "cold" for pair in lost),
        len(warm1),
    )


def assert_flow_adds_up(tables: NetworkTables, period: Period) -> None:
    """``analyse(tables, period).flow`` term by term against :func:`flow_by_sets`, and
    warm at the start + gained − lost = warm at the end."""
    flow = analyse(tables, period).flow
    terms = (
        flow.warm_at_start,
        flow.first_met,
        flow.warmed_again,
        flow.now_cooling,
        flow.gone_cold,
        flow.warm_at_end,
    )
    assert terms == flow_by_sets(tables, period), period
    assert flow.warm_at_start + flow.gained - flow.lost == flow.warm_at_end, period
