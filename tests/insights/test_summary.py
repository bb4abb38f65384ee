"""analyse / compare end to end: real workplace data, empty and single-member networks."""

from __future__ import annotations

import importlib
from dataclasses import fields
from datetime import date

import igraph as ig
import networkx as nx
import numpy as np
import polars as pl
import pytest
from insights_helpers import interaction_rows, members_frame, workplace_graph, workplace_tables

from netweave.insights import (
    HEADLINE_FIGURES,
    HIGHER_IS_BETTER,
    MetricSettings,
    NetworkInsights,
    NetworkTables,
    Period,
    analyse,
    analyse_with_previous,
    compare,
)

# Contacts were recorded on the working days of 24–28 June and 1–5 July 2013.
WORKPLACE_WEEKS = Period(date(2013, 6, 24), date(2013, 7, 5))
FIRST_WEEK = Period(date(2013, 6, 22), date(2013, 6, 28))
SECOND_WEEK = Period(date(2013, 6, 29), date(2013, 7, 5))


@pytest.fixture(scope="module")
def workplace() -> NetworkInsights:
    return analyse(workplace_tables(), WORKPLACE_WEEKS)


def test_workplace_headline_matches_networkx(workplace):
    graph = workplace_graph()
    figures = workplace.headline()
    assert figures["members"] == 92
    assert figures["organisations"] == 5
    assert figures["ties"] == graph.number_of_edges()
    assert figures["density"] == pytest.approx(nx.density(graph), abs=1e-9)
    assert figures["average_clustering"] == pytest.approx(nx.average_clustering(graph), abs=1e-9)
    assert figures["key_players"] == len(list(nx.articulation_points(graph)))
    assert workplace.brokerage.method == "exact"
    betweenness = nx.betweenness_centrality(graph)
    ours = dict(workplace.brokerage.members.select("person_id", "betweenness").iter_rows())
    assert max(abs(ours[node] - betweenness[node]) for node in graph) <= 1e-9
    # All contacts lie in the period: every tie is new (no previous period data), none lapsed.
    assert (workplace.renewal.new, workplace.renewal.lapsed) == (graph.number_of_edges(), 0)
    assert workplace.warmth.warm + workplace.warmth.cooling + workplace.warmth.cold == (
        graph.number_of_edges()
    )


def test_deferred_brokerage_is_computed_only_when_read_and_is_the_same(monkeypatch):
    # Sampled (92 people above an exact limit of 10), so both betweenness and constraint run.
    settings = MetricSettings(betweenness_exact_max_nodes=10, betweenness_samples=40, seed=3)
    tables = workplace_tables()
    eager = analyse(tables, WORKPLACE_WEEKS, settings)
    module = importlib.import_module("netweave.insights.brokerage")
    calls = []
    for name in ("constraint", "_totals"):
        original = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k)
        )
    deferred = analyse(tables, WORKPLACE_WEEKS, settings, defer_brokerage=True)
    assert calls == []
    assert deferred.headline() == eager.headline()
    assert calls == []  # no headline figure needs it
    assert deferred.brokerage.method == eager.brokerage.method == "sampled"
    assert deferred.brokerage.members.equals(eager.brokerage.members)
    assert deferred.brokerage.error_bound == eager.brokerage.error_bound
    assert sorted(set(calls)) == ["_totals", "constraint"]
    count = len(calls)
    assert deferred.brokerage is deferred.brokerage  # computed once
    assert len(calls) == count


def _assert_same_insights(ours: NetworkInsights, theirs: NetworkInsights) -> None:
    """Every field of every family equal (frames cell for cell), brokerage included."""
    for field in fields(NetworkInsights):
        if field.name == "pending_brokerage":
            continue
        mine, other = getattr(ours, field.name), getattr(theirs, field.name)
        inner = getattr(mine, "__dataclass_fields__", None)
        for name in inner or [None]:
            a = getattr(mine, name) if name else mine
            b = getattr(other, name) if name else other
            if isinstance(a, pl.DataFrame):
                assert a.equals(b), (field.name, name)
            elif isinstance(a, np.ndarray):
                assert np.array_equal(a, b), (field.name, name)
            elif isinstance(a, ig.Graph):  # compared by identity: compare its ties instead
                assert a.get_edgelist() == b.get_edgelist(), (field.name, name)
                assert a.es["weight"] == b.es["weight"], (field.name, name)
            else:
                assert a == b, (field.name, name)
    assert ours.brokerage.members.equals(theirs.brokerage.members)


