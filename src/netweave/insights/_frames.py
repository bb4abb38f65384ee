"""Small Polars helpers shared by the metric modules (private)."""

from __future__ import annotations

from datetime import date

import polars as pl

from netweave.insights.period import Period
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, NetworkTables

__all__ = [
    "active_members",
    "canonical",
    "group_by_pair",
    "in_period",
    "share",
    "weighted_interactions",
    "within",
]


def within(column: str, period: Period) -> pl.Expr:
    """Whether the date ``column`` falls in ``period`` (inclusive)."""
    return pl.col(column).is_between(period.start, period.end, closed="both")


def in_period(frame: pl.DataFrame, column: str, period: Period) -> pl.DataFrame:
    """Rows of ``frame`` whose date ``column`` falls in ``period`` (inclusive)."""
    return frame.filter(within(column, period))


def up_to(frame: pl.DataFrame, column: str, day: date) -> pl.DataFrame:
    return frame.filter(pl.col(column) <= day)


def weighted_interactions(tables: NetworkTables, settings: MetricSettings) -> pl.DataFrame:
    """The interactions with ``weight`` scaled by the steward's kind weights.

    weight' = weight · kind_weights[kind] / DEFAULT_KIND_WEIGHTS[kind]; identity by default.
    """
    frame = tables.interactions
    factors = {
        kind: settings.kind_weights[kind] / default
        for kind, default in DEFAULT_KIND_WEIGHTS.items()
        if settings.kind_weights[kind] != default
    }
    if not factors:
        return frame
    factor = pl.col("kind").replace_strict(factors, default=1.0, return_dtype=pl.Float64)
    return frame.with_columns(pl.col("weight") * factor)


def canonical(frame: pl.DataFrame, a: str = "a", b: str = "b") -> pl.DataFrame:
    """Replace ``a``/``b`` by the unordered pair (min, max)."""
    return frame.with_columns(pl.min_horizontal(a, b).alias(a), pl.max_horizontal(a, b).alias(b))


def group_by_pair(frame: pl.DataFrame, *aggs: pl.Expr, a: str = "a", b: str = "b") -> pl.DataFrame:
    """``frame.group_by(a, b).agg(*aggs)``, through one packed int64 key when the ids allow.

    A hash group-by on one int64 column is about twice as fast as on two (3.3 s against 1.8 s
    of CPU for 10M interactions at 100k members). Groups come out in no particular order.
    """
    low, high, nulls = frame.select(
        pl.min_horizontal(pl.col(a).min(), pl.col(b).min()).alias("low"),
        pl.max_horizontal(pl.col(a).max(), pl.col(b).max()).alias("high"),
        (pl.col(a).null_count() + pl.col(b).null_count()).alias("nulls"),
    ).row(0)
    if frame.height == 0 or nulls or (high - low + 1) ** 2 >= 2**62:  # Python ints
        return frame.group_by(a, b).agg(*aggs)
    span = high - low + 1
    key = (pl.col(a) - low) * span + (pl.col(b) - low)
    return (
        frame.lazy()
        .group_by(key.alias("_pair"))
        .agg(*aggs)
        .select(
            (pl.col("_pair") // span + low).cast(frame.schema[a]).alias(a),
            (pl.col("_pair") % span + low).cast(frame.schema[b]).alias(b),
            pl.exclude("_pair"),
        )
        .collect()
    )


def active_members(tables: NetworkTables, period: Period) -> pl.DataFrame:
    """Members who were members on at least one day of ``period``.

    joined ≤ period.end and (left is null or left ≥ period.start).
    """
    members = tables.members
    return members.filter(
        (pl.col("joined").is_null() | (pl.col("joined") <= period.end))
        & (pl.col("left").is_null() | (pl.col("left") >= period.start))
    )


def share(numerator: float, denominator: float) -> float:
    """numerator / denominator, 0.0 when the denominator is 0."""
    return float(numerator) / float(denominator) if denominator else 0.0
