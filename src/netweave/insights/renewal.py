r"""Renewal: which ties are new, kept or lapsed against the previous period.

A *tie* of a period is a pair of members with at least one interaction in it. With
:math:`E` the ties of the period and :math:`E'` those of the previous period
(:meth:`Period.previous`):

- new :math:`= |E \setminus E'|`, kept :math:`= |E \cap E'|`, lapsed :math:`= |E' \setminus E|`;
- renewal rate :math:`= |E \setminus E'| / |E|` (0 when :math:`E` is empty).

Per member: the same counts over the ties the member is part of.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights._frames import share, within
from netweave.insights._history import interaction_history, pair_starts, per_pair
from netweave.insights.period import Period
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

__all__ = ["Renewal", "renewal", "tie_status"]

STATUSES = ("new", "kept", "lapsed")


@dataclass(frozen=True)
class Renewal:
    """New, kept and lapsed ties of a period against the previous one.

    Attributes
    ----------
    new, kept, lapsed : int
    renewal_rate : float
        new / ties of this period.
    members : DataFrame[person_id, new, kept, lapsed]
    ties : DataFrame[a, b, status]
    """

    new: int
    kept: int
    lapsed: int
    renewal_rate: float
    members: pl.DataFrame
    ties: pl.DataFrame


def tie_status(
    tables: NetworkTables, period: Period, *, history: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every tie of ``period`` or its previous period with its status new/kept/lapsed.

    ``history``: the interactions sorted by pair (see :mod:`netweave.insights._history`);
    sorted here when not given.
    """
    if history is None:
        history = interaction_history(tables, MetricSettings())
    starts = pair_starts(history["pair"].to_numpy())
    now, before = (_met_in(history, starts, p) for p in (period, period.previous()))
    status = (
        pl.when(pl.col("now") & pl.col("before"))
        .then(pl.lit("kept"))
        .when(pl.col("now"))
        .then(pl.lit("new"))
        .otherwise(pl.lit("lapsed"))
    )
    # The history is sorted by pair, so the ties come out sorted by (a, b).
    return (
        history.select(pl.col("a", "b").gather(starts))
        .with_columns(now=now, before=before)
        .filter(pl.col("now") | pl.col("before"))
        .select("a", "b", status.alias("status"))
    )


def _met_in(history: pl.DataFrame, starts: np.ndarray, period: Period) -> np.ndarray:
    """Per pair (run of ``history`` beginning at ``starts``): any interaction in ``period``."""
    inside = history.select(within("on", period).fill_null(value=False)).to_series().to_numpy()
    return per_pair(np.logical_or, inside, starts)


def renewal(
    tables: NetworkTables, period: Period, *, history: pl.DataFrame | None = None
) -> Renewal:
    """New / kept / lapsed ties of ``period`` against ``period.previous()``.

    Parameters
    ----------
    tables : NetworkTables
    period : Period
    history : DataFrame, optional
        The interactions sorted by pair (as :func:`tie_status` takes them).

    Returns
    -------
    Renewal
    """
    ties = tie_status(tables, period, history=history)
    counts = dict(ties.group_by("status").len().iter_rows())
    members = (
        pl.concat(
            [
                ties.select(pl.col("a").alias("person_id"), "status"),
                ties.select(pl.col("b").alias("person_id"), "status"),
            ]
        )
        .group_by("person_id")
        .agg((pl.col("status") == s).sum().cast(pl.UInt32).alias(s) for s in STATUSES)
        .sort("person_id")
    )
    new, kept = int(counts.get("new", 0)), int(counts.get("kept", 0))
    return Renewal(
        new=new,
        kept=kept,
        lapsed=int(counts.get("lapsed", 0)),
        renewal_rate=share(new, new + kept),
        members=members,
        ties=ties,
    )