@pytest.mark.parametrize(
    "period",
    [
        SECOND_WEEK,  # touches the one before: three warmth moments
        Period.year_up_to(2025, date(2025, 9, 30)),  # does not: four
        Period.year(2025),
    ],
)
def test_analyse_with_previous_equals_two_analyses(small_synthetic, period):
    tables = workplace_tables() if period == SECOND_WEEK else small_synthetic.tables
    settings = MetricSettings(betweenness_exact_max_nodes=10, betweenness_samples=20, seed=4)
    current, previous = analyse_with_previous(tables, period, settings)
    assert previous.period == period.previous()
    _assert_same_insights(current, analyse(tables, period, settings))
    _assert_same_insights(previous, analyse(tables, period.previous(), settings))
    assert current.headline() != previous.headline()  # two different periods were analysed


def test_workplace_first_days_against_last_days():
    tables = workplace_tables()
    assert SECOND_WEEK.previous() == FIRST_WEEK
    first = analyse(tables, FIRST_WEEK)
    second = analyse(tables, SECOND_WEEK)
    comparison = compare(second, first)
    assert comparison.previous == first.period and comparison.current == second.period
    ties_now, ties_then = second.graph.tie_count, first.graph.tie_count
    assert comparison.delta("ties") == ties_now - ties_then
    expected = "same" if ties_now == ties_then else ("better" if ties_now > ties_then else "worse")
    assert comparison.direction("ties") == expected
    # Renewal of the second half equals a set comparison done here by hand.
    pairs = tables.interactions.select(
        pl.min_horizontal("a", "b").alias("a"), pl.max_horizontal("a", "b").alias("b"), "on"
    )
    then = set(pairs.filter(pl.col("on") <= date(2013, 6, 28)).select("a", "b").iter_rows())
    now = set(pairs.filter(pl.col("on") >= date(2013, 6, 29)).select("a", "b").iter_rows())
    assert (second.renewal.new, second.renewal.kept, second.renewal.lapsed) == (
        len(now - then),
        len(now & then),
        len(then - now),
    )


def test_compare_directions_by_hand():
    people = {1: (1, "business"), 2: (2, "knowledge"), 3: (3, "government")}
    rows = [
        {"a": 1, "b": 2, "on": date(2024, 5, 1)},
        {"a": 2, "b": 3, "on": date(2024, 6, 1)},
        {"a": 1, "b": 2, "on": date(2025, 5, 1)},
    ]
    tables = NetworkTables.build(members=members_frame(people), interactions=interaction_rows(rows))
    now, before = analyse(tables, Period.year(2025)), analyse(tables, Period.year(2024))
    comparison = compare(now, before)
    table = {r["figure"]: r for r in comparison.figures.to_dicts()}
    assert set(table) == set(HEADLINE_FIGURES) == set(HIGHER_IS_BETTER)
    assert (table["ties"]["current"], table["ties"]["previous"]) == (1.0, 2.0)
    assert table["ties"]["direction"] == "worse"
    assert table["ties"]["relative"] == pytest.approx(-0.5)
    assert table["lapsed_ties"]["current"] == 1.0  # (2, 3) lapsed in 2025
    assert table["lapsed_ties"]["direction"] == "worse"  # 0 → 1: more lapsed is worse
    assert table["members"]["direction"] == "same"
    # density: 1 tie of 3 possible now, 2 of 3 before.
    assert table["density"]["delta"] == pytest.approx(1 / 3 - 2 / 3)
    assert table["kept_ties"]["previous"] == 0.0 and table["kept_ties"]["relative"] is None


def _assert_all_zero(result: NetworkInsights, *, besides: tuple[str, ...] = ()) -> None:
    for name, value in result.headline().items():
        if name not in {"members", "organisations", *besides}:
            assert value == 0.0, name
    for field in fields(result):
        value = getattr(result, field.name)
        for inner in getattr(value, "__dataclass_fields__", {}):
            frame = getattr(value, inner)
            if isinstance(frame, pl.DataFrame):
                assert frame.columns, (field.name, inner)


def test_empty_network_gives_zeros():
    result = analyse(NetworkTables.build(), Period.year(2025))
    _assert_all_zero(result)
    assert result.members == 0
    assert compare(result, result).figures["direction"].unique().to_list() == ["same"]


def test_single_member_gives_zeros():
    tables = NetworkTables.build(members=members_frame({1: (1, "business")}))
    result = analyse(tables, Period.year(2025))
    _assert_all_zero(result, besides=("largest_component_share",))
    assert result.cohesion.largest_component_share == 1.0  # one member: all in one piece
    assert (result.members, result.organisations) == (1, 1)
    assert result.cohesion.components == 1 and result.cohesion.isolated == 1
    assert result.brokerage.members["constraint"].to_list() == [None]
    assert result.brokerage.members["betweenness"].to_list() == [0.0]
