"""Which compiled graph library and which dataframe engine (issue 3), measured here.

Run: ``.venv/bin/python benchmarks/engines.py`` (sizes 10k and 100k members) or
``--sizes 10000``. Needs the ``bench`` extra (NetworKit, rustworkx, DuckDB).

**Graph** — for each size, ``netweave.synth.generate`` (seed 1, window ending 2026-06-30)
makes a clustered network; Polars aggregates the interactions of the last 365 days per
unordered pair into one undirected weighted edge list (vertices = members who interacted).
All of that happens before any clock starts. Then, interleaved per metric (igraph, NetworKit,
rustworkx, igraph, …):

- build the graph from the same NumPy edge arrays (timed on its own);
- betweenness over hops: exact at ≤ ``EXACT_MAX`` vertices; above, 256 sampled sources
  (igraph ``betweenness(sources=…)`` on a fixed sample scaled by n/k; NetworKit
  ``EstimateBetweenness`` with 256 pivots; rustworkx has no sampling, so it runs exact at the
  small size only);
- local clustering (rustworkx has only the global transitivity: none);
- connected components (all three);
- communities: igraph ``community_leiden`` (modularity, weights, 2 passes), NetworKit ``PLM``
  (Louvain with refinement) and ``ParallelLeiden``; rustworkx has none. The modularity Q of each
  partition is computed with igraph on the same weighted graph, so the Q values compare;
- Burt's constraint: igraph only (NetworKit and rustworkx have none).

Where results are exact, the script reports the largest absolute difference to igraph
(normalised betweenness, local clustering) and whether the component sizes are equal.

**Dataframe** — the 100k network (≈ 10M interactions) is written with
``netweave.synth.write_parquet`` to a temporary folder; then each repetition starts a fresh
``python`` per engine (Polars, DuckDB, Polars, DuckDB, …) that reads ``interactions.parquet``
and aggregates it to pair-year weights (canonical pair min/max, year, summed weight, count),
materialised as a Polars frame (DuckDB's ``.pl()``: Polars is our table contract). Each child
reports its query time, its peak RSS (``VmHWM``), the number of groups and the
total weight.

Threads: the machine has 2 cores. NetworKit is set to 2 threads explicitly
(``setNumberOfThreads(2)``), rustworkx's Rayon pool to 2 (``RAYON_NUM_THREADS``), DuckDB to 2
(``SET threads = 2``); Polars sizes its pool from the cores (2); igraph is single-threaded.
Median of 5 repetitions below 100k members and of 3 at 100k; ratios are against igraph
(graph) and Polars (dataframe), because absolute seconds on shared cores are noisy.
Prints a table and writes ``benchmarks/results/engines.json``.
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
from collections.abc import Callable
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from machine import cpu_model, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "engines.json"
UNTIL = date(2026, 6, 30)
SEED = 1
SAMPLES = 256
EXACT_MAX = 20_000  # exact betweenness up to this many vertices, sampled above
THREADS = 2
DATAFRAME_MEMBERS = 100_000
DISTRIBUTIONS = ("igraph", "networkit", "rustworkx", "polars", "duckdb", "numpy")


# ---------------------------------------------------------------- inputs (before the clock)


def edge_list(members: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, int]:
    """Vertex count, endpoints (0-based), summed weights, and the interaction row count.

    One row per unordered pair that interacted in the last 365 days up to ``UNTIL``;
    vertices are the people in those pairs, numbered densely in person-id order.
    """
    from netweave.synth import SynthConfig, generate

    network = generate(SynthConfig(members=members, until=UNTIL, seed=SEED))
    interactions = network.tables.interactions
    ties = (
        interactions.lazy()
        .filter(pl.col("on") > UNTIL - timedelta(days=365))
        .select(
            a=pl.min_horizontal("a", "b"), b=pl.max_horizontal("a", "b"), weight=pl.col("weight")
        )
        .group_by("a", "b")
        .agg(pl.col("weight").sum())
        .sort("a", "b")
        .collect()
    )
    ids = pl.concat([ties["a"], ties["b"]]).unique().sort()
    a = ids.search_sorted(ties["a"]).to_numpy().astype(np.int64)
    b = ids.search_sorted(ties["b"]).to_numpy().astype(np.int64)
    return len(ids), a, b, ties["weight"].to_numpy(), interactions.height


# ---------------------------------------------------------------- graph builders


def build_igraph(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> Any:
    import igraph

    graph = igraph.Graph(n=n, edges=np.column_stack([a, b]), directed=False)
    graph.es["weight"] = w
    return graph


def build_networkit(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> Any:
    import networkit as nk

    graph = nk.Graph(n, weighted=True, directed=False)
    graph.addEdges((w, (a, b)))
    return graph


def build_rustworkx(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> Any:
    import rustworkx as rx

    graph = rx.PyGraph(multigraph=False, node_count_hint=n, edge_count_hint=len(a))
    graph.add_nodes_from(range(n))
    graph.add_edges_from(list(zip(a.tolist(), b.tolist(), w.tolist(), strict=True)))
    return graph


BUILDERS: dict[str, Callable[..., Any]] = {
    "igraph": build_igraph,
    "networkit": build_networkit,
    "rustworkx": build_rustworkx,
}


# ---------------------------------------------------------------- metrics per library
# Each returns an array (or a partition) so that results can be compared after timing.


def betweenness_exact(engine: str, graph: Any, unweighted: Any) -> np.ndarray:
    """Normalised betweenness over hops: raw / ((n-1)(n-2)/2), each unordered pair once."""
    if engine == "igraph":
        n = graph.vcount()
        raw = np.asarray(graph.betweenness(directed=False), dtype=float)
        return raw * 2.0 / ((n - 1) * (n - 2))
    if engine == "networkit":
        import networkit as nk

        algo = nk.centrality.Betweenness(unweighted, normalized=True)
        algo.run()
        return np.asarray(algo.scores(), dtype=float)
    import rustworkx as rx

    scores = rx.graph_betweenness_centrality(graph, normalized=True)
    return np.asarray([scores[i] for i in range(graph.num_nodes())], dtype=float)


def betweenness_sampled(engine: str, graph: Any, unweighted: Any) -> np.ndarray:
    """Normalised betweenness estimated from ``SAMPLES`` sources (igraph) or pivots (NetworKit)."""
    if engine == "igraph":
        n = graph.vcount()
        sources = np.sort(np.random.default_rng(SEED).choice(n, size=SAMPLES, replace=False))
        raw = np.asarray(graph.betweenness(directed=False, sources=sources.tolist()), dtype=float)
        # igraph already halves per source (½ Σ_{s∈S} δ_s(v)); n/k scales S up to all sources.
        return raw * (n / SAMPLES) * 2.0 / ((n - 1) * (n - 2))
    import networkit as nk

    algo = nk.centrality.EstimateBetweenness(unweighted, SAMPLES, normalized=True, parallel=True)
    algo.run()
    return np.asarray(algo.scores(), dtype=float)


def local_clustering(engine: str, graph: Any, unweighted: Any) -> np.ndarray:
    """Unweighted local clustering coefficient, 0 for degree < 2."""
    if engine == "igraph":
        return np.asarray(graph.transitivity_local_undirected(mode="zero"), dtype=float)
    import networkit as nk

    algo = nk.centrality.LocalClusteringCoefficient(unweighted, turbo=False)
    algo.run()
    return np.asarray(algo.scores(), dtype=float)


def components(engine: str, graph: Any, unweighted: Any) -> list[int]:
    """Component sizes, largest first."""
    if engine == "igraph":
        sizes = graph.connected_components().sizes()
    elif engine == "networkit":
        import networkit as nk

        algo = nk.components.ConnectedComponents(unweighted)
        algo.run()
        sizes = list(algo.getComponentSizes().values())
    else:
        import rustworkx as rx

        sizes = [len(c) for c in rx.connected_components(graph)]
    return sorted(sizes, reverse=True)


def communities(engine: str, graph: Any, unweighted: Any) -> np.ndarray:
    """Membership vector of a weighted-modularity partition."""
    if engine == "igraph":
        import igraph

        igraph.set_random_number_generator(__import__("random").Random(SEED))
        clustering = graph.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=2
        )
        return np.asarray(clustering.membership, dtype=np.int64)
    import networkit as nk

    nk.engineering.setSeed(SEED, False)
    if engine == "networkit-plm":
        algo = nk.community.PLM(graph, refine=True)
    else:
        algo = nk.community.ParallelLeiden(graph)
    algo.run()
    return np.asarray(algo.getPartition().getVector(), dtype=np.int64)


def constraint(engine: str, graph: Any, unweighted: Any) -> np.ndarray:
    """Burt's constraint with tie weights (igraph only)."""
    return np.asarray(graph.constraint(weights="weight"), dtype=float)


