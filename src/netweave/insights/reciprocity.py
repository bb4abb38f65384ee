r"""Reciprocity: what each member and organisation gave to and received from others.

Directed interactions (``directed`` is true: help, an introduction made, hosting) have a giver
``a`` and a beneficiary ``b``. Over a period, per member :math:`m`:

- given :math:`g_m` = number of directed interactions with :math:`a = m`;
  received :math:`r_m` = number with :math:`b = m` (``given_weight``/``received_weight``: the
  same sums of weights);
- balance :math:`\beta_m = g_m / (g_m + r_m)`, null when :math:`g_m + r_m = 0`;
- imbalanced when :math:`g_m + r_m \ge` ``imbalance_min_volume`` (10) and
  :math:`\beta_m <` ``imbalance_low`` (0.25, mostly taking) or :math:`\beta_m >`
  ``imbalance_high`` (0.75, mostly giving);
- beneficiaries: distinct members :math:`m` gave to; beneficiary organisations: distinct
  organisations of those beneficiaries other than :math:`m`'s own.

Per organisation the same figures count only interactions between members of *different*
organisations (what an organisation did for the others, not for itself).

References
----------
Network annual report: seeds/000 ("give first", accountability for what you do for others).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from netweave.insights._frames import active_members, in_period, weighted_interactions
from netweave.insights.period import Period
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

__all__ = ["Reciprocity", "reciprocity"]

_COUNTS = ["given", "received", "given_weight", "received_weight"]


@dataclass(frozen=True)
class Reciprocity:
    """Given / received per member and per organisation over a period.

    Attributes
    ----------
    members : DataFrame[person_id, organisation_id, given, received, given_weight,
        received_weight, balance, imbalanced, beneficiaries, beneficiary_organisations]
    organisations : DataFrame[organisation_id, given, received, given_weight, received_weight,
        balance, imbalanced, beneficiaries, beneficiary_organisations]
    imbalanced_members, imbalanced_organisations, directed_interactions : int
    """

    members: pl.DataFrame
    organisations: pl.DataFrame
    imbalanced_members: int
    imbalanced_organisations: int
    directed_interactions: int


def _balance(frame: pl.DataFrame, settings: MetricSettings) -> pl.DataFrame:
    volume = pl.col("given") + pl.col("received")
    balance = pl.when(volume > 0).then(pl.col("given") / volume).otherwise(None)
    imbalanced = (volume >= settings.imbalance_min_volume) & (
        (pl.col("balance") < settings.imbalance_low) | (pl.col("balance") > settings.imbalance_high)
    )
    return frame.with_columns(balance.cast(pl.Float64).alias("balance")).with_columns(
        imbalanced.fill_null(False).alias("imbalanced")
    )


def _side(flows: pl.DataFrame, key: str, role: str) -> pl.DataFrame:
    """Counts and weights per ``key`` column (giver or beneficiary side)."""
    return flows.group_by(key).agg(
        pl.len().cast(pl.UInt32).alias(role), pl.col("weight").sum().alias(f"{role}_weight")
    )


def _summarise(
    flows: pl.DataFrame,
    giver: str,
    receiver: str,
    *,
    beneficiary: str = "b",
    giver_org: str = "org_a",
    beneficiary_org: str = "org_b",
) -> pl.DataFrame:
    """Given figures grouped by ``giver``, received figures grouped by ``receiver``."""
    given = flows.group_by(giver).agg(
        pl.len().cast(pl.UInt32).alias("given"),
        pl.col("weight").sum().alias("given_weight"),
        pl.col(beneficiary).n_unique().cast(pl.UInt32).alias("beneficiaries"),
        pl.col(beneficiary_org)
        .filter(pl.col(beneficiary_org) != pl.col(giver_org))
        .n_unique()
        .cast(pl.UInt32)
        .alias("beneficiary_organisations"),
    )
    received = _side(flows, receiver, "received").rename({receiver: giver})
    return given.join(received, on=giver, how="full", coalesce=True)


def reciprocity(
    tables: NetworkTables, period: Period, settings: MetricSettings | None = None
) -> Reciprocity:
    """Given / received / balance per member and organisation in ``period``.

    Parameters
    ----------
    tables : NetworkTables
    period : Period
    settings : MetricSettings, optional
        ``imbalance_min_volume``, ``imbalance_low``, ``imbalance_high``, ``kind_weights``.

    Returns
    -------
    Reciprocity
    """
    settings = settings or MetricSettings()
    org_of = tables.members.select("person_id", "organisation_id").unique("person_id")
    active = active_members(tables, period)
    everyone = active.select("person_id").unique()
    organisations_active = active.select("organisation_id").drop_nulls().unique()
    flows = (
        in_period(
            weighted_interactions(tables, settings).select("a", "b", "on", "directed", "weight"),
            "on",
            period,
        )
        .filter(pl.col("directed") & (pl.col("a") != pl.col("b")))
        .select("a", "b", "weight")
        .join(org_of.rename({"person_id": "a", "organisation_id": "org_a"}), on="a", how="left")
        .join(org_of.rename({"person_id": "b", "organisation_id": "org_b"}), on="b", how="left")
    )
    members = (
        _summarise(flows, "a", "b")
        .rename({"a": "person_id"})
        .join(everyone, on="person_id", how="full", coalesce=True)
        .join(org_of, on="person_id", how="left")
    )
    across = flows.filter(
        pl.col("org_a").is_not_null()
        & pl.col("org_b").is_not_null()
        & (pl.col("org_a") != pl.col("org_b"))
    )
    organisations = (
        _summarise(across, "org_a", "org_b")
        .rename({"org_a": "organisation_id"})
        .join(organisations_active, on="organisation_id", how="full", coalesce=True)
    )
    member_columns = ["person_id", "organisation_id", *_COUNTS]
    org_columns = ["organisation_id", *_COUNTS]
    tail = ["balance", "imbalanced", "beneficiaries", "beneficiary_organisations"]
    members = _balance(_fill(members), settings).select(*member_columns, *tail).sort("person_id")
    organisations = (
        _balance(_fill(organisations), settings).select(*org_columns, *tail).sort("organisation_id")
    )
    return Reciprocity(
        members=members,
        organisations=organisations,
        imbalanced_members=int(members["imbalanced"].sum()),
        imbalanced_organisations=int(organisations["imbalanced"].sum()),
        directed_interactions=flows.height,
    )


def _fill(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("given", "received", "beneficiaries", "beneficiary_organisations")
        .fill_null(0)
        .cast(pl.UInt32),
        pl.col("given_weight", "received_weight").fill_null(0.0).cast(pl.Float64),
    )
