"""The worker's scoring of suggested introductions: CPU now against before, and why.

:func:`netweave.insights.suggest_introductions` scores the candidates a block of rows at a time,
each block a dozen dense float32 arrays of rows × members. Two things changed in December 2026:

- **blocks**: a block had 512 rows whatever the network's size (20 MiB an array at 10,000
  members); now its rows are chosen so that an array fills
  :data:`~netweave.insights.suggestions.BLOCK_BYTES`;
- **threads**: OpenBLAS used a thread per core for each matrix product, and its threads spun
  between products; ``netweave worker`` now keeps it to one
  (:func:`netweave.worker.numeric_threads_limit`).

Four ways, interleaved ``--repeat`` times after one warm-up call (which imports scikit-learn):
``now`` (both), ``blocks_only``, ``threads_only`` and ``before`` (neither, the reference). The
answer of every call is checked to equal the first. Reported per size: the median CPU of this
process (all its threads) and wall time of each way, and the ratio of ``now`` to ``before``.
Networks are generated (seed 1) before the clock starts.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/worker_scoring.py [--sizes 5000 10000]``.
Writes ``benchmarks/results/worker_scoring.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import polars as pl
from machine import cpu_model
from threadpoolctl import threadpool_limits

import netweave.insights.suggestions as suggestions
from introductions import SYNTH_END, K, generated
from netweave.insights import NetworkTables

RESULTS = Path(__file__).parent / "results" / "worker_scoring.json"
BEFORE_ROWS = 512
WAYS = {  # name: (blocks of BLOCK_BYTES, numeric libraries on one thread)
    "now": (True, True),
    "blocks_only": (True, False),
    "threads_only": (False, True),
    "before": (False, False),
}


def _timed(
    tables: NetworkTables, block_bytes: int, threads: int
) -> tuple[float, float, pl.DataFrame]:
    suggestions.BLOCK_BYTES = block_bytes
    with threadpool_limits(limits=threads):  # BLAS and OpenMP, as the worker does
        cpu, wall = time.process_time(), time.perf_counter()
        frame = suggestions.suggest_introductions(tables, at=SYNTH_END, k=K)
        return time.process_time() - cpu, time.perf_counter() - wall, frame


def measure(members: int, repeat: int) -> dict[str, object]:
    tables = generated(members, seed=1)
    people = len(suggestions.history_before(tables, SYNTH_END).ids)  # the blocks' columns
    now_bytes = suggestions.BLOCK_BYTES
    settings = {
        way: (
            now_bytes if by_bytes else BEFORE_ROWS * 4 * people,
            1 if one else os.cpu_count() or 1,
        )
        for way, (by_bytes, one) in WAYS.items()
    }
    _, _, expected = _timed(tables, *settings["now"])
    runs: dict[str, dict[str, list[float]]] = {way: {"cpu": [], "wall": []} for way in WAYS}
    try:
        for _ in range(repeat):
            for way, setting in settings.items():
                cpu, wall, frame = _timed(tables, *setting)
                if not frame.equals(expected):
                    raise SystemExit(f"{way}: the suggestions differ at {members} members")
                runs[way]["cpu"].append(cpu)
                runs[way]["wall"].append(wall)
    finally:
        suggestions.BLOCK_BYTES = now_bytes
    median = {
        way: {what: statistics.median(values) for what, values in times.items()}
        for way, times in runs.items()
    }
    return {
        "members": members,
        "people": people,
        "rows_per_block": {"now": suggestions.block_rows(people), "before": BEFORE_ROWS},
        "median_seconds": median,
        "cpu_ratio_now_to_before": median["now"]["cpu"] / median["before"]["cpu"],
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    results = [measure(members, options.repeat) for members in options.sizes]
    print(f"median of {options.repeat}, seconds: CPU (wall)")
    print(f"{'members':>8} {'rows':>5} " + " ".join(f"{way:>14}" for way in WAYS) + "  now/before")
    for row in results:
        seconds = row["median_seconds"]
        cells = " ".join(
            f"{seconds[way]['cpu']:>6.2f} ({seconds[way]['wall']:>5.2f})" for way in WAYS
        )
        print(
            f"{row['members']:>8} {row['rows_per_block']['now']:>5} {cells}"
            f"  {row['cpu_ratio_now_to_before']:>10.2f}"
        )
    RESULTS.write_text(
        json.dumps(
            {
                "machine": {"cpus": os.cpu_count(), "cpu": cpu_model()},
                "block_bytes": suggestions.BLOCK_BYTES,
                "repeat": options.repeat,
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written: {RESULTS}")


if __name__ == "__main__":
    main()