# (metric, function, engines) — which library offers what; "none" is reported as such.
METRICS: list[tuple[str, Callable[..., Any], list[str]]] = [
    ("betweenness", betweenness_exact, ["igraph", "networkit", "rustworkx"]),
    ("local clustering", local_clustering, ["igraph", "networkit"]),
    ("components", components, ["igraph", "networkit", "rustworkx"]),
    ("communities", communities, ["igraph", "networkit-plm", "networkit-leiden"]),
    ("constraint", constraint, ["igraph"]),
]
MISSING = {
    "local clustering": {"rustworkx": "none (only global transitivity)"},
    "communities": {"rustworkx": "none"},
    "constraint": {"networkit": "none", "rustworkx": "none"},
}


def library(engine: str) -> str:
    return engine.split("-")[0]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run_graph(members: int, reps: int) -> dict[str, Any]:
    """All graph metrics at one size, interleaved per metric."""
    import networkit as nk

    n, a, b, w, rows = edge_list(members)
    print(f"\n{members:,} members: {rows:,} interactions → {n:,} vertices, {len(a):,} ties")
    times: dict[str, dict[str, list[float]]] = {"build": {e: [] for e in BUILDERS}}
    graphs: dict[str, Any] = {}
    for _ in range(reps):
        for engine, builder in BUILDERS.items():
            seconds, graphs[engine] = timed(lambda builder=builder: builder(n, a, b, w))
            times["build"][engine].append(seconds)
    # NetworKit measures betweenness and clustering over hops on an unweighted copy (made
    # outside the clock); its weighted graph would make Betweenness use weights as lengths.
    unweighted = nk.graphtools.toUnweighted(graphs["networkit"])
    assert graphs["igraph"].ecount() == graphs["networkit"].numberOfEdges() == len(a)
    assert graphs["rustworkx"].num_edges() == len(a)

    metrics = list(METRICS)
    missing = {k: dict(v) for k, v in MISSING.items()}
    if n > EXACT_MAX:
        metrics[0] = ("betweenness", betweenness_sampled, ["igraph", "networkit"])
        missing["betweenness"] = {"rustworkx": "no sampling; exact only at the small size"}
    results: dict[str, Any] = {}
    for metric, function, engines in metrics:
        runs: dict[str, list[float]] = {e: [] for e in engines}
        outputs: dict[str, Any] = {}
        for _ in range(reps):
            for engine in engines:
                graph = graphs["networkit" if engine.startswith("networkit") else engine]
                seconds, outputs[engine] = timed(
                    lambda function=function, engine=engine, graph=graph: function(
                        engine, graph, unweighted
                    )
                )
                runs[engine].append(seconds)
                print(f"  {metric:<17} {engine:<17} {seconds:8.3f} s", flush=True)
        times[metric] = runs
        results[metric] = agreement(metric, outputs, graphs["igraph"], n)
        if metric == "betweenness":
            results[metric]["method"] = "exact" if n <= EXACT_MAX else f"{SAMPLES} samples"
    return {
        "members": members,
        "interactions": rows,
        "vertices": n,
        "ties": len(a),
        "reps": reps,
        "seconds": times,
        "median_s": {m: {e: statistics.median(v) for e, v in r.items()} for m, r in times.items()},
        "check": results,
        "missing": missing,
    }


