r"""Reconnect suggestions: cooling ties worth renewing before they are lost.

A tie is *cooling* at :math:`t` as defined in :mod:`netweave.insights.warmth` (it was warm in
the last ``peak_window_days``, lost more than ``cooling_fraction`` of its peak and saw no
contact for ``cooling_silence_days``). For each member, their cooling ties with another current
member are ranked by the peak warmth they had (the most valuable relation first; equal peaks:
the longer silence first, then the lower id), the ``k`` best kept. Only interactions before
:math:`t` count.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import polars as pl

from netweave.insights._frames import weighted_interactions
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables
from netweave.insights.warmth import tie_warmth

__all__ = ["RECONNECTION_SCHEMA", "suggest_reconnections"]

RECONNECTION_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64(),
        "other_id": pl.Int64(),
        "rank": pl.UInt32(),
        "warmth": pl.Float64(),
        "peak": pl.Float64(),
        "last_contact": pl.Date(),
    }
)


def suggest_reconnections(
    tables: NetworkTables,
    *,
    at: date,
    k: int = 3,
    settings: MetricSettings | None = None,
    opted_out: Collection[int] = (),
) -> pl.DataFrame:
    """Per member, up to ``k`` cooling ties to renew.

    Returns
    -------
    DataFrame[person_id, other_id, rank, warmth, peak, last_contact], rank 1 = first to renew.
    """
    settings = settings or MetricSettings()
    past = weighted_interactions(tables, settings).filter(pl.col("on") < at)
    cooling = tie_warmth(past, at, settings).filter(pl.col("state") == "cooling")
    current = tables.members.filter(
        (pl.col("joined").is_null() | (pl.col("joined") < at))
        & (pl.col("left").is_null() | (pl.col("left") >= at))
        & ~pl.col("person_id").is_in(list(opted_out))
    )["person_id"]
    both = pl.concat(
        [
            cooling.select(pl.col("a").alias("person_id"), pl.col("b").alias("other_id"), "*"),
            cooling.select(pl.col("b").alias("person_id"), pl.col("a").alias("other_id"), "*"),
        ]
    ).filter(
        pl.col("person_id").is_in(current.implode()) & pl.col("other_id").is_in(current.implode())
    )
    return (
        both.sort(
            ["person_id", "peak", "last_contact", "other_id"],
            descending=[False, True, False, False],
        )
        .with_columns(pl.int_range(1, pl.len() + 1).over("person_id").alias("rank"))
        .filter(pl.col("rank") <= k)
        .select(list(RECONNECTION_SCHEMA))
        .cast(RECONNECTION_SCHEMA)
    )
