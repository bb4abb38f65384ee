r"""Tie flow: how the warm ties at the start of a period became the warm ties at its end.

With :math:`W_0` the ties that are *warm* (see :mod:`~netweave.insights.warmth`) on the day
before the period starts and :math:`W_1` those warm on its last day,

.. math:: |W_1| = |W_0| + \underbrace{|W_1 \setminus W_0|}_{\text{gained}}
                        - \underbrace{|W_0 \setminus W_1|}_{\text{lost}}

holds by construction, so the flow always adds up. The two terms are split so a reader sees why:

- gained = **first met** (the pair never interacted before the period) + **warmed again** (they
  had, but the tie was not warm at the start);
- lost = **now cooling** (the tie lost more than half its peak warmth of the last year and has
  been silent for a while: it can still be saved) + **gone cold** (faded below the warm threshold
  without first counting as cooling).

This is the warm-tie counterpart of :mod:`~netweave.insights.renewal` (which counts pairs with any
interaction in either period) and is what the annual report draws as a waterfall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from netweave.insights.warmth import Warmth

__all__ = ["TieFlow", "tie_flow"]


@dataclass(frozen=True)
class TieFlow:
    """Warm ties at the start and end of a period and what moved in between.

    Attributes
    ----------
    start, end : date
        The two moments compared: the day before the period and its last day.
    warm_at_start, warm_at_end : int
    first_met, warmed_again : int
        Gained: warm at the end, not at the start; the pair new in the period, or known before.
    now_cooling, gone_cold : int
        Lost: warm at the start, not at the end; split by the state at the end.
    """

    start: date
    end: date
    warm_at_start: int
    first_met: int
    warmed_again: int
    now_cooling: int
    gone_cold: int
    warm_at_end: int

    @property
    def gained(self) -> int:
        return self.first_met + self.warmed_again

    @property
    def lost(self) -> int:
        return self.now_cooling + self.gone_cold


def tie_flow(at_start: Warmth, at_end: Warmth) -> TieFlow:
    """The :class:`TieFlow` between two warmth snapshots of one network (see the module doc)."""
    before = at_start.ties.select("a", "b", pl.col("state").alias("state_before"))
    after = at_end.ties.select("a", "b", "state")
    moved = after.join(before, on=["a", "b"], how="left")
    warm_now, warm_then = pl.col("state") == "warm", pl.col("state_before") == "warm"
    gained = moved.filter(warm_now & ~warm_then.fill_null(value=False))
    lost = moved.filter(warm_then & ~warm_now)
    known_before = pl.col("state_before").is_not_null()
    return TieFlow(
        start=at_start.at,
        end=at_end.at,
        warm_at_start=at_start.warm,
        first_met=gained.filter(~known_before).height,
        warmed_again=gained.filter(known_before).height,
        now_cooling=lost.filter(pl.col("state") == "cooling").height,
        gone_cold=lost.filter(pl.col("state") == "cold").height,
        warm_at_end=at_end.warm,
    )