def agreement(metric: str, outputs: dict[str, Any], igraph_graph: Any, n: int) -> dict[str, Any]:
    """How each library's result compares with igraph's."""
    reference = outputs["igraph"]
    check: dict[str, Any] = {}
    for engine, value in outputs.items():
        if engine == "igraph":
            continue
        if metric in ("betweenness", "local clustering"):
            check[engine] = {"max_abs_diff": float(np.max(np.abs(value - reference)))}
            if metric == "betweenness" and n > EXACT_MAX:
                # Two estimators on different samples: compare rankings, not values.
                rho = pl.DataFrame({"x": reference, "y": value}).select(
                    pl.corr("x", "y", method="spearman")
                )
                check[engine]["spearman_vs_igraph"] = float(rho.item())
                check[engine]["mean_ratio_vs_igraph"] = float(value.mean() / reference.mean())
        elif metric == "components":
            check[engine] = {"same_sizes": value == reference, "count": len(value)}
    if metric == "components":
        check["igraph"] = {"count": len(reference), "largest": reference[0]}
    if metric == "communities":
        for engine, membership in outputs.items():
            q = igraph_graph.modularity(membership.tolist(), weights="weight")
            check[engine] = {"modularity": q, "communities": int(membership.max()) + 1}
    return check


# ---------------------------------------------------------------- dataframe engines


