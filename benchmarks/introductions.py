"""Suggested introductions against the classic link-prediction indices: train on the past,
test on the ties that appear later.

Run: ``.venv/bin/python benchmarks/introductions.py`` (``--quick``: fewer generated networks,
no 10,000-member timing).

Splits (everything before ``at`` is the past; a *new tie* is a pair whose first interaction is
on or after ``at``; evaluated: members with at least one tie before ``at`` and one new tie):

- **workplace-2013**: the real face-to-face contacts in ``tests/data/workplace-2013``
  (SocioPatterns, 92 people, departments as organisations). ``at`` = the day of the median
  contact, so the first half of the contacts predicts the pairs that first meet in the second
  (the issue's target split). A robustness check on the same data: ``at`` = the day of the
  contact a third of the way, so the first third predicts the rest.
- **generated**: ``netweave.synth`` networks (several seeds), ``at`` = 26 weeks before the end;
  once with everything (asks, offers, themes) and once with contact history alone; larger
  networks (1,500 members, other seeds), to see the defaults at another size; and networks
  with large organisations (500 members in 25 organisations instead of about 133), where
  colleagues are many and the formation lift of colleagues matters most.

Methods, all with the same exclusions (never interacted, never introduced, members at ``at``),
top 10 per person: ours (:func:`suggest_introductions`, **default settings**), common
neighbours, Jaccard, resource allocation, Adamic–Adar
(:mod:`netweave.insights.link_prediction`). Per method: precision@10 (hits / 10), recall@10
(hits / new ties of the person), both averaged over evaluated members; *coverage* = share of
evaluated members who get at least one suggestion; *hit share* = share who get at least one
right.

Timing: suggestions for every member of a generated 10,000-member network, ours against
Adamic–Adar top-10, interleaved, median of 5 (the network is generated before the clock starts).
Prints tables and writes ``benchmarks/results/introductions.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from machine import cpu_model, peak_rss_mib

from netweave.insights import MetricSettings, NetworkTables
from netweave.insights.link_prediction import LinkIndex, suggest_by_index
from netweave.insights.suggestions import suggest_introductions
from netweave.interop.contacts import read_contacts
from netweave.synth import SynthConfig, generate

RESULTS = Path(__file__).parent / "results" / "introductions.json"
WORKPLACE = Path(__file__).parent.parent / "tests" / "data" / "workplace-2013"
WORKPLACE_FIRST_DAY = date(2013, 6, 24)
K = 10
SYNTH_END = date(2025, 12, 31)
SYNTH_TEST_DAYS = 182

Suggester = Callable[[NetworkTables, date], pl.DataFrame]


def methods() -> dict[str, Suggester]:
    def ours(tables: NetworkTables, at: date) -> pl.DataFrame:
        return suggest_introductions(tables, at=at, k=K)

    def by(index: LinkIndex) -> Suggester:
        return lambda tables, at: suggest_by_index(tables, at=at, k=K, index=index)

    return {"ours": ours} | {index.value: by(index) for index in LinkIndex}


def new_ties(tables: NetworkTables, at: date) -> pl.DataFrame:
    """DataFrame[person_id, other_id]: both directions of every pair first met on/after ``at``."""
    first = (
        tables.interactions.select(
            pl.min_horizontal("a", "b").alias("a"), pl.max_horizontal("a", "b").alias("b"), "on"
        )
        .group_by("a", "b")
        .agg(pl.col("on").min().alias("first"))
        .filter(pl.col("first") >= at)
    )
    return pl.concat(
        [
            first.select(pl.col("a").alias("person_id"), pl.col("b").alias("other_id")),
            first.select(pl.col("b").alias("person_id"), pl.col("a").alias("other_id")),
        ]
    )


def evaluate(suggested: pl.DataFrame, tables: NetworkTables, at: date) -> dict[str, float]:
    past = tables.interactions.filter(pl.col("on") < at)
    active = pl.concat([past["a"], past["b"]]).unique()
    truth = new_ties(tables, at).filter(pl.col("person_id").is_in(active.implode()))
    evaluated = truth.group_by("person_id").agg(pl.len().alias("new"))
    hits = (
        suggested.join(truth, on=["person_id", "other_id"], how="semi")
        .group_by("person_id")
        .agg(pl.len().alias("hits"))
    )
    made = suggested.group_by("person_id").agg(pl.len().alias("made"))
    per_person = (
        evaluated.join(hits, on="person_id", how="left")
        .join(made, on="person_id", how="left")
        .fill_null(0)
    )
    return {
        "precision_at_10": float((per_person["hits"] / K).mean()),  # type: ignore[arg-type]
        "recall_at_10": float((per_person["hits"] / per_person["new"]).mean()),  # type: ignore[arg-type]
        "coverage": float((per_person["made"] > 0).mean()),  # type: ignore[arg-type]
        "hit_share": float((per_person["hits"] > 0).mean()),  # type: ignore[arg-type]
        "evaluated_members": per_person.height,
    }


def compare(tables: NetworkTables, at: date) -> dict[str, dict[str, float]]:
    return {name: evaluate(suggest(tables, at), tables, at) for name, suggest in methods().items()}


def workplace_split(share: float = 0.5) -> tuple[NetworkTables, date]:
    """The workplace contacts and ``at``: the day of the contact ``share`` of the way through
    (0.5: the day of the median contact)."""
    tables = read_contacts(
        WORKPLACE / "contacts.tsv", WORKPLACE / "departments.txt", first_day=WORKPLACE_FIRST_DAY
    )
    seconds = sorted(int(line.split()[0]) for line in (WORKPLACE / "contacts.tsv").open())
    if share == 0.5:
        day = int(statistics.median_low(seconds)) // 86_400
    else:
        day = seconds[int(len(seconds) * share)] // 86_400
    return tables, WORKPLACE_FIRST_DAY + timedelta(days=day)


def contact_history_only(tables: NetworkTables) -> NetworkTables:
    return NetworkTables.build(
        organisations=tables.organisations,
        members=tables.members,
        interactions=tables.interactions,
        introductions=tables.introductions,
    )


def generated(members: int, seed: int, organisations: int | None = None) -> NetworkTables:
    config = SynthConfig(members=members, organisations=organisations, until=SYNTH_END, seed=seed)
    return generate(config).tables


def mean_of(results: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    return {
        method: {
            metric: float(np.mean([r[method][metric] for r in results]))
            for metric in results[0][method]
        }
        for method in results[0]
    }


def timing(members: int, reps: int) -> dict[str, object]:
    tables = generated(members, seed=1)
    at = SYNTH_END
    runs: dict[str, list[float]] = {"ours": [], "adamic_adar": []}
    calls = {
        "ours": lambda: suggest_introductions(tables, at=at, k=K),
        "adamic_adar": lambda: suggest_by_index(tables, at=at, k=K, index=LinkIndex.ADAMIC_ADAR),
    }
    for _ in range(reps):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            runs[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    return {
        "members": members,
        "interactions": tables.interactions.height,
        "open_asks_and_offers": tables.asks.height + tables.offers.height,
        "reps": reps,
        "seconds_median": medians,
        "seconds_all": runs,
        "ratio_ours_to_adamic_adar": medians["ours"] / medians["adamic_adar"],
    }


def improvement(results: dict[str, dict[str, float]]) -> float:
    reference = results["adamic_adar"]["precision_at_10"]
    return results["ours"]["precision_at_10"] / reference - 1.0 if reference else float("nan")


def table(title: str, results: dict[str, dict[str, float]]) -> str:
    lines = [title, f"{'method':22s} {'P@10':>7s} {'R@10':>7s} {'cover':>7s} {'hit':>7s}"]
    for method, r in results.items():
        lines.append(
            f"{method:22s} {r['precision_at_10']:7.3f} {r['recall_at_10']:7.3f} "
            f"{r['coverage']:7.2f} {r['hit_share']:7.2f}"
        )
    lines.append(f"ours vs Adamic–Adar, precision@10: {improvement(results):+.1%}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    seeds = [1, 2] if args.quick else [1, 2, 3, 4, 5]
    report: dict[str, object] = {
        "settings": MetricSettings().as_dict(),
        "machine": {"nproc": os.cpu_count(), "cpu": cpu_model(), "load": os.getloadavg()},
        "python": sys.version.split()[0],
        "polars": pl.__version__,
        "command": "python benchmarks/introductions.py" + (" --quick" if args.quick else ""),
    }
    for label, share in (("workplace", 0.5), ("workplace_first_third", 1 / 3)):
        tables, at = workplace_split(share)
        workplace = compare(tables, at)
        report[label] = {"at": at.isoformat(), "results": workplace}
        print(table(f"\n{label} (workplace-2013), at {at}", workplace))
    large_seeds = [7] if args.quick else [7, 8]
    big_organisation_seeds = [11] if args.quick else [11, 12]
    for label, members, organisations, seeds_used, transform in (
        ("generated", 500, None, seeds, None),
        ("generated_contacts_only", 500, None, seeds, contact_history_only),
        ("generated_1500", 1500, None, large_seeds, None),
        ("generated_large_organisations", 500, 25, big_organisation_seeds, None),
    ):
        results = []
        for seed in seeds_used:
            network = generated(members, seed, organisations)
            network = transform(network) if transform else network
            results.append(compare(network, SYNTH_END - timedelta(days=SYNTH_TEST_DAYS)))
        averaged = mean_of(results)
        report[label] = {
            "members": members,
            "organisations": organisations,
            "seeds": seeds_used,
            "results": averaged,
        }
        print(table(f"\n{label} ({members} members, mean of seeds {seeds_used})", averaged))
    if not args.quick:
        report["timing"] = timing(10_000, reps=5)
        print(f"\ntiming: {json.dumps(report['timing']['seconds_median'])}")  # type: ignore[index]
    report["peak_rss_mib"] = peak_rss_mib()
    report["load_after"] = os.getloadavg()
    args.output.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
