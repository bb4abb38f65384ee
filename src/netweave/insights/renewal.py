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

import polars as pl

from netweave.insights._frames import canonical, group_by_pair, in_period, share
from netweave.insights.period import Period
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


def _pairs(tables: NetworkTables, period: Period) -> pl.DataFrame:
    pairs = canonical(in_period(tables.interactions.select("a", "b", "on"), "on", period))
    return group_by_pair(pairs.filter(pl.col("a") != pl.col("b")).select("a", "b"))


def tie_status(tables: NetworkTables, period: Period) -> pl.DataFrame:
    """Every tie of ``period`` or its previous period with its status new/kept/lapsed."""
    now = _pairs(tables, period).with_columns(pl.lit(True).alias("now"))
    before = _pairs(tables, period.previous()).with_columns(pl.lit(True).alias("before"))
    joined = now.join(before, on=["a", "b"], how="full", coalesce=True)
    status = (
        pl.when(pl.col("now") & pl.col("before"))
        .then(pl.lit("kept"))
        .when(pl.col("now"))
        .then(pl.lit("new"))
        .otherwise(pl.lit("lapsed"))
    )
    return joined.select("a", "b", status.alias("status")).sort("a", "b")


def renewal(tables: NetworkTables, period: Period) -> Renewal:
    """New / kept / lapsed ties of ``period`` against ``period.previous()``.

    Parameters
    ----------
    tables : NetworkTables
    period : Period

    Returns
    -------
    Renewal
    """
    ties = tie_status(tables, period)
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