def aggregate_child(engine: str, path: str) -> None:
    """In a fresh process: aggregate to pair-year weights, print time, RSS, groups, weight.

    The clock starts after the imports; DuckDB is imported only by its own child, so that
    its baseline memory is not counted in Polars' peak RSS.
    """
    if engine == "duckdb":
        import duckdb

    start = time.perf_counter()
    if engine == "polars":
        frame = (
            pl.scan_parquet(path)
            .select(
                a=pl.min_horizontal("a", "b"),
                b=pl.max_horizontal("a", "b"),
                year=pl.col("on").dt.year(),
                weight=pl.col("weight"),
            )
            .group_by("a", "b", "year")
            .agg(pl.col("weight").sum(), pl.len().alias("interactions"))
            .collect()
        )
    else:
        connection = duckdb.connect()
        connection.execute(f"SET threads = {THREADS}")
        frame = connection.sql(
            'SELECT least(a, b) AS a, greatest(a, b) AS b, year("on") AS year, '
            "sum(weight) AS weight, count(*) AS interactions "
            "FROM read_parquet(?) GROUP BY ALL",
            params=[path],
        ).pl()
    seconds = time.perf_counter() - start
    peak = peak_rss_mib()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mib": peak,
                "groups": frame.height,
                "total_weight": float(frame["weight"].sum()),
                "interactions": int(frame["interactions"].sum()),
            }
        )
    )


def run_dataframe(reps: int) -> dict[str, Any]:
    from netweave.synth import SynthConfig, generate, write_parquet

    network = generate(SynthConfig(members=DATAFRAME_MEMBERS, until=UNTIL, seed=SEED))
    rows = network.tables.interactions.height
    engines = ["polars", "duckdb"]
    runs: dict[str, list[dict[str, Any]]] = {e: [] for e in engines}
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(network, Path(folder))
        del network
        path = str(Path(folder) / "interactions.parquet")
        print(f"\ndataframe: {rows:,} interaction rows from Parquet → pair-year weights")
        for _ in range(reps):
            for engine in engines:
                out = subprocess.run(
                    [sys.executable, __file__, "--aggregate-child", engine, path],
                    check=True,
                    capture_output=True,
                    text=True,
                    env={**os.environ, "POLARS_MAX_THREADS": str(THREADS)},
                )
                run = json.loads(out.stdout.strip().splitlines()[-1])
                runs[engine].append(run)
                print(
                    f"  {engine:<7} {run['seconds']:7.3f} s  {run['peak_rss_mib']:7.0f} MiB  "
                    f"{run['groups']:,} groups",
                    flush=True,
                )
    first = {e: runs[e][0] for e in engines}
    return {
        "members": DATAFRAME_MEMBERS,
        "rows": rows,
        "reps": reps,
        "runs": runs,
        "median_s": {e: statistics.median(r["seconds"] for r in runs[e]) for e in engines},
        "median_peak_rss_mib": {
            e: statistics.median(r["peak_rss_mib"] for r in runs[e]) for e in engines
        },
        "same_groups": first["polars"]["groups"] == first["duckdb"]["groups"],
        "groups": {e: first[e]["groups"] for e in engines},
        "total_weight": {e: first[e]["total_weight"] for e in engines},
        "same_total_weight": bool(
            np.isclose(first["polars"]["total_weight"], first["duckdb"]["total_weight"], rtol=1e-9)
        ),
    }


