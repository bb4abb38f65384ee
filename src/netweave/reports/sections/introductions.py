"""Introductions: the funnel from suggested to followed up against last year, and who
connected people (insights' introductions family)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from netweave.reports import charts
from netweave.reports.document import Figure, Person
from netweave.reports.sections.context import ReportContext

__all__ = ["IntroductionsSection", "introductions_section"]

TOP = 10
"""Introducers named."""


@dataclass(frozen=True)
class IntroductionsSection:
    funnel: tuple[Figure, ...]
    funnel_svg: str
    introducers: tuple[Person, ...]


def introductions_section(ctx: ReportContext) -> IntroductionsSection:
    cur, prev = ctx.current.introductions, ctx.previous.introductions
    stages = (
        ("suggested", _("Suggested")),
        ("accepted", _("Accepted")),
        ("met", _("Met")),
        ("followed_up", _("Followed up")),
    )
    reached = tuple(
        Figure(f"funnel.{name}", label, getattr(cur, name), getattr(prev, name))
        for name, label in stages
    )
    declined = Figure(
        "funnel.declined", _("Declined"), cur.declined, prev.declined, higher_is_better=None
    )
    svg = charts.funnel(
        [(f.label, int(f.current or 0)) for f in reached],
        of_previous=_("%(share)s of the step before"),
        title=_("Introductions from suggested to met"),
    )
    introducers = tuple(
        ctx.person(
            row["introducer_id"],
            (
                Figure(f"introducer.{row['introducer_id']}.made", _("Made"), row["made"]),
                Figure(f"introducer.{row['introducer_id']}.met", _("Met"), row["met"]),
            ),
        )
        for row in cur.introducers.drop_nulls("introducer_id")
        .sort(["made", "met", "introducer_id"], descending=[True, True, False])
        .head(TOP)
        .iter_rows(named=True)
    )
    return IntroductionsSection((*reached, declined), svg, introducers)
