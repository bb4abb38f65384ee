"""The tie flow of "the year in numbers": warm ties at the start, gained, lost, at the end.

The numbers come from :class:`netweave.insights.TieFlow`, which guarantees that they add up;
this module only labels them in the report's language and draws them as a waterfall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netweave.insights import TieFlow
from netweave.reports import charts
from netweave.reports.document import Figure

__all__ = ["TieFlowSection", "tie_flow_section"]


@dataclass(frozen=True)
class TieFlowSection:
    """What the report prints: the figures in reading order and the waterfall drawing."""

    start: date
    end: date
    figures: tuple[Figure, ...]
    svg: str


def tie_flow_section(flow: TieFlow) -> TieFlowSection:
    """Label the terms of ``flow`` (call inside the report's language)."""
    start, end = date_format(flow.start), date_format(flow.end)
    # (name, label in the table, short label beside the bar, signed amount)
    terms = (
        (
            "warm_at_start",
            _("Warm ties on %(day)s") % {"day": start},
            _("At the start"),
            flow.warm_at_start,
        ),
        ("first_met", _("+ between people who first met"), _("First met"), flow.first_met),
        ("warmed_again", _("+ warmed up again"), _("Warmed up again"), flow.warmed_again),
        ("now_cooling", _("− now cooling"), _("Now cooling"), -flow.now_cooling),
        ("gone_cold", _("− gone cold"), _("Gone cold"), -flow.gone_cold),
        (
            "warm_at_end",
            _("Warm ties on %(day)s") % {"day": end},
            _("At the end"),
            flow.warm_at_end,
        ),
    )
    figures = tuple(
        Figure(f"flow.{name}", label, abs(amount), higher_is_better=None)
        for name, label, _short, amount in terms
    )
    drawing = charts.waterfall(
        (terms[0][2], terms[0][3]),
        [(short, amount) for _name, _label, short, amount in terms[1:-1]],
        (terms[-1][2], terms[-1][3]),
        title=_("How the warm ties changed between %(start)s and %(end)s")
        % {"start": start, "end": end},
    )
    return TieFlowSection(flow.start, flow.end, figures, drawing)
