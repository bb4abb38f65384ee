"""The map layout: people keep their place between years, colleagues sit together."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl
import pytest

from netweave import synth
from netweave.insights import Period, TieGraph, build_tie_graph, tie_graph
from netweave.insights.layout import (
    MAX_STEP,
    REACH_QUANTILE,
    RIM,
    MapLayout,
    layout_shift,
    map_layout,
)

BOUND = math.sqrt(2) * MAX_STEP * 1.05
"""Stated bound: a person present in two consecutive years moves at most √2 × MAX_STEP (2 % per
axis) of the map's extent, with 5 % slack because the step is measured on everyone placed and
the shift on the people both years share."""


@pytest.fixture(scope="module")
def network() -> synth.SyntheticNetwork:
    return synth.generate(synth.SynthConfig(members=1200, years=3, until=date(2026, 6, 30), seed=3))


def _chain(network: synth.SyntheticNetwork) -> dict[int, pl.DataFrame]:
    return {year: layout.positions for year, layout in _layouts(network).items()}


def _layouts(network: synth.SyntheticNetwork) -> dict[int, MapLayout]:
    layouts, previous = {}, None
    for year in (2024, 2025, 2026):
        layouts[year] = map_layout(tie_graph(network.tables, Period.year(year)), previous)
        previous = layouts[year].positions
    return layouts


def test_people_present_in_consecutive_years_move_less_than_the_bound(network):
    layouts = _layouts(network)
    chain = {year: layout.positions for year, layout in layouts.items()}
    for year in (2025, 2026):
        # The people pulled in to the rim are the stated exception; they must be few.
        pulled_in = layouts[year].pulled_in
        assert len(pulled_in) <= 0.01 * len(chain[year])
        kept = chain[year].filter(~pl.col("person_id").is_in(pulled_in.implode()))
        shift = layout_shift(chain[year - 1], kept)
        assert shift.shared > 1000
        assert shift.maximum <= BOUND, (year, shift)
    # The bound is no formality: a layout of 2025 made without the previous one moves people
    # across the map. (The median such move is 0.26–0.32 of the map, 9–11 bounds, depending on
    # the seed — measured over seeds 1–3 with 250 and with 500 fresh steps — so 5 bounds leaves
    # room for the seed and still fails if seeding stopped mattering.)
    fresh = map_layout(tie_graph(network.tables, Period.year(2025)), seed=1).positions
    assert layout_shift(chain[2024], fresh).median > 5 * BOUND


def test_layout_is_deterministic_for_a_seed(network):
    graph = tie_graph(network.tables, Period.year(2025))
    first, second = map_layout(graph, seed=5), map_layout(graph, seed=5)
    assert first.positions.equals(second.positions)
    assert first.seeded == 0


def test_every_vertex_has_a_finite_place(network):
    graph = tie_graph(network.tables, Period.year(2026))
    layout = map_layout(graph, _chain(network)[2025]).positions
    assert layout["person_id"].to_list() == graph.person_ids.tolist()
    assert np.isfinite(layout.select("x", "y").to_numpy()).all()


def test_colleagues_sit_closer_together_than_strangers(network):
    graph = tie_graph(network.tables, Period.year(2025))
    positions = map_layout(graph).positions.join(
        graph.vertices.select("person_id", "organisation_id"), on="person_id"
    )
    centres = positions.group_by("organisation_id").agg(pl.col("x").mean(), pl.col("y").mean())
    placed = positions.join(centres, on="organisation_id", suffix="_centre")
    own = np.hypot(placed["x"] - placed["x_centre"], placed["y"] - placed["y_centre"])
    shuffled = placed["organisation_id"].shuffle(seed=1)
    other = placed.with_columns(organisation_id=shuffled).drop("x_centre", "y_centre")
    other = other.join(centres, on="organisation_id", suffix="_centre")
    foreign = np.hypot(other["x"] - other["x_centre"], other["y"] - other["y_centre"])
    assert float(np.median(own)) < 0.8 * float(np.median(foreign))


def test_a_newcomer_starts_beside_the_people_they_met():
    # A triangle laid out, then a fourth person who only met person 1.
    members = pl.DataFrame(
        {"person_id": [1, 2, 3, 4], "organisation_id": [None] * 4, "sector": [None] * 4},
        schema={"person_id": pl.Int64, "organisation_id": pl.Int64, "sector": pl.String},
    )

    ties = pl.DataFrame(
        {"a": [1, 1, 2], "b": [2, 3, 3], "weight": [1.0] * 3, "interactions": [1, 1, 1]},
        schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64, "interactions": pl.UInt32},
    )
    before = map_layout(build_tie_graph(ties, [1, 2, 3], members)).positions
    grown = pl.concat(
        [ties, ties.head(1).with_columns(a=pl.lit(1, pl.Int64), b=pl.lit(4, pl.Int64))]
    )
    after = map_layout(build_tie_graph(grown, [1, 2, 3, 4], members), before).positions
    where = {row[0]: np.array(row[1:]) for row in after.iter_rows()}
    nearest = min((2, 3), key=lambda p: np.linalg.norm(where[4] - where[p]))
    assert np.linalg.norm(where[4] - where[1]) <= np.linalg.norm(where[4] - where[nearest])


def _ring_and(organisations: list[int | None]) -> TieGraph:
    """Forty colleagues (organisation 1) who met in a ring, and after them one person per
    entry of ``organisations``, in that organisation, who met nobody."""
    people = list(range(1, 41 + len(organisations)))
    members = pl.DataFrame(
        {
            "person_id": people,
            "organisation_id": [1] * 40 + organisations,
            "sector": [None] * len(people),
        },
        schema={"person_id": pl.Int64, "organisation_id": pl.Int64, "sector": pl.String},
    )
    ring = pl.DataFrame(
        {
            "a": [*range(1, 40), 1],
            "b": [*range(2, 41), 40],
            "weight": [1.0] * 40,
            "interactions": [1] * 40,
        },
        schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64, "interactions": pl.UInt32},
    )
    return build_tie_graph(ring, people, members)


def test_a_stray_group_sits_at_the_rim_of_the_map_not_far_away():
    # Forty people in one organisation who all met in a ring, plus two strays the repulsion
    # would push off: person 41, alone in their organisation with no tie, and person 42,
    # with neither a tie nor an organisation. The demo's map had one at 3.7 times the reach
    # of the rest, which put the drawing off centre.
    graph = _ring_and([2, None])
    for seed in range(3):
        where = map_layout(graph, seed=seed).positions
        xy = where.select("x", "y").to_numpy()
        centre = np.median(xy[:40], axis=0)
        reach = np.max(np.hypot(*(xy[:40] - centre).T))
        strays = np.hypot(*(xy[40:] - centre).T)
        # The rim is 1.1 times the reach of the 97.5 % nearest; person 41's organisation
        # anchor is pulled in with them, so their centre, not they, is at the rim.
        assert (strays <= 1.3 * reach).all(), (seed, strays / reach)


def _farthest_over_reach(positions: pl.DataFrame) -> float:
    xy = positions.select("x", "y").to_numpy()
    distance = np.hypot(*(xy - np.median(xy, axis=0)).T)
    return float(distance.max() / np.quantile(distance, REACH_QUANTILE, method="lower"))


def test_nobody_of_the_connected_network_lies_beyond_the_rim():
    # Person 41 of the ring's own organisation met nobody: held to the rest only by their
    # organisation's anchor (the demo's map had such a colleague at 1.9 times the reach of
    # the rest, year after year).
    graph = _ring_and([1])
    # Fresh, and seeded with the colleague placed five times as far out as the ring: the
    # bound on a seeded person's move would keep them there.
    fresh = map_layout(graph, seed=0).positions
    far_out = fresh.with_columns(
        pl.when(pl.col("person_id") == 41).then(pl.col("x") * 5 + 50).otherwise(pl.col("x")),
    )
    seeded = map_layout(graph, far_out, seed=0)
    for positions in (fresh, seeded.positions):
        assert _farthest_over_reach(positions) <= RIM * 1.01
    assert seeded.pulled_in.to_list() == [41]
