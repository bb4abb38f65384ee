r"""Which way a figure moved between two periods, and whether the move is big enough to call.

A year-over-year change from :math:`p` (before) to :math:`c` (now) is *meaningful* when

.. math:: |c - p| > \theta \cdot \max(|c|, |p|), \qquad \theta = \texttt{MEANINGFUL\_CHANGE} = 0.05

that is, when the figure moved by more than 5 % of the larger of the two values. Smaller moves
are called ``same``: a density going from 0.051 to 0.050 is noise, not a network getting worse,
and a report that calls it "worse" teaches its readers to ignore the arrows. Counts that are
small on both sides are the exception the rule handles by itself: 0 → 1 is a change of 100 %.

A meaningful change is ``better`` when it goes the way the figure's ``higher_is_better`` names,
else ``worse``. A figure with a ``target`` (such as a 50/50 split) is judged by its distance to
the target, :math:`d = |x - t|`, with the same rule applied to :math:`d_p` and :math:`d_c`: it is
``better`` when it came meaningfully closer. A figure without a better direction, or with a
missing value, is ``neutral``.

The rule is used by :func:`netweave.insights.compare` and by every figure the annual report and
the dashboard print, so an arrow means the same thing wherever it is shown.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MEANINGFUL_CHANGE", "Direction", "change_direction"]

MEANINGFUL_CHANGE = 0.05
"""θ: the smallest relative move (of the larger value) that is called better or worse."""


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    NEUTRAL = "neutral"


def change_direction(
    current: float | None,
    previous: float | None,
    *,
    higher_is_better: bool | None,
    target: float | None = None,
) -> Direction:
    """The :class:`Direction` of a move from ``previous`` to ``current`` (see the module doc)."""
    if current is None or previous is None or (higher_is_better is None and target is None):
        return Direction.NEUTRAL
    if target is not None:
        now, before = abs(current - target), abs(previous - target)
        if not _meaningful(now, before):
            return Direction.SAME
        return Direction.BETTER if now < before else Direction.WORSE
    if not _meaningful(current, previous):
        return Direction.SAME
    return Direction.BETTER if (current > previous) == higher_is_better else Direction.WORSE


def _meaningful(current: float, previous: float) -> bool:
    return abs(current - previous) > MEANINGFUL_CHANGE * max(abs(current), abs(previous))
