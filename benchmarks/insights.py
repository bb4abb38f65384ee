"""Benchmark of ``netweave.insights.analyse`` against a plain NetworkX pipeline.

Run: ``.venv/bin/python benchmarks/insights.py`` (all sizes) or ``--sizes 1000 10000``.

For each size (members; interactions = 100 × members, over 2023–2025) the script generates a
deterministic clustered network with NumPy (before any clock starts), then times, interleaved:

- **ours**: the full ``analyse(tables, Period.year(2025))`` (all metric families);
- **networkx**: the same graph metrics with NetworkX on the same tie graph (edges aggregated
  with Polars, as ours): density, average clustering, transitivity, connected components,
  betweenness (exact up to ``betweenness_exact_max_nodes``, else k = 256 sampled sources, the
  same estimator as ours), Burt's constraint, articulation points, Louvain communities
  (NetworkX has no Leiden) and their modularity.

Median of ``--reps`` repetitions (default 5; 3 at 100k, where NetworkX is skipped: its
constraint alone is extrapolated at hours). Peak RSS per size: a fresh subprocess that reads the
generated tables from Parquet and runs ``analyse`` once (``resource.getrusage``). At the
largest size, a per-family breakdown and a cProfile of one ``analyse`` (top entries by
cumulative time) show where the time goes.
Prints a table and writes ``benchmarks/results/insights.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import igraph
import numpy as np
import polars as pl
from machine import cpu_model, peak_rss_mib

from netweave.insights import MetricSettings, NetworkTables, Period, analyse
from netweave.insights._history import interaction_history
from netweave.insights.bridging import bridging
from netweave.insights.brokerage import brokerage
from netweave.insights.cohesion import cohesion
from netweave.insights.graph import tie_graph
from netweave.insights.introductions import introductions
from netweave.insights.key_players import key_players
from netweave.insights.orientation import orientation
from netweave.insights.reciprocity import reciprocity
from netweave.insights.renewal import renewal
from netweave.insights.routines import routines
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, SECTORS, THEMES
from netweave.insights.warmth import warmths

RESULTS = Path(__file__).parent / "results" / "insights.json"
PERIOD = Period.year(2025)
START = date(2023, 1, 1)
DAYS = 3 * 365
COMMUNITY = 40  # members per community (dense inside)
ORG = 20  # members per organisation
TIES_PER_MEMBER = 10  # average degree ≈ 20
KINDS = np.array(list(DEFAULT_KIND_WEIGHTS))
KIND_P = np.array([0.45, 0.1, 0.2, 0.1, 0.15])


def generate(members: int, interactions_per_member: int = 100, seed: int = 7) -> NetworkTables:
    """A clustered network: communities of 40, 85% of ties inside, heavy-tailed tie activity."""
    rng = np.random.default_rng(seed)
    n = members
    ids = np.arange(1, n + 1, dtype=np.int64)
    orgs = (np.arange(n) // ORG) + 1
    n_orgs = int(orgs.max())
    org_sector = rng.choice(len(SECTORS), size=n_orgs, p=[0.3, 0.3, 0.25, 0.1, 0.05])
    organisations = pl.DataFrame(
        {
            "organisation_id": np.arange(1, n_orgs + 1),
            "name": [f"org {i}" for i in range(1, n_orgs + 1)],
            "sector": np.array(SECTORS)[org_sector],
        }
    )
    # Shuffle community membership so organisations and communities overlap only partly.
    community = rng.permutation(n) // COMMUNITY
    by_community = np.argsort(community, kind="stable")
    community_start = np.searchsorted(community[by_community], np.arange(community.max() + 1))
    community_size = np.bincount(community)
    joined = np.datetime64(START) + (rng.integers(-2000, 700, size=n)).astype("timedelta64[D]")
    members_frame = pl.DataFrame(
        {
            "person_id": ids,
            "organisation_id": orgs,
            "sector": np.array(SECTORS)[org_sector[orgs - 1]],
            "joined": joined,
            "left": pl.Series([None] * n, dtype=pl.Date),
        }
    )
    # Ties: each member draws partners, mostly inside its community.
    m = n * TIES_PER_MEMBER
    a = rng.integers(0, n, size=m)
    inside = rng.random(m) < 0.85
    c = community[a]
    b_inside = by_community[
        community_start[c] + rng.integers(0, 1 << 30, size=m) % community_size[c]
    ]
    b = np.where(inside, b_inside, rng.integers(0, n, size=m))
    keep = a != b
    pairs = np.unique(np.column_stack([np.minimum(a, b), np.maximum(a, b)])[keep], axis=0)
    # Interactions: ties drawn with heavy-tailed (Pareto) activity.
    rows = n * interactions_per_member
    activity = rng.pareto(1.5, size=len(pairs)) + 1.0
    tie = rng.choice(len(pairs), size=rows, p=activity / activity.sum())
    flip = rng.random(rows) < 0.5
    ia = np.where(flip, pairs[tie, 1], pairs[tie, 0]) + 1
    ib = np.where(flip, pairs[tie, 0], pairs[tie, 1]) + 1
    kind_index = rng.choice(len(KINDS), size=rows, p=KIND_P)
    kinds = KINDS[kind_index]
    weights = np.array(list(DEFAULT_KIND_WEIGHTS.values()))[kind_index]
    on = np.datetime64(START) + rng.integers(0, DAYS, size=rows).astype("timedelta64[D]")
    interactions = pl.DataFrame(
        {
            "a": ia,
            "b": ib,
            "on": on,
            "kind": kinds,
            "directed": np.isin(kind_index, [1, 2]),
            "purpose": np.where(rng.random(rows) < 0.6, "network", "outside"),
            "source": np.array(["logged", "imported", "routine"])[
                rng.choice(3, size=rows, p=[0.6, 0.2, 0.2])
            ],
            "weight": weights,
        }
    )
    themes = pl.DataFrame(
        {
            "person_id": np.repeat(ids, 2),
            "theme": np.array(THEMES)[rng.integers(0, len(THEMES), size=2 * n)],
        }
    ).unique()
    # Routines: one per 50 members, monthly over three years, 90 % held, ~12 attendees.
    routines_count = max(1, n // 50)
    occ_routine = np.repeat(np.arange(1, routines_count + 1), 36)
    occ_on = np.datetime64(START) + (np.tile(np.arange(36), routines_count) * 30).astype(
        "timedelta64[D]"
    )
    occurrences = pl.DataFrame(
        {
            "occurrence_id": np.arange(1, len(occ_routine) + 1),
            "routine_id": occ_routine,
            "on": occ_on,
            "held": rng.random(len(occ_routine)) < 0.9,
        }
    )
    per = 12
    attendance = pl.DataFrame(
        {
            "occurrence_id": np.repeat(occurrences["occurrence_id"].to_numpy(), per),
            "person_id": rng.integers(1, n + 1, size=len(occ_routine) * per),
        }
    ).unique()
    intro_count = n // 2
    statuses = np.array(["suggested", "accepted", "declined", "met", "followed_up"])
    status = statuses[rng.choice(5, size=intro_count, p=[0.3, 0.2, 0.1, 0.25, 0.15])]
    suggested_on = np.datetime64(START) + rng.integers(0, DAYS, size=intro_count).astype(
        "timedelta64[D]"
    )
    introductions_frame = pl.DataFrame(
        {
            "introduction_id": np.arange(1, intro_count + 1),
            "introducer_id": rng.integers(1, n + 1, size=intro_count),
            "a": rng.integers(1, n + 1, size=intro_count),
            "b": rng.integers(1, n + 1, size=intro_count),
            "suggested_on": suggested_on,
            "status": status,
            "met_on": suggested_on + np.timedelta64(14, "D"),
        }
    ).with_columns(pl.when(pl.col("status").is_in(["met", "followed_up"])).then(pl.col("met_on")))
    return NetworkTables.build(
        organisations=organisations,
        members=members_frame,
        interactions=interactions,
        member_themes=themes,
        introductions=introductions_frame,
        occurrences=occurrences,
        attendance=attendance,
    )


def ours(tables: NetworkTables) -> object:
    return analyse(tables, PERIOD)


def reference(tables: NetworkTables) -> dict[str, object]:
    """The graph metrics of ``analyse`` computed with NetworkX on the same tie graph."""
    import networkx as nx

    settings = MetricSettings()
    graph = tie_graph(tables, PERIOD, settings)
    g = nx.Graph()
    g.add_nodes_from(graph.person_ids.tolist())
    g.add_weighted_edges_from(graph.ties.select("a", "b", "weight").iter_rows())
    n = g.number_of_nodes()
    k = settings.betweenness_samples if n > settings.betweenness_exact_max_nodes else None
    communities = nx.community.louvain_communities(g, weight="weight", seed=settings.seed)
    return {
        "density": nx.density(g),
        "average_clustering": nx.average_clustering(g),
        "transitivity": nx.transitivity(g),
        "components": nx.number_connected_components(g),
        "betweenness": nx.betweenness_centrality(g, k=k, seed=settings.seed),
        "constraint": nx.constraint(g, weight="weight"),
        "articulation_points": list(nx.articulation_points(g)),
        "modularity": nx.community.modularity(g, communities, weight="weight"),
    }


def families(tables: NetworkTables) -> dict[str, float]:
    """Seconds per metric family, to show where the time goes."""
    settings = MetricSettings()
    timings: dict[str, float] = {}

    def timed(name: str, call):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        value = call()
        timings[name] = time.perf_counter() - began
        return value

    graph = timed("graph", lambda: tie_graph(tables, PERIOD, settings))
    # As analyse: the interactions sorted by pair once, for warmth, renewal and routines.
    history = timed("history", lambda: interaction_history(tables, settings))
    # Both moments analyse needs (the period's end, the day before its start).
    moments = [PERIOD.end, PERIOD.start - timedelta(days=1)]
    ties = timed("warmth", lambda: warmths(tables, moments, settings, history=history))[0]
    timed("reciprocity", lambda: reciprocity(tables, PERIOD, settings))
    timed("bridging", lambda: bridging(tables, graph, ties))
    timed("brokerage", lambda: brokerage(graph, settings))
    timed("key_players", lambda: key_players(graph))
    timed("cohesion", lambda: cohesion(graph, settings))
    timed("renewal", lambda: renewal(tables, PERIOD, history=history))
    timed("orientation", lambda: orientation(tables, PERIOD, settings))
    timed("routines", lambda: routines(tables, PERIOD, history=history))
    timed("introductions", lambda: introductions(tables, PERIOD))
    timings["graph_vertices"] = graph.vertex_count
    timings["graph_ties"] = graph.tie_count
    return timings


def profile(tables: NetworkTables, top: int = 15) -> list[str]:
    """Top entries (cumulative seconds) of one ``analyse`` run under cProfile."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    analyse(tables, PERIOD)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return [line for line in lines[start : start + top + 1] if line]


