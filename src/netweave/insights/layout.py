r"""The map layout: where each person sits on the network map, stable between years.

A force-directed layout (Fruchterman & Reingold 1991, igraph's grid implementation) of the
year's tie graph plus one *anchor* vertex per organisation joined to each of its members:

.. math::
    F_{\text{attract}}(u, v) = w_{uv}\, d_{uv}^2, \qquad F_{\text{repel}}(u, v) = 1 / d_{uv}

with :math:`w_{uv} = \log(1 + \text{weight})` for a tie (so one very busy pair does not pull
everything together) and :math:`w = ` :data:`ANCHOR_WEIGHT` between a member and their
organisation's anchor (so colleagues sit near each other and a member without ties this year
still sits by their organisation instead of drifting to the edge).

Stability
---------
``previous`` (person id → x, y; usually the stored layout of the same year, completed with the
year before) is the starting position of everyone in it. New people start at the mean position
of their placed neighbours, else of their placed colleagues, else at a seeded random point.
A seeded run is *relaxed* rather than laid out anew: :data:`RELAX_ITERATIONS` steps, and each
person with a previous place is held inside a square of half-width :data:`MAX_STEP` × *extent*
around it (igraph's per-vertex ``minx``/``maxx``/``miny``/``maxy`` bounds), where *extent* is
the diagonal of the box holding the middle 95 % of the previous positions along each axis. So
between two layouts nobody who was placed moves further than :math:`\sqrt{2}` ×
:data:`MAX_STEP` × *extent* (under 3 % of the map), newcomers find their place freely, and the
frame of the map (no rescaling, no rotation) stays the same from year to year.

Strays
------
Nothing pulls two disconnected parts of the graph together, so a small group (a member with
no tie this year whose organisation has no other member, a pair who only met each other)
drifts off in the repulsion and leaves the drawing off centre. A person held to the rest
only by a weak spring (a colleague's anchor, one light tie) drifts out the same way, and
once placed far out the bound above keeps them there year after year. After the steps, with
*reach* the distance from the median of the people of the largest connected part that holds
:data:`REACH_QUANTILE` of them (the lower value where the quantile falls between two) and the
*rim* at :data:`RIM` × *reach*:

- each other part whose centre lies beyond the rim is shifted, whole, along its own direction
  until its centre lies on the rim;
- each person of the largest part beyond the rim is moved along their own direction onto it:
  :math:`p \leftarrow c + (p - c)\,\text{rim} / \lVert p - c \rVert`.

So nobody's dot decides the scale of the drawing: the map's extent is at most
:data:`RIM` times that of its bulk (plus the radius of a stray group). A person or group on
the rim one year stays there the next unless the rim itself moves; a moved person is the one
exception to the bound above.

:func:`layout_shift` measures how far people moved, relative to the extent of the map.

References
----------
Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed placement.
*Software: Practice and Experience* 21(11), 1129–1164.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
import polars as pl

from netweave.insights.cohesion import seeded_igraph
from netweave.insights.graph import TieGraph

__all__ = [
    "LAYOUT_SCHEMA",
    "LayoutShift",
    "MapLayout",
    "layout_shift",
    "map_layout",
]

LAYOUT_SCHEMA = pl.Schema({"person_id": pl.Int64(), "x": pl.Float64(), "y": pl.Float64()})
# Steps of igraph's Fruchterman–Reingold. Measured at 20,000 members / 200,000 ties
# (benchmarks/map.py): 250 fresh steps take 0.8x the time of igraph's default 500 on the bare
# graph, and the mean tie length (relative to the mean distance of random pairs) is within 1 %
# of 500 steps; seeded, newcomers start beside their placed neighbours and everyone else may
# only move inside a small square, so 30 + 30 steps place them as well as 200 + 100 did (mean
# length of newcomers' ties unchanged) in a third of the time.
FRESH_ITERATIONS = 250
PLACE_ITERATIONS = 30
RELAX_ITERATIONS = 30
MAX_STEP = 0.02
"""Half-width of the square a placed person may move in, as a share of the map's extent."""
ANCHOR_WEIGHT = 0.3
JITTER = 0.5
"""Spread (layout units, about one edge length) of new people around their starting point."""
RIM = 1.1
"""Strays are pulled in to this multiple of the largest part's reach (see above)."""
REACH_QUANTILE = 0.975


