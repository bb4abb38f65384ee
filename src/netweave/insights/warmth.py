r"""Warmth of ties: how alive each relation is at a moment.

The warmth of the tie between two members at moment :math:`t` is the sum of the weights of
their interactions, each halved every :math:`h` days since it happened:

.. math:: W(t) = \sum_{i:\, t_i \le t} w_i \, 0.5^{(t - t_i)/h}

with :math:`h` = ``half_life_days`` (90). States at moment :math:`t`:

- **cooling** when the tie was warm at some moment of the last ``peak_window_days`` (365),
  i.e. its peak :math:`P(t) = \max_{t - 365 \le s \le t} W(s) \ge` ``warm_threshold``, and
  :math:`W(t) <` ``cooling_fraction`` (0.5) :math:`\cdot P(t)` and the last contact was at least
  ``cooling_silence_days`` (60) ago;
- otherwise **warm** when :math:`W(t) \ge` ``warm_threshold`` (0.5);
- otherwise **cold**.

Thresholds are compared with a relative tolerance of ``TOLERANCE`` (1e-9): :math:`W` is a sum of
exponentials, so a value that is exactly the threshold on paper (one meeting after one half-life,
:math:`4 \cdot 0.5^3`) comes out a few ulps either side of it. Days are whole numbers, so a
genuine difference is never that small: at the default half-life one day changes :math:`W` by 0.8 %.

The peak is exact: :math:`W` only jumps up at interaction moments and decays in between, so
its maximum over the window is attained at the window's start or at an interaction date inside
it. Per tie we evaluate :math:`W` at each of its interaction dates with one cumulative sum,
taken relative to the reference moment :math:`t` so nothing overflows:

.. math:: W(t_j) = 2^{(t - t_j)/h} \sum_{i \le j} w_i\, 2^{-(t - t_i)/h}

The interactions are sorted by pair and date once (:func:`pair_history`) for any number of
moments (:func:`warmths`; ``analyse`` needs the period's end and the day before its start).

References
----------
Burt, R. S. (2000). Decay functions. *Social Networks* 22, 1–28.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from netweave.insights._frames import canonical, weighted_interactions
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

LN2 = math.log(2.0)
TOLERANCE = 1e-9
"""Relative tolerance of every threshold comparison (see the module docstring)."""

__all__ = ["WARMTH_STATES", "Warmth", "pair_history", "tie_warmth", "warmth", "warmths"]

WARMTH_STATES = ("warm", "cooling", "cold")

TIE_SCHEMA = pl.Schema(
    {
        "a": pl.Int64(),
        "b": pl.Int64(),
        "warmth": pl.Float64(),
        "peak": pl.Float64(),
        "last_contact": pl.Date(),
        "silent_days": pl.Int64(),
        "state": pl.String(),
    }
)


@dataclass(frozen=True)
class Warmth:
    """Warmth of every tie at moment ``at`` and counts per state.

    Attributes
    ----------
    at : date
    ties : DataFrame[a, b, warmth, peak, last_contact, silent_days, state]
        Every pair (a < b) that interacted on or before ``at``.
    warm, cooling, cold : int
    members : DataFrame[person_id, warm, cooling, cold]
        Per member, how many of their ties are in each state.
    """

    at: date
    ties: pl.DataFrame
    warm: int
    cooling: int
    cold: int
    members: pl.DataFrame

    def warm_ties(self) -> pl.DataFrame:
        return self.ties.filter(pl.col("state") == "warm")


def pair_history(interactions: pl.DataFrame) -> pl.DataFrame:
    """Interactions as rows [a, b, on, weight, pair] with a < b, sorted by (a, b, on).

    ``pair`` numbers the pairs 0, 1, … in that order. Self-interactions are left out.
    """
    rows = canonical(interactions.select("a", "b", "on", "weight")).filter(
        pl.col("a") != pl.col("b")
    )
    return _sort_by_pair_then_date(rows).with_columns(pl.struct("a", "b").rle_id().alias("pair"))


def tie_warmth(
    interactions: pl.DataFrame, at: date, settings: MetricSettings | None = None
) -> pl.DataFrame:
    """Warmth, 12-month peak, last contact and state of each pair at ``at``.

    Parameters
    ----------
    interactions : DataFrame[a, b, on, weight]
        Weights already scaled by kind (interactions after ``at`` are ignored).
    at : date
    settings : MetricSettings, optional

    Returns
    -------
    DataFrame[a, b, warmth, peak, last_contact, silent_days, state], sorted by (a, b).
    """
    return _tie_states(pair_history(interactions), at, settings or MetricSettings())


def _tie_states(history: pl.DataFrame, at: date, settings: MetricSettings) -> pl.DataFrame:
    """:func:`tie_warmth` from a :func:`pair_history` (which stays sorted when filtered)."""
    h = settings.half_life_days
    window = settings.peak_window_days
    rows = history.filter(pl.col("on") <= at).select(
        "a", "b", "pair", (pl.lit(at) - pl.col("on")).dt.total_days().alias("age"), "weight"
    )
    if rows.height == 0:
        return pl.DataFrame(schema=TIE_SCHEMA)
    # Weights scaled to the reference moment ``at`` (≤ w, so no overflow), summed per pair in
    # date order: C_j. Then W(t_j) = C_j · 2^{(at − t_j)/h}.
    rows = rows.with_columns(
        (pl.col("weight") * (pl.col("age").cast(pl.Float64) * (-LN2 / h)).exp())
        .cum_sum()
        .over("pair")
        .alias("cumulative")
    )
    a, b = rows["a"].to_numpy(), rows["b"].to_numpy()
    age = rows["age"].to_numpy()
    cumulative = rows["cumulative"].to_numpy()
    pair = rows["pair"].to_numpy()
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    ends = np.r_[starts[1:], len(a)] - 1
    in_window = age <= window
    # Capping the age keeps 2^(age/h) finite for centuries-old rows (outside the window anyway).
    value_then = np.where(in_window, cumulative * np.exp2(np.minimum(age, window) / h), 0.0)
    before = np.add.reduceat((~in_window).astype(np.int64), starts)
    # W at the window start, from the interactions before it.
    at_start = np.where(before > 0, cumulative[np.maximum(starts + before - 1, 0)], 0.0) * 2.0 ** (
        window / h
    )
    peak_inside = np.maximum.reduceat(value_then, starts)
    ties = pl.DataFrame(
        {
            "a": a[starts],
            "b": b[starts],
            "warmth": cumulative[ends],
            "peak": np.maximum(peak_inside, at_start),
            "silent_days": age[ends],
        },
        schema={
            "a": pl.Int64,
            "b": pl.Int64,
            "warmth": pl.Float64,
            "peak": pl.Float64,
            "silent_days": pl.Int64,
        },
    ).with_columns((pl.lit(at) - pl.duration(days=pl.col("silent_days"))).alias("last_contact"))
    silent = pl.col("silent_days")
    cooling = (
        _at_least(pl.col("peak"), settings.warm_threshold)
        & ~_at_least(pl.col("warmth"), settings.cooling_fraction * pl.col("peak"))
        & (silent >= settings.cooling_silence_days)
    )
    state = (
        pl.when(cooling)
        .then(pl.lit("cooling"))
        .when(_at_least(pl.col("warmth"), settings.warm_threshold))
        .then(pl.lit("warm"))
        .otherwise(pl.lit("cold"))
    )
    return ties.with_columns(state.alias("state")).select(list(TIE_SCHEMA)).cast(TIE_SCHEMA)


def _at_least(value: pl.Expr, threshold: float | pl.Expr) -> pl.Expr:
    """``value ≥ threshold``, a value within ``TOLERANCE`` (relative) below it counting as equal."""
    return value >= threshold * (1.0 - TOLERANCE)


def _sort_by_pair_then_date(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows sorted by (a, b, on); one packed int64 key when the ids allow (much faster)."""
    day = pl.col("on").cast(pl.Int32).cast(pl.Int64)
    low, top, first, span = rows.select(
        pl.min_horizontal(pl.col("a").min(), pl.col("b").min()).alias("low"),
        (pl.max_horizontal(pl.col("a").max(), pl.col("b").max()) + 1).alias("top"),
        day.min().alias("first"),
        (day.max() - day.min() + 1).alias("span"),
    ).row(0)
    if low is not None and low >= 0 and top * top * span < 2**62:  # Python ints: no overflow
        return rows.sort((pl.col("a") * top + pl.col("b")) * span + (day - first))
    return rows.sort("a", "b", "on")


