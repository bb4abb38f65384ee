r"""Introductions: the funnel from suggestion to follow-up, and who connects people.

Over the introductions suggested in a period (``suggested_on`` in the period), by status:

- suggested: all of them;
- accepted: status in {accepted, met, followed_up} (a later stage implies the earlier);
- met: status in {met, followed_up} or ``met_on`` set;
- followed_up: status followed_up;
- declined: status declined.

Per introducer: made (= suggested by them), accepted, met and followed_up, with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from netweave.insights._frames import in_period
from netweave.insights.period import Period
from netweave.insights.tables import NetworkTables

__all__ = ["Introductions", "introductions"]

_STAGES = {
    "accepted": pl.col("status").is_in(["accepted", "met", "followed_up"]),
    "met": pl.col("status").is_in(["met", "followed_up"]) | pl.col("met_on").is_not_null(),
    "followed_up": pl.col("status") == "followed_up",
    "declined": pl.col("status") == "declined",
}


@dataclass(frozen=True)
class Introductions:
    """Introduction funnel of a period and introductions per introducer.

    Attributes
    ----------
    suggested, accepted, declined, met, followed_up : int
    introducers : DataFrame[introducer_id, made, accepted, met, followed_up]
        Sorted by made (desc), then introducer_id.
    """

    suggested: int
    accepted: int
    declined: int
    met: int
    followed_up: int
    introducers: pl.DataFrame

    @property
    def met_share(self) -> float:
        return self.met / self.suggested if self.suggested else 0.0


def introductions(tables: NetworkTables, period: Period) -> Introductions:
    """Funnel counts and per-introducer figures for introductions suggested in ``period``.

    Parameters
    ----------
    tables : NetworkTables
    period : Period

    Returns
    -------
    Introductions
    """
    rows = in_period(tables.introductions, "suggested_on", period).with_columns(
        **{stage: condition.fill_null(False) for stage, condition in _STAGES.items()}
    )
    introducers = (
        rows.filter(pl.col("introducer_id").is_not_null())
        .group_by("introducer_id")
        .agg(
            pl.len().cast(pl.UInt32).alias("made"),
            *(pl.col(s).sum().cast(pl.UInt32) for s in ("accepted", "met", "followed_up")),
        )
        .sort(["made", "introducer_id"], descending=[True, False])
    )
    return Introductions(
        suggested=rows.height,
        accepted=int(rows["accepted"].sum()),
        declined=int(rows["declined"].sum()),
        met=int(rows["met"].sum()),
        followed_up=int(rows["followed_up"].sum()),
        introducers=introducers,
    )