# ---------------------------------------------------------------- report


def licence(distribution: str) -> str:
    """The licence a distribution declares: License-Expression, else License, else classifiers."""
    meta = metadata.metadata(distribution)
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    if meta.get("License") and len(meta["License"]) < 80:
        return meta["License"]
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(c.split(" :: ")[-1] for c in classifiers) or "not declared"


def machine() -> dict[str, Any]:
    cpu = cpu_model()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "versions": {d: metadata.version(d) for d in DISTRIBUTIONS},
        "threads": {
            "networkit": THREADS,
            "rustworkx (RAYON_NUM_THREADS)": THREADS,
            "duckdb": THREADS,
            "polars (POLARS_MAX_THREADS)": THREADS,
            "igraph": 1,
        },
    }


def print_graph_table(sizes: list[dict[str, Any]]) -> None:
    print(
        "\n| members | vertices / ties | reps | metric | igraph s | NetworKit s (×igraph) "
        "| rustworkx s (×igraph) | check |"
    )
    print("|---:|---:|---:|---|---:|---:|---:|---|")
    for size in sizes:
        base = size["median_s"]
        for metric, medians in base.items():
            ig = medians["igraph"]
            cells = []
            for lib in ("networkit", "rustworkx"):
                found = [(e, s) for e, s in medians.items() if library(e) == lib]
                if not found:
                    cells.append(size["missing"].get(metric, {}).get(lib, "none"))
                    continue
                cells.append(
                    ", ".join(
                        f"{e.removeprefix('networkit-') + ' ' if '-' in e else ''}"
                        f"{s:.3f} ({s / ig:.2f}×)"
                        for e, s in found
                    )
                )
            label = metric
            if metric == "betweenness":
                label += f" ({size['check'][metric]['method']})"
            check = json.dumps(size["check"].get(metric, {}), default=str)
            print(
                f"| {size['members']:,} | {size['vertices']:,} / {size['ties']:,} | "
                f"{size['reps']} | {label} | {ig:.3f} | {cells[0]} | {cells[1]} | {check} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="members, comma separated")
    parser.add_argument("--reps", type=int, default=None, help="default: 5 (<100k), 3 at 100k")
    parser.add_argument("--dataframe-reps", type=int, default=5)
    parser.add_argument("--no-dataframe", action="store_true")
    parser.add_argument("--aggregate-child", nargs=2, metavar=("ENGINE", "PARQUET"))
    args = parser.parse_args()
    if args.aggregate_child:
        aggregate_child(*args.aggregate_child)
        return
    # Rayon reads this when rustworkx first runs in parallel, so setting it here is enough.
    os.environ["RAYON_NUM_THREADS"] = str(THREADS)
    import networkit as nk

    nk.setNumberOfThreads(THREADS)
    info = machine()
    print(json.dumps(info, indent=1))
    sizes = []
    for members in (int(s) for s in args.sizes.split(",")):
        reps = args.reps or (5 if members < 100_000 else 3)
        sizes.append(run_graph(members, reps))
    print_graph_table(sizes)
    dataframe = None if args.no_dataframe else run_dataframe(args.dataframe_reps)
    if dataframe:
        pol, duck = dataframe["median_s"]["polars"], dataframe["median_s"]["duckdb"]
        rss = dataframe["median_peak_rss_mib"]
        print("\n| rows | reps | engine | median s | ×Polars | peak RSS MiB | groups | weight |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|")
        for engine, s in (("polars", pol), ("duckdb", duck)):
            print(
                f"| {dataframe['rows']:,} | {dataframe['reps']} | {engine} | {s:.3f} | "
                f"{s / pol:.2f} | {rss[engine]:.0f} | {dataframe['groups'][engine]:,} | "
                f"{dataframe['total_weight'][engine]:.1f} |"
            )
    licences = {d: licence(d) for d in DISTRIBUTIONS}
    print("\nlicences (package metadata):", json.dumps(licences))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "graph libraries and dataframe engines (issue 3)",
                "command": "python benchmarks/engines.py " + " ".join(sys.argv[1:]),
                "machine": info,
                "graph": sizes,
                "dataframe": dataframe,
                "licences": licences,
            },
            indent=2,
            default=str,
        )
        + "\n"
    )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
