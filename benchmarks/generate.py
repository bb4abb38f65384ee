"""Benchmark of `netweave.synth`: generate a network and write it to Parquet (issue 2).

Named reference: the issue's target, "100,000 members with ~10,000,000 interactions in about a
minute on 2 cores and a few GiB, writing Parquet". Beside it, interleaved with every run, the
BENCHMARKS.md Polars reference on the same data: read the interactions Parquet just written and
aggregate it into pair-year weights (BENCHMARKS.md: 1.2 s for 10M rows from Parquet).

Every measurement runs in a fresh subprocess, so peak memory is that process's maximum
resident set size (``resource.getrusage``). Sizes sweep 1k, 10k and 100k members; runs per size
are 5, 5 and 3 by default (median reported). The largest size is profiled once with cProfile.

    .venv/bin/python benchmarks/generate.py            # full sweep, writes results/generate.json
    .venv/bin/python benchmarks/generate.py --sizes 1000 --runs 3   # a quick look
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from machine import cpu_model, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "generate.json"
UNTIL = date(2026, 6, 30)
SEED = 2026
TARGET_SECONDS = 60.0  # the issue: "about a minute" for 100k members / 10M interactions
TARGET_MEMBERS = 100_000
DEFAULT_RUNS = {1_000: 5, 10_000: 5, 100_000: 3}


def child_generate(members: int, folder: Path, profile: bool) -> dict:
    """Generate ``members`` and write Parquet to ``folder``; timings in seconds."""
    from netweave.synth import SynthConfig, generate, write_parquet

    config = SynthConfig(members=members, until=UNTIL, seed=SEED)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    network = generate(config)
    generated = time.perf_counter()
    write_parquet(network, folder)
    written = time.perf_counter()
    if profiler:
        profiler.disable()
    result = {
        "generate_s": generated - started,
        "write_s": written - generated,
        "total_s": written - started,
        "interactions": network.tables.interactions.height,
        "parquet_mib": sum(f.stat().st_size for f in folder.iterdir()) / 2**20,
        "peak_rss_mib": peak_rss_mib(),
    }
    if profiler:
        result["profile"] = top_entries(profiler)
    return result


def top_entries(profiler: cProfile.Profile, count: int = 12) -> list[dict]:
    """The functions with the most cumulative time, netweave's and the libraries'."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "netweave" in filename or own > 0.2:
            where = filename.split("src/")[-1] if "netweave" in filename else "(library)"
            rows.append(
                {
                    "function": f"{where}:{line}({name})",
                    "calls": calls,
                    "own_s": round(own, 3),
                    "cumulative_s": round(cumulative, 3),
                }
            )
    rows.sort(key=lambda row: -row["cumulative_s"])
    return rows[:count]


def child_aggregate(folder: Path) -> dict:
    """The Polars reference: interactions Parquet → weight per (pair, year)."""
    import polars as pl

    started = time.perf_counter()
    weights = (
        pl.scan_parquet(folder / "interactions.parquet")
        .group_by(
            pl.min_horizontal("a", "b").alias("u"),
            pl.max_horizontal("a", "b").alias("v"),
            pl.col("on").dt.year().alias("year"),
        )
        .agg(pl.col("weight").sum())
        .collect()
    )
    return {
        "aggregate_s": time.perf_counter() - started,
        "pair_years": weights.height,
        "peak_rss_mib": peak_rss_mib(),
    }


def run_child(*args: str) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def machine() -> dict:
    import numpy
    import polars
    import pyarrow

    cpu = cpu_model()
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = int(meminfo.read_text().split()[1])
        memory = f"{total_kib / 2**20:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "polars": polars.__version__,
        "pyarrow": pyarrow.__version__,
    }