@dataclass(frozen=True)
class MapLayout:
    """Positions of the people of one tie graph.

    Attributes
    ----------
    positions : DataFrame[person_id, x, y]
        One row per vertex of the graph, sorted by person id, in layout units (an edge is
        about one unit long; nothing is rescaled, so layouts of two years share a frame).
    seeded : int
        How many people started from a previous position.
    iterations : int
        Force-directed steps taken (:data:`FRESH_ITERATIONS` or :data:`RELAX_ITERATIONS`).
    pulled_in : Series[Int64]
        The people moved in to the rim after the steps (module docstring, *Strays*): the
        only ones who may have moved further than the bound.
    """

    positions: pl.DataFrame
    seeded: int
    iterations: int
    pulled_in: pl.Series


@dataclass(frozen=True)
class LayoutShift:
    """How far the people present in two layouts moved between them.

    ``median``, ``p95`` and ``maximum`` are displacements divided by ``extent``: the diagonal
    of the box holding the middle 95 % of the earlier layout's shared people along each axis
    (a few outlying people do not inflate it); ``shared`` counts those people.
    """

    shared: int
    extent: float
    median: float
    p95: float
    maximum: float


def _anchored_graph(tie_graph: TieGraph) -> tuple[ig.Graph, np.ndarray, np.ndarray]:
    """The tie graph plus one anchor vertex per organisation; (graph, weights, organisation of
    each anchor)."""
    n = tie_graph.vertex_count
    organisation = tie_graph.vertices["organisation_id"].to_numpy()
    has_org = ~np.isnan(organisation.astype(float))
    organisations, anchor_of = np.unique(
        organisation[has_org].astype(np.int64), return_inverse=True
    )
    tie_edges = np.asarray(tie_graph.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    anchor_edges = np.column_stack([np.flatnonzero(has_org), n + anchor_of])
    weights = np.concatenate(
        [np.log1p(tie_graph.weights()), np.full(len(anchor_edges), ANCHOR_WEIGHT)]
    )
    graph = ig.Graph(
        n=n + len(organisations),
        edges=np.concatenate([tie_edges, anchor_edges]),
        directed=False,
    )
    return graph, weights, organisations


def _start(
    tie_graph: TieGraph,
    graph: ig.Graph,
    previous: pl.DataFrame,
    rng: np.random.Generator,
) -> tuple[np.ndarray, int]:
    """Starting coordinates of every vertex (people, then anchors) and how many were placed."""
    n = tie_graph.vertex_count
    total = graph.vcount()
    known = pl.DataFrame({"person_id": tie_graph.person_ids}).join(
        previous, on="person_id", how="left", maintain_order="left"
    )
    start = np.full((total, 2), np.nan)
    start[:n, 0] = known["x"].fill_null(np.nan).to_numpy()
    start[:n, 1] = known["y"].fill_null(np.nan).to_numpy()
    seeded = int(np.count_nonzero(~np.isnan(start[:n, 0])))
    spread = np.sqrt(max(total, 1)) / 2
    centre = np.zeros(2)
    if seeded:  # with nobody placed there is no mean to start from: all random (below)
        placed = start[:n][~np.isnan(start[:n, 0])]
        centre, spread = placed.mean(axis=0), max(float(placed.std(axis=0).max()), 1.0)
        # Anchors first (the mean of their placed members), then people in two passes: the mean
        # of placed tie neighbours, else of their anchor; a little jitter keeps two newcomers
        # apart.
        adjacency = graph.get_adjlist()
        for vertex in range(n, total):
            _place_at_mean(start, vertex, adjacency[vertex], rng, jitter=0.0)
        for newcomer in np.flatnonzero(np.isnan(start[:n, 0])).tolist():
            people = [v for v in adjacency[newcomer] if v < n]
            _place_at_mean(start, newcomer, people, rng, jitter=JITTER)
        for newcomer in np.flatnonzero(np.isnan(start[:, 0])).tolist():
            _place_at_mean(start, newcomer, adjacency[newcomer], rng, jitter=JITTER)
    missing = np.isnan(start[:, 0])
    start[missing] = centre + rng.uniform(-spread, spread, size=(int(missing.sum()), 2))
    return start, seeded


def _place_at_mean(
    start: np.ndarray, vertex: int, neighbours: list[int], rng: np.random.Generator, jitter: float
) -> None:
    if not neighbours:
        return
    around = start[neighbours]
    around = around[~np.isnan(around[:, 0])]
    if len(around):
        start[vertex] = around.mean(axis=0) + rng.normal(0.0, jitter, size=2) * (jitter > 0)


def map_layout(
    tie_graph: TieGraph, previous: pl.DataFrame | None = None, *, seed: int = 0
) -> MapLayout:
    """Positions of every vertex of ``tie_graph`` (see module docstring).

    Parameters
    ----------
    tie_graph : TieGraph
        The year's ties; ``vertices.organisation_id`` groups colleagues.
    previous : DataFrame[person_id, x, y], optional
        Where people sat before; people in it keep (nearly) their place.
    seed : int
        Seeds the random start of people with no placed neighbour or colleague.

    Returns
    -------
    MapLayout
    """
    rng = np.random.default_rng(seed)
    previous = (previous if previous is not None else pl.DataFrame(schema=LAYOUT_SCHEMA)).select(
        pl.col("person_id").cast(pl.Int64),
        pl.col("x").cast(pl.Float64),
        pl.col("y").cast(pl.Float64),
    )
    n = tie_graph.vertex_count
    if n == 0:
        return MapLayout(
            pl.DataFrame(schema=LAYOUT_SCHEMA),
            seeded=0,
            iterations=0,
            pulled_in=pl.Series("person_id", [], pl.Int64),
        )
    graph, weights, _organisations = _anchored_graph(tie_graph)
    start, seeded = _start(tie_graph, graph, previous, rng)
    if seeded:
        placed = np.isin(tie_graph.person_ids, previous["person_id"].to_numpy())
        step = MAX_STEP * extent(previous["x"].to_numpy(), previous["y"].to_numpy())
        # First the newcomers find their place around everyone else, who stays put...
        coordinates = _run(graph, weights, start, _bounds(start, placed, 0.0), PLACE_ITERATIONS)
        # ...then everyone settles a little. igraph's FR moves a vertex by the temperature at
        # each step whatever the force, so the temperature (cooling linearly to zero) spends a
        # travel budget of ``step`` per axis, and the bounds make sure nobody exceeds it.
        coordinates = _run(
            graph,
            weights,
            coordinates,
            _bounds(start, placed, step),
            RELAX_ITERATIONS,
            temperature=2 * step / RELAX_ITERATIONS,
        )
    else:
        coordinates = _run(graph, weights, start, None, FRESH_ITERATIONS)
        # Centred on the origin, where igraph's weak pull that keeps components together points
        # (otherwise a later relaxed run would slide everyone towards it), and spread to an
        # extent of √(vertices): igraph's grid has cells of a fixed size, so a later run that
        # starts from a dense layout compares every pair in a crowded cell and is many times
        # slower (measured: 38 s instead of 5 s at 18,000 people).
        coordinates -= np.median(coordinates[:n], axis=0)
        coordinates *= np.sqrt(graph.vcount()) / extent(coordinates[:n, 0], coordinates[:n, 1])
    coordinates, pulled_in = _strays_pulled_in(graph, coordinates, people=n)
    iterations = PLACE_ITERATIONS + RELAX_ITERATIONS if seeded else FRESH_ITERATIONS
    positions = pl.DataFrame(
        {"person_id": tie_graph.person_ids, "x": coordinates[:n, 0], "y": coordinates[:n, 1]},
        schema=LAYOUT_SCHEMA,
    )
    return MapLayout(
        positions=positions,
        seeded=seeded,
        iterations=iterations,
        pulled_in=pl.Series("person_id", tie_graph.person_ids[pulled_in[:n]], pl.Int64),
    )


def _run(
    graph: ig.Graph,
    weights: np.ndarray,
    start: np.ndarray,
    bounds: dict[str, list[float]] | None,
    iterations: int,
    temperature: float | None = None,
) -> np.ndarray:
    """igraph's Fruchterman–Reingold from ``start`` (grid-based from 1,000 vertices)."""
    options: dict[str, Any] = dict(bounds or {})
    if temperature is not None:
        options["start_temp"] = temperature
    # igraph draws random numbers of its own during the layout: seed them too.
    with seeded_igraph(0):
        layout = graph.layout_fruchterman_reingold(
            weights=weights.tolist(),
            seed=start.tolist(),
            niter=iterations,
            grid="grid" if graph.vcount() >= 1000 else "nogrid",
            **options,
        )
    return np.asarray(layout.coords, dtype=float)


def _strays_pulled_in(
    graph: ig.Graph, coordinates: np.ndarray, *, people: int
) -> tuple[np.ndarray, np.ndarray]:
    """``coordinates`` with every stray group shifted in to the rim and every stray person of
    the largest part moved onto it (module docstring, *Strays*), and which vertices moved;
    anchors move with a group, not with a person. The first ``people`` vertices are people,
    the rest anchors."""
    parts = np.asarray(graph.connected_components().membership)
    sizes = np.bincount(parts)
    largest = int(sizes.argmax())
    person = (parts == largest) & (np.arange(len(parts)) < people)
    core = coordinates[person]
    centre = np.median(core, axis=0)
    # The lower of the two values around the quantile: in a small network the quantile would
    # otherwise lie most of the way to the farthest person, the very stray to be measured.
    reach = np.quantile(np.hypot(*(core - centre).T), REACH_QUANTILE, method="lower")
    rim = RIM * float(reach)
    centres = np.column_stack([np.bincount(parts, weights=axis) for axis in coordinates.T])
    offsets = centres / sizes[:, None] - centre
    group = _beyond(offsets, rim) & (np.arange(len(sizes)) != largest)
    coordinates = coordinates - (offsets * _shrink(offsets, rim, group)[:, None])[parts]
    own = coordinates - centre
    alone = person & _beyond(own, rim)
    coordinates = coordinates - own * _shrink(own, rim, alone)[:, None]
    return coordinates, group[parts] | alone


def _beyond(offsets: np.ndarray, rim: float) -> np.ndarray:
    return np.hypot(*offsets.T) > rim


def _shrink(offsets: np.ndarray, rim: float, moved: np.ndarray) -> np.ndarray:
    """The share of each offset to take off so that a moved one ends on the rim (0 for the
    others): 1 − rim / ‖offset‖."""
    distance = np.hypot(*offsets.T)
    return np.where(moved, 1 - rim / np.where(moved, distance, 1.0), 0.0)


def _bounds(start: np.ndarray, placed: np.ndarray, step: float) -> dict[str, list[float]]:
    """igraph's per-vertex bounds (people, then anchors): placed people stay within ``step`` of
    their start along each axis; anchors and newcomers are free."""
    low = np.full_like(start, -np.inf)
    high = np.full_like(start, np.inf)
    people = np.flatnonzero(placed)
    low[people] = start[people] - step
    high[people] = start[people] + step
    return {
        "minx": low[:, 0].tolist(),
        "maxx": high[:, 0].tolist(),
        "miny": low[:, 1].tolist(),
        "maxy": high[:, 1].tolist(),
    }


def extent(x: np.ndarray, y: np.ndarray) -> float:
    """Diagonal of the box holding the middle 95 % of the points along each axis (1.0 if
    empty or a single point)."""
    if len(x) == 0:
        return 1.0
    width, height = (float(np.subtract(*np.quantile(v, [0.975, 0.025]))) for v in (x, y))
    return float(np.hypot(width, height)) or 1.0


def layout_shift(before: pl.DataFrame, after: pl.DataFrame) -> LayoutShift:
    """Displacement of the people in both ``before`` and ``after`` (DataFrame[person_id, x, y]),
    relative to the extent of ``before`` (see :class:`LayoutShift`)."""
    shared = before.join(after, on="person_id", how="inner", suffix="_after")
    if shared.height == 0:
        return LayoutShift(shared=0, extent=0.0, median=0.0, p95=0.0, maximum=0.0)
    x, y = shared["x"].to_numpy(), shared["y"].to_numpy()
    size = extent(x, y)
    moved = np.hypot(shared["x_after"].to_numpy() - x, shared["y_after"].to_numpy() - y) / size
    return LayoutShift(
        shared=shared.height,
        extent=size,
        median=float(np.median(moved)),
        p95=float(np.quantile(moved, 0.95)),
        maximum=float(moved.max()),
    )
