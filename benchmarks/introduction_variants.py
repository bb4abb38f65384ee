"""Which change to the recommender's proximity would predict new ties better? Variants against
Adamic–Adar on several held-out time splits, to tell a real gain from one split's luck.

Run: ``.venv/bin/python benchmarks/introduction_variants.py`` (a few minutes).

Splits (as in ``benchmarks/introductions.py``; the past predicts the pairs that first meet
after ``at``): workplace-2013 cut at a third, half and two thirds of its contacts, and generated
networks (500 members, seeds 1–3, 26 weeks held out) with everything and with contact history
alone. Every variant ranks the same candidates (never met, never introduced, members at ``at``)
and is scored as precision@10 divided by Adamic–Adar's on the same split (1.20 = the issue's
target). The recommender itself is run with its defaults and with the formation lift, the bridging
bonus and the three-step walk switched off in turn, and with warmth-weighted ties (network
settings); the other variants are the proximity alone, written here as small dense formulas:

- ``RA``: resource allocation, Σ_z 1/d_z over common contacts z.
- ``RA + 0.1 three-step``: the local-path idea (Lü, Jin, Zhou 2009) on RA.
- ``RA x degree^0.5``: a dose of preferential attachment (active people meet more people).
- ``RA warmth``: RA over ties of strength 1 + ln(1 + warmth) (the recommender's ties).
- ``RA recency``: RA over ties weighted by recency, half-life a quarter of the history's span.
- ``co-presence``: RA where z counts only if u and v each met z on the same day.
- ``RA x same organisation``: double weight within one organisation — a fixed homophily, where
  the recommender's formation lift measures it per network from its own recent past.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import polars as pl
import scipy.sparse as sp

from introductions import (
    SYNTH_END,
    SYNTH_TEST_DAYS,
    WORKPLACE,
    WORKPLACE_FIRST_DAY,
    contact_history_only,
    evaluate,
    generated,
    workplace_split,
)
from netweave.insights import MetricSettings, NetworkTables
from netweave.insights.link_prediction import LinkIndex, suggest_by_index
from netweave.insights.suggestions import History, dense, history_before, suggest_introductions
from netweave.insights.suggestions import top_k as best

K = 10
Proximity = Callable[[NetworkTables, date, History], np.ndarray]


def splits() -> dict[str, tuple[NetworkTables, date]]:
    tables, median_at = workplace_split()
    seconds = sorted(int(line.split()[0]) for line in (WORKPLACE / "contacts.tsv").open())
    out: dict[str, tuple[NetworkTables, date]] = {}
    for label, share in (("1/3", 1 / 3), ("1/2", None), ("2/3", 2 / 3)):
        at = median_at
        if share is not None:
            at = WORKPLACE_FIRST_DAY + timedelta(days=seconds[int(len(seconds) * share)] // 86_400)
        out[f"workplace {label}"] = (tables, at)
    at = SYNTH_END - timedelta(days=SYNTH_TEST_DAYS)
    for seed in (1, 2, 3):
        network = generated(500, seed)
        out[f"generated {seed}"] = (network, at)
        out[f"contacts only {seed}"] = (contact_history_only(network), at)
    return out


def _ra(strength: np.ndarray) -> np.ndarray:
    total = strength.sum(axis=1)
    return (
        strength
        @ np.diag(np.divide(1.0, total, where=total > 0, out=np.zeros_like(total)))
        @ (strength)
    )


def _adjacency(history: History) -> np.ndarray:
    return (dense(history.warmth) > 0).astype(np.float64)


def _past(tables: NetworkTables, at: date, history: History) -> pl.DataFrame:
    past = tables.interactions.filter(pl.col("on") < at)
    return past.with_columns(
        a=pl.Series(np.searchsorted(history.ids, past["a"].to_numpy())),
        b=pl.Series(np.searchsorted(history.ids, past["b"].to_numpy())),
        age=(pl.lit(at) - pl.col("on")).dt.total_days(),
    )


def ra(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    return _ra(_adjacency(history))


def ra_three_step(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    adjacency = _adjacency(history)
    two = _ra(adjacency)
    degree = adjacency.sum(axis=1)
    inverse = np.divide(1.0, degree, where=degree > 0, out=np.zeros_like(degree))
    return two + 0.1 * (two @ np.diag(inverse) @ adjacency)


def ra_degree(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    adjacency = _adjacency(history)
    return _ra(adjacency) * np.sqrt(adjacency.sum(axis=1))[None, :]


def ra_warmth(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    warmth = dense(history.warmth).astype(np.float64)
    return _ra(np.where(warmth > 0, 1.0 + np.log1p(warmth), 0.0))


def ra_recency(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    past = _past(tables, at, history)
    half_life = max(float(past["age"].max() or 1) / 4, 1.0)  # type: ignore[arg-type]
    n = len(history.ids)
    weight = np.zeros((n, n))
    decay = 0.5 ** (past["age"].to_numpy() / half_life)
    np.add.at(weight, (past["a"].to_numpy(), past["b"].to_numpy()), decay)
    return _ra(weight + weight.T)


def co_presence(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    past = _past(tables, at, history).select("a", "b", "on").unique()
    days, day = np.unique(past["on"].to_physical().to_numpy(), return_inverse=True)
    n, m = len(history.ids), len(days)
    a, b = past["a"].to_numpy(), past["b"].to_numpy()
    # Rows: (contact z, day); columns: whom z met that day.
    met = sp.csr_matrix(
        (np.ones(2 * len(a)), (np.r_[a * m + day, b * m + day], np.r_[b, a])), (n * m, n)
    )
    met.data[:] = 1.0
    degree = np.asarray(met.sum(axis=1)).ravel()
    inverse = np.divide(1.0, degree, where=degree > 0, out=np.zeros_like(degree))
    return np.asarray((met.T @ sp.diags(inverse) @ met).todense())


def ra_same_organisation(tables: NetworkTables, at: date, history: History) -> np.ndarray:
    organisation = (
        pl.DataFrame({"person_id": history.ids})
        .join(
            tables.members.select("person_id", "organisation_id").unique("person_id"),
            on="person_id",
            how="left",
            maintain_order="left",
        )["organisation_id"]
        .fill_null(-1)
        .to_numpy()
    )
    same = (organisation[:, None] == organisation[None, :]) & (organisation[:, None] >= 0)
    return ra(tables, at, history) * (1.0 + same)


PROXIMITIES: dict[str, Proximity] = {
    "RA": ra,
    "RA + 0.1 three-step": ra_three_step,
    "RA x degree^0.5": ra_degree,
    "RA warmth": ra_warmth,
    "RA recency": ra_recency,
    "co-presence": co_presence,
    "RA x same organisation": ra_same_organisation,
}
SETTINGS = {
    "ours (defaults)": MetricSettings(),
    "ours, no formation lift": MetricSettings(introduction_affinity_weight=0.0),
    "ours, warm ties (α = 1)": MetricSettings(introduction_warmth_exponent=1.0),
    "ours, no bridging bonus": MetricSettings(introduction_bridging_bonus=0.0),
    "ours, no three-step walk": MetricSettings(introduction_three_step_weight=0.0),
}


def ranked(history: History, score: np.ndarray) -> pl.DataFrame:
    rows = np.flatnonzero(history.candidate)
    person, other, _rank = best(score[rows] * history.allowed(rows), K)
    return pl.DataFrame({"person_id": history.ids[rows[person]], "other_id": history.ids[other]})


def main() -> None:
    results: dict[str, dict[str, float]] = {}
    for split, (tables, at) in splits().items():
        reference = evaluate(
            suggest_by_index(tables, at=at, k=K, index=LinkIndex.ADAMIC_ADAR), tables, at
        )["precision_at_10"]
        history = history_before(tables, at)
        for name, settings in SETTINGS.items():
            found = evaluate(
                suggest_introductions(tables, at=at, k=K, settings=settings), tables, at
            )
            results.setdefault(name, {})[split] = found["precision_at_10"] / reference
        for name, proximity in PROXIMITIES.items():
            found = evaluate(ranked(history, proximity(tables, at, history)), tables, at)
            results.setdefault(name, {})[split] = found["precision_at_10"] / reference
        print(f"{split}: Adamic–Adar precision@10 {reference:.3f}", flush=True)
    names = list(next(iter(results.values())))
    print("\nprecision@10 / Adamic–Adar's")
    print(f"{'variant':26s} " + " ".join(f"{n[:13]:>13s}" for n in names) + f" {'mean':>6s}")
    for variant, row in results.items():
        cells = " ".join(f"{row[n]:13.3f}" for n in names)
        print(f"{variant:26s} {cells} {statistics.mean(row.values()):6.3f}")


if __name__ == "__main__":
    main()