def warmth(tables: NetworkTables, at: date, settings: MetricSettings | None = None) -> Warmth:
    """Warmth of every tie of the network at moment ``at`` (usually a period's end).

    Parameters
    ----------
    tables : NetworkTables
    at : date
    settings : MetricSettings, optional

    Returns
    -------
    Warmth
    """
    return warmths(tables, [at], settings)[0]


def warmths(
    tables: NetworkTables, moments: Sequence[date], settings: MetricSettings | None = None
) -> tuple[Warmth, ...]:
    """:func:`warmth` at each of ``moments``, sorting the interactions once."""
    settings = settings or MetricSettings()
    history = pair_history(weighted_interactions(tables, settings))
    return tuple(_warmth(_tie_states(history, at, settings), at) for at in moments)


def _warmth(ties: pl.DataFrame, at: date) -> Warmth:
    counts = dict(ties.group_by("state").len().iter_rows())
    per_member = (
        pl.concat(
            [
                ties.select(pl.col("a").alias("person_id"), "state"),
                ties.select(pl.col("b").alias("person_id"), "state"),
            ]
        )
        .with_columns([(pl.col("state") == s).cast(pl.UInt32).alias(s) for s in WARMTH_STATES])
        .group_by("person_id")
        .agg(pl.col(s).sum() for s in WARMTH_STATES)
        .sort("person_id")
    )
    return Warmth(
        at=at,
        ties=ties,
        warm=int(counts.get("warm", 0)),
        cooling=int(counts.get("cooling", 0)),
        cold=int(counts.get("cold", 0)),
        members=per_member,
    )