def peak_rss(folder: Path) -> float:
    """MiB peak RSS of a fresh process that reads the tables and runs analyse once."""
    out = subprocess.run(
        [sys.executable, __file__, "--rss", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _rss_child(folder: str) -> None:
    tables = NetworkTables.read_parquet(Path(folder))
    analyse(tables, PERIOD)
    print(peak_rss_mib())


def run(sizes: list[int], reps: int) -> dict[str, object]:
    results = []
    for size in sizes:
        tables = generate(size)
        with_reference = size <= 10_000
        size_reps = reps if size < 100_000 else min(reps, 3)
        ours_times: list[float] = []
        ref_times: list[float] = []
        for _ in range(size_reps):
            began = time.perf_counter()
            ours(tables)
            ours_times.append(time.perf_counter() - began)
            if with_reference:
                began = time.perf_counter()
                reference(tables)
                ref_times.append(time.perf_counter() - began)
            print(
                f"  {size}: ours {ours_times[-1]:.2f}s"
                + (f", networkx {ref_times[-1]:.2f}s" if with_reference else ""),
                flush=True,
            )
        with tempfile.TemporaryDirectory() as folder:
            tables.write_parquet(Path(folder))
            rss = peak_rss(Path(folder))
        row: dict[str, object] = {
            "members": size,
            "interactions": tables.interactions.height,
            "reps": size_reps,
            "ours_median_s": statistics.median(ours_times),
            "ours_s": ours_times,
            "networkx_median_s": statistics.median(ref_times) if ref_times else None,
            "networkx_s": ref_times,
            "speedup": statistics.median(ref_times) / statistics.median(ours_times)
            if ref_times
            else None,
            "peak_rss_mib": rss,
        }
        if size == max(sizes):
            row["families_s"] = families(tables)
            row["profile_cumulative"] = profile(tables)
        results.append(row)
        del tables
    return {
        "benchmark": "insights.analyse vs networkx",
        "command": "python benchmarks/insights.py " + " ".join(sys.argv[1:]),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu": cpu_model(),
            "python": platform.python_version(),
        },
        "versions": {
            "polars": pl.__version__,
            "numpy": np.__version__,
            "igraph": igraph.__version__,
            "networkx": _networkx_version(),
        },
        "results": results,
    }


def _networkx_version() -> str:
    import networkx

    return networkx.__version__


def table(report: dict[str, object]) -> str:
    lines = [
        "| members | interactions | reps | ours median s | networkx median s | speed-up "
        "| peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["results"]:  # type: ignore[attr-defined]
        nx_s = f"{row['networkx_median_s']:.2f}" if row["networkx_median_s"] else "skipped"
        speedup = f"{row['speedup']:.1f}×" if row["speedup"] else "–"
        lines.append(
            f"| {row['members']:,} | {row['interactions']:,} | {row['reps']} | "
            f"{row['ours_median_s']:.2f} | {nx_s} | {speedup} | {row['peak_rss_mib']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rss", help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.rss:
        _rss_child(args.rss)
        return
    report = run(args.sizes, args.reps)
    print(table(report))
    largest = report["results"][-1]  # type: ignore[index]
    if "families_s" in largest:
        print("where the time goes at", largest["members"], "members:", largest["families_s"])
        print("\n".join(largest["profile_cumulative"]))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
