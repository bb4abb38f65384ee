"""Every interaction sorted by pair and date, once, for the families that scan per pair (private).

Warmth needs each pair's interactions in date order; renewal needs, per pair, whether it met
in a period; routines need each pair's first day. Sorting the interactions by pair is most of
the cost of each, so :func:`analyse <netweave.insights.summary.analyse>` sorts them once
(:func:`interaction_history`) and hands the result to all three; after the sort, a per-pair
question is one pass over contiguous runs (:func:`pair_starts`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from netweave.insights._frames import canonical, weighted_interactions
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

__all__ = ["interaction_history", "pair_history", "pair_starts", "per_pair"]


def pair_history(interactions: pl.DataFrame) -> pl.DataFrame:
    """``interactions`` with a < b, sorted by (a, b, on), and a ``pair`` column.

    ``pair`` numbers the pairs 0, 1, … in that order; the other columns come along.
    Self-interactions are left out.
    """
    rows = canonical(interactions).filter(pl.col("a") != pl.col("b"))
    return _sort_by_pair_then_date(rows).with_columns(pl.struct("a", "b").rle_id().alias("pair"))


def interaction_history(tables: NetworkTables, settings: MetricSettings) -> pl.DataFrame:
    """:func:`pair_history` of all interactions: [a, b, on, weight, routine, pair].

    ``weight`` is scaled by the settings' kind weights (as warmth reads it); ``routine`` is
    whether the interaction's source is ``routine`` (null when the source is).
    """
    return pair_history(
        weighted_interactions(tables, settings).select(
            "a", "b", "on", "weight", (pl.col("source") == "routine").alias("routine")
        )
    )


def pair_starts(pair: np.ndarray) -> np.ndarray:
    """Index of the first row of each run of equal values in ``pair`` (empty when it is)."""
    if len(pair) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])


def per_pair(reduce: np.ufunc, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``reduce`` (e.g. ``np.minimum``) over each pair's run of ``values``.

    ``starts``: the runs' first rows, from :func:`pair_starts`.
    """
    return reduce.reduceat(values, starts) if len(starts) else values[:0]


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
