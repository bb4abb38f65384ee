"""Benchmark of a random-coffee round (``netweave.matching``) against a greedy matcher.

Run: ``.venv/bin/python benchmarks/pairing.py`` (sizes 500 and 5,000) or ``--sizes 500``.

Per size the script makes, with a seed and before any clock starts, a network where most
organisations share one sector (80 % business, the case that breaks a top-k candidate graph),
ten members per organisation, every member knowing their colleagues and ~10 others, and a
history of 12 earlier rounds (random perfect matchings); pairs of the last 6 rounds may not meet
again. Then, interleaved, median of ``--reps`` (5):

- **ours**: ``round_problem`` + ``pair_round`` (assignment on a seeded split, improved, repaired);
- **greedy**: the same weights (the full n × n matrix) sorted once, each pair taken while both
  are free — the obvious matcher, and the reference for weight.

Up to ``--exact-max`` (500) it also runs NetworkX's exact ``max_weight_matching`` once (too slow
above: 11–15 minutes at 5,000), so the table shows how far from the optimum both are.
Prints a table and writes ``benchmarks/results/pairing.json``. The last line names the seconds
at the largest size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import networkx as nx
import numpy as np
import polars as pl
import scipy
from machine import cpu_model, peak_rss_mib

from netweave.matching import RoundProblem, pair_round, round_problem

RESULTS = Path(__file__).parent / "results" / "pairing.json"
ROUNDS, WINDOW = 12, 6


def pairs_frame(a: np.ndarray, b: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"a": a.astype(np.int64), "b": b.astype(np.int64)})


def make_round(n: int, seed: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1) * 7  # sparse ids, as primary keys are
    organisation = np.arange(n) // 10
    org_sector = rng.choice(
        ["business", "knowledge", "government", "civil_society"],
        size=organisation.max() + 1,
        p=[0.8, 0.08, 0.08, 0.04],
    )
    people = pl.DataFrame(
        {"person_id": ids, "organisation_id": organisation, "sector": org_sector[organisation]}
    )
    colleagues = [
        (ids[i], ids[j]) for i in range(n) for j in range(i + 1, min(n, i // 10 * 10 + 10))
    ]
    others = rng.integers(0, n, size=(5 * n, 2))
    known = pl.concat(
        [
            pairs_frame(*np.array(colleagues).T),
            pairs_frame(ids[others[:, 0]], ids[others[:, 1]]),
        ]
    )
    history = []
    for ago in range(1, ROUNDS + 1):
        order = rng.permutation(ids)
        history.append(pairs_frame(order[0::2], order[1::2]).with_columns(rounds_ago=ago))
    return {
        "people": people,
        "known": known,
        "history": pl.concat(history).select("rounds_ago", "a", "b"),
        "window": WINDOW,
        "do_not_pair": pairs_frame(ids[rng.integers(0, n, 20)], ids[rng.integers(0, n, 20)]),
        "seed": seed,
    }


def ours(case: dict[str, object]) -> float:
    return pair_round(round_problem(**case)).weight  # type: ignore[arg-type]


def greedy(case: dict[str, object]) -> float:
    """Heaviest allowed pair first, while both are free (no trio: sizes are even)."""
    problem: RoundProblem = round_problem(**case)  # type: ignore[arg-type]
    everyone = np.arange(problem.size)
    weights = problem.block(everyone, everyone)
    i, j = np.triu_indices(problem.size, k=1)
    w = weights[i, j]
    keep = np.isfinite(w)
    i, j, w = i[keep], j[keep], w[keep]
    free = np.ones(problem.size, dtype=bool)
    pure = problem.block(everyone, everyone, jitter=False)
    total = 0.0
    for k in np.argsort(-w, kind="stable"):
        a, b = i[k], j[k]
        if free[a] and free[b]:
            free[a] = free[b] = False
            total += pure[a, b]
            if not free.any():
                break
    return float(total)


def exact(case: dict[str, object]) -> float:
    problem: RoundProblem = round_problem(**case)  # type: ignore[arg-type]
    everyone = np.arange(problem.size)
    weights = problem.block(everyone, everyone, jitter=False)
    i, j = np.triu_indices(problem.size, k=1)
    keep = np.isfinite(weights[i, j])
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(i[keep], j[keep], weights[i, j][keep], strict=True))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return float(sum(weights[a, b] for a, b in matching))


def timed(fn, case: dict[str, object]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of this process (the machine is shared), and the result."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(case)
    return time.perf_counter() - wall, time.process_time() - cpu, value


def measure(n: int, reps: int, with_exact: bool) -> dict[str, object]:
    case = make_round(n, seed=n)
    times: dict[str, list[float]] = {"ours": [], "greedy": []}
    cpu: dict[str, list[float]] = {"ours": [], "greedy": []}
    weight: dict[str, float] = {}
    for _ in range(reps):
        for name, fn in (("ours", ours), ("greedy", greedy)):
            seconds, cpu_seconds, weight[name] = timed(fn, case)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
    row: dict[str, object] = {
        "participants": n,
        "ours_s": statistics.median(times["ours"]),
        "greedy_s": statistics.median(times["greedy"]),
        "ours_cpu_s": statistics.median(cpu["ours"]),
        "greedy_cpu_s": statistics.median(cpu["greedy"]),
        "ours_weight": weight["ours"],
        "greedy_weight": weight["greedy"],
        "weight_ratio_ours_to_greedy": weight["ours"] / weight["greedy"],
        "times_s": times,
    }
    if with_exact:
        seconds, _, row["exact_weight"] = timed(exact, case)
        row["exact_s"] = seconds
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--exact-max", type=int, default=500, help="NetworkX exact up to this n")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    rows = [measure(n, args.reps, with_exact=n <= args.exact_max) for n in args.sizes]
    print(
        f"{'n':>6} {'ours s':>8} {'ours cpu':>9} {'greedy s':>9} {'greedy cpu':>11} "
        f"{'ours w':>10} {'greedy w':>10} {'exact w':>10}"
    )
    for r in rows:
        print(
            f"{r['participants']:>6} {r['ours_s']:>8.2f} {r['ours_cpu_s']:>9.2f} "
            f"{r['greedy_s']:>9.2f} {r['greedy_cpu_s']:>11.2f} "
            f"{r['ours_weight']:>10.0f} {r['greedy_weight']:>10.0f} "
            f"{r.get('exact_weight', float('nan')):>10.0f}"
        )
    report = {
        "command": "benchmarks/pairing.py " + " ".join(f"--sizes {s}" for s in args.sizes),
        "machine": {"nproc": os.cpu_count(), "cpu": cpu_model(), "load": os.getloadavg()},
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "networkx": nx.__version__,
        },
        "history_rounds": ROUNDS,
        "window": WINDOW,
        "peak_rss_mib": peak_rss_mib(),
        "rows": rows,
    }
    args.output.write_text(json.dumps(report, indent=2))
    largest = rows[-1]
    print(
        f"seconds for one round at {largest['participants']} participants: "
        f"{largest['ours_s']:.2f} wall, {largest['ours_cpu_s']:.2f} CPU "
        f"(load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
