r"""Routines: whether the network's habits are kept, and what they bring.

Per routine, over the occurrences dated in a period:

- planned :math:`P` = occurrences; held :math:`H` = occurrences with ``held``;
  held share :math:`H / P`;
- attendance :math:`y_j` = attendees of the :math:`j`-th held occurrence (by date, :math:`j =
  0, 1, \dots`); mean attendance :math:`\bar y`; attendance trend = least-squares slope
  :math:`\sum_j (j - \bar j)(y_j - \bar y) / \sum_j (j - \bar j)^2` in attendees per
  occurrence (null with fewer than 2 held occurrences);
- new ties: pairs whose first-ever interaction lies in the period, has source ``routine`` and
  whose two members both attended a held occurrence of this routine on that day.

``new_ties_at_routines`` counts the pairs whose first-ever interaction in the period has source
``routine``, whether or not the attendance list credits a particular routine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights._frames import in_period, share
from netweave.insights._history import interaction_history, pair_starts, per_pair
from netweave.insights.period import Period
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

__all__ = ["Routines", "first_ties_at_routines", "routines"]

NEVER = np.iinfo(np.int64).max
"""An odd code above every real one: what a row without date or source counts as."""

SCHEMA = pl.Schema(
    {
        "routine_id": pl.Int64(),
        "planned": pl.UInt32(),
        "held": pl.UInt32(),
        "held_share": pl.Float64(),
        "mean_attendance": pl.Float64(),
        "attendance_trend": pl.Float64(),
        "new_ties": pl.UInt32(),
    }
)


@dataclass(frozen=True)
class Routines:
    """Habit health of every routine in a period.

    Attributes
    ----------
    routines : DataFrame[routine_id, planned, held, held_share, mean_attendance,
        attendance_trend, new_ties]
    planned, held : int
    held_share : float
    new_ties_at_routines : int
    """

    routines: pl.DataFrame
    planned: int
    held: int
    held_share: float
    new_ties_at_routines: int


def first_ties_at_routines(
    tables: NetworkTables, period: Period, *, history: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Pairs (a < b) whose first-ever interaction is in ``period`` with source ``routine``.

    ``history``: the interactions sorted by pair, with their ``routine`` flag (see
    :mod:`netweave.insights._history`); sorted here when not given.

    Returns DataFrame[a, b, on], sorted by (a, b).
    """
    if history is None:
        history = interaction_history(tables, MetricSettings())
    # One min per pair: 2·day + (source ≠ routine) is smallest on the first day, and even on
    # that day exactly when one of its interactions came from a routine. A null (no date or no
    # source) counts for nothing.
    code = history.select(
        (pl.col("on").cast(pl.Int32).cast(pl.Int64) * 2 + ~pl.col("routine")).fill_null(NEVER)
    ).to_series()
    starts = pair_starts(history["pair"].to_numpy())
    first = per_pair(np.minimum, code.to_numpy(), starts)
    # The history is sorted by pair, so the pairs come out sorted by (a, b).
    return (
        history.select(pl.col("a", "b").gather(starts))
        .with_columns(code=first)
        .filter(pl.col("code") % 2 == 0)
        .select("a", "b", (pl.col("code") // 2).cast(pl.Int32).cast(pl.Date).alias("on"))
        .pipe(in_period, "on", period)
    )


def routines(
    tables: NetworkTables, period: Period, *, history: pl.DataFrame | None = None
) -> Routines:
    """Planned vs held, attendance and its trend, and ties born at each routine.

    Parameters
    ----------
    tables : NetworkTables
    period : Period
    history : DataFrame, optional
        The interactions sorted by pair (as :func:`first_ties_at_routines` takes them).

    Returns
    -------
    Routines
    """
    occurrences = in_period(tables.occurrences, "on", period)
    counts = tables.attendance.group_by("occurrence_id").agg(
        pl.col("person_id").n_unique().alias("attendees")
    )
    held = (
        occurrences.filter(pl.col("held"))
        .join(counts, on="occurrence_id", how="left")
        .with_columns(pl.col("attendees").fill_null(0).cast(pl.Float64))
        .sort("routine_id", "on", "occurrence_id")
        .with_columns(pl.int_range(pl.len()).over("routine_id").cast(pl.Float64).alias("j"))
    )
    x, y = pl.col("j"), pl.col("attendees")
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    attendance = held.group_by("routine_id").agg(
        y.mean().alias("mean_attendance"),
        pl.when(pl.len() >= 2).then(slope).alias("attendance_trend"),
    )
    born = first_ties_at_routines(tables, period, history=history)
    present = (
        tables.attendance.join(
            occurrences.filter(pl.col("held")).select("occurrence_id", "routine_id", "on"),
            on="occurrence_id",
        )
        .select("person_id", "routine_id", "on")
        .unique()
    )
    credited = (
        born.join(present.rename({"person_id": "a"}), on=["a", "on"])
        .join(present.rename({"person_id": "b"}), on=["b", "on", "routine_id"])
        .group_by("routine_id")
        .agg(pl.struct("a", "b").n_unique().alias("new_ties"))
    )
    per_routine = (
        occurrences.group_by("routine_id")
        .agg(
            pl.len().alias("planned"),
            pl.col("held").sum().alias("held"),
        )
        .with_columns((pl.col("held") / pl.col("planned")).alias("held_share"))
        .join(attendance, on="routine_id", how="left")
        .join(credited, on="routine_id", how="left")
        .with_columns(pl.col("mean_attendance").fill_null(0.0), pl.col("new_ties").fill_null(0))
        .select(list(SCHEMA))
        .cast(SCHEMA)
        .sort("routine_id")
    )
    planned = occurrences.height
    held_count = int(occurrences["held"].sum())
    return Routines(
        routines=per_routine,
        planned=planned,
        held=held_count,
        held_share=share(held_count, planned),
        new_ties_at_routines=born.select("a", "b").unique().height,
    )
