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

The interactions are sorted by pair and date once (:mod:`._history`) for any number of
moments (:func:`warmths`; ``analyse`` needs the period's end and the day before its start, and
hands the same sorted rows to renewal and routines).

References
----------
Burt, R. S. (2000). Decay functions. *Social Networks* 22, 1–28.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import polars as pl

from netweave.insights._history import interaction_history, pair_history, pair_starts
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

LN2 = math.log(2.0)
TOLERANCE = 1e-9
"""Relative tolerance of every threshold comparison (see the module docstring)."""

__all__ = ["WARMTH_STATES", "Warmth", "tie_warmth", "warmth", "warmths"]

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
        Per member, how many of their ties are in each state (counted when first read: one
        person's ties, as a member home computes them, need no per-member counts).
    """

    at: date
    ties: pl.DataFrame
    warm: int
    cooling: int
    cold: int

    def warm_ties(self) -> pl.DataFrame:
        return self.ties.filter(pl.col("state") == "warm")

    @cached_property
    def members(self) -> pl.DataFrame:
        return (
            pl.concat(
                [
                    self.ties.select(pl.col("a").alias("person_id"), "state"),
                    self.ties.select(pl.col("b").alias("person_id"), "state"),
                ]
            )
            .with_columns([(pl.col("state") == s).cast(pl.UInt32).alias(s) for s in WARMTH_STATES])
            .group_by("person_id")
            .agg(pl.col(s).sum() for s in WARMTH_STATES)
            .sort("person_id")
        )


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
    history = pair_history(interactions.select("a", "b", "on", "weight"))
    return _tie_states(history, [at], settings or MetricSettings())[0]


def _tie_states(
    history: pl.DataFrame, moments: Sequence[date], settings: MetricSettings
) -> list[pl.DataFrame]:
    """:func:`tie_warmth` at each of ``moments`` from a pair history (:mod:`._history`)."""
    h = settings.half_life_days
    ages = [(pl.lit(at) - pl.col("on")).dt.total_days() for at in moments]
    # Per moment t, the weights scaled to t (≤ w, so no overflow), summed per pair in date
    # order: C_j; then W(t_j) = C_j · 2^{(t − t_j)/h}. One pass for all moments, so that Polars
    # groups the rows by pair once. A row after t comes after all of t's rows in its pair, so it
    # changes none of their sums (it counts unscaled, age 0, and is dropped below).
    sums = history.select(
        "a",
        "b",
        "on",
        "pair",
        *(
            (pl.col("weight") * (age.clip(lower_bound=0).cast(pl.Float64) * (-LN2 / h)).exp())
            .cum_sum()
            .over("pair")
            .alias(f"cumulative_{i}")
            for i, age in enumerate(ages)
        ),
    )
    return [
        _states_at(
            sums.filter(pl.col("on") <= at).select(
                "a", "b", "pair", age.alias("age"), pl.col(f"cumulative_{i}").alias("cumulative")
            ),
            at,
            settings,
        )
        for i, (at, age) in enumerate(zip(moments, ages, strict=True))
    ]


def _states_at(rows: pl.DataFrame, at: date, settings: MetricSettings) -> pl.DataFrame:
    """States at ``at`` from its rows [a, b, pair, age, cumulative], sorted by pair and date."""
    if rows.height == 0:
        return pl.DataFrame(schema=TIE_SCHEMA)
    h = settings.half_life_days
    window = settings.peak_window_days
    a, b = rows["a"].to_numpy(), rows["b"].to_numpy()
    age = rows["age"].to_numpy()
    cumulative = rows["cumulative"].to_numpy()
    pair = rows["pair"].to_numpy()
    starts = pair_starts(pair)
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
    tables: NetworkTables,
    moments: Sequence[date],
    settings: MetricSettings | None = None,
    *,
    history: pl.DataFrame | None = None,
) -> tuple[Warmth, ...]:
    """:func:`warmth` at each of ``moments``, sorting the interactions once.

    ``history``: the interactions already sorted with these settings (see
    :mod:`netweave.insights._history`); sorted here when not given.
    """
    settings = settings or MetricSettings()
    if history is None:
        history = interaction_history(tables, settings)
    states = _tie_states(history, moments, settings)
    return tuple(_warmth(ties, at) for ties, at in zip(states, moments, strict=True))


def _warmth(ties: pl.DataFrame, at: date) -> Warmth:
    counts = dict(ties.group_by("state").len().iter_rows())
    return Warmth(
        at=at,
        ties=ties,
        warm=int(counts.get("warm", 0)),
        cooling=int(counts.get("cooling", 0)),
        cold=int(counts.get("cold", 0)),
    )