def measure(sizes: list[int], runs: dict[int, int], profile: bool) -> dict:
    results = []
    for members in sizes:
        ours, reference = [], []
        for _ in range(runs[members]):  # interleaved: ours, reference, ours, reference…
            with tempfile.TemporaryDirectory() as folder:
                ours.append(run_child("generate", str(members), folder))
                reference.append(run_child("aggregate", folder))
        row = summarise(members, ours, reference)
        results.append(row)
        print_row(row)
    largest = max(sizes)
    profiled = None
    if profile:
        with tempfile.TemporaryDirectory() as folder:
            profiled = run_child("generate", str(largest), folder, "--profile")["profile"]
    return {"results": results, "profile": {"members": largest, "top": profiled}}


def summarise(members: int, ours: list[dict], reference: list[dict]) -> dict:
    def median(rows: list[dict], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    total = median(ours, "total_s")
    aggregate = median(reference, "aggregate_s")
    return {
        "members": members,
        "runs": len(ours),
        "interactions": ours[0]["interactions"],
        "generate_s": median(ours, "generate_s"),
        "write_s": median(ours, "write_s"),
        "total_s": total,
        "total_s_all": [round(row["total_s"], 3) for row in ours],
        "peak_rss_mib": max(row["peak_rss_mib"] for row in ours),
        "parquet_mib": ours[0]["parquet_mib"],
        "us_per_interaction": total / ours[0]["interactions"] * 1e6,
        "target_s": TARGET_SECONDS * members / TARGET_MEMBERS,
        "ratio_to_target": total / (TARGET_SECONDS * members / TARGET_MEMBERS),
        "polars_aggregate_s": aggregate,
        "polars_aggregate_rss_mib": max(row["peak_rss_mib"] for row in reference),
        "ratio_to_polars_aggregate": total / aggregate,
    }


HEADER = (
    f"{'members':>8} {'runs':>4} {'interactions':>12} {'generate s':>10} {'write s':>8} "
    f"{'total s':>8} {'µs/row':>7} {'peak MiB':>9} {'target s':>8} {'×target':>7} "
    f"{'polars agg s':>12} {'×agg':>6}"
)


def print_row(row: dict) -> None:
    print(
        f"{row['members']:>8,} {row['runs']:>4} {row['interactions']:>12,} "
        f"{row['generate_s']:>10.2f} {row['write_s']:>8.2f} {row['total_s']:>8.2f} "
        f"{row['us_per_interaction']:>7.2f} {row['peak_rss_mib']:>9.0f} {row['target_s']:>8.1f} "
        f"{row['ratio_to_target']:>7.2f} {row['polars_aggregate_s']:>12.3f} "
        f"{row['ratio_to_polars_aggregate']:>6.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(DEFAULT_RUNS))
    parser.add_argument("--runs", type=int, help="runs per size (default 5, 5, 3)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "generate":
            result = child_generate(int(rest[0]), Path(rest[1]), args.profile)
        else:
            result = child_aggregate(Path(rest[0]))
        print(json.dumps(result))
        return

    runs = {size: args.runs or DEFAULT_RUNS.get(size, 3) for size in args.sizes}
    info = machine()
    print(
        f"netweave.synth generate + write_parquet — {info['nproc']} cores, {info['cpu']}, "
        f"{info['memory']}; Python {info['python']}, NumPy {info['numpy']}, "
        f"Polars {info['polars']}, PyArrow {info['pyarrow']}"
    )
    print("medians; fresh subprocess per run; polars agg = BENCHMARKS.md reference, interleaved")
    print(HEADER)
    measured = measure(args.sizes, runs, profile=not args.no_profile)
    if measured["profile"]["top"]:
        print(f"\nprofile of {measured['profile']['members']:,} members (cumulative seconds):")
        for entry in measured["profile"]["top"]:
            print(f"  {entry['cumulative_s']:>7.2f}  {entry['function']}")
    report = {
        "benchmark": "synth generate + write_parquet",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": info,
        "seed": SEED,
        "until": UNTIL.isoformat(),
        "target": {"members": TARGET_MEMBERS, "seconds": TARGET_SECONDS, "source": "issue 2"},
        **measured,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
