"""The opening summary: what the network yielded, for whom, and what changed, in six sentences.

Each sentence is built from :mod:`netweave.insights` results by one rule, and the report prints
the rule beside it, so a reader (or a funder) can see where every claim comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netweave.insights import MEANINGFUL_CHANGE, Comparison, Direction, NetworkInsights
from netweave.reports.formatting import counted, number, value

__all__ = ["SummarySection", "SummarySentence", "summary_section"]


@dataclass(frozen=True)
class SummarySentence:
    text: str
    rule: str


@dataclass(frozen=True)
class SummarySection:
    sentences: tuple[SummarySentence, ...]


def summary_section(
    current: NetworkInsights,
    comparison: Comparison,
    *,
    organisation_names: Mapping[int, str],
    label: Callable[[str], str],
    compared: tuple[str, ...],
) -> SummarySection:
    """The summary of ``current`` (call inside the report's language).

    ``label`` names a headline figure as "the year in numbers" does; ``compared`` lists the
    figures whose change may be called the clearest improvement or decline.
    """
    return SummarySection(
        (
            _who(current),
            _help_across_walls(current, organisation_names),
            _ties(current),
            _bridges(current, comparison),
            _introductions_and_routines(current),
            _clearest_changes(comparison, label, compared),
        )
    )


def _who(i: NetworkInsights) -> SummarySentence:
    # The verb agrees with the members; the other counts are phrases of their own.
    return SummarySentence(
        ngettext(
            "%(members)s member from %(organisations)s took part this year and recorded "
            "%(interactions)s with others.",
            "%(members)s members from %(organisations)s took part this year and recorded "
            "%(interactions)s with each other.",
            i.members,
        )
        % {
            "members": number(i.members),
            "organisations": counted(
                ngettext("%(count)s organisation", "%(count)s organisations", i.organisations),
                i.organisations,
            ),
            "interactions": counted(
                ngettext("%(count)s interaction", "%(count)s interactions", i.interactions),
                i.interactions,
            ),
        },
        _(
            "A member of the year is anyone who was a member on at least one day of it; the "
            "organisations are those members' organisations."
        ),
    )


def _help_across_walls(i: NetworkInsights, names: Mapping[int, str]) -> SummarySentence:
    rule = _(
        "Help recorded as given, counted when the giver and the receiver belong to different "
        "organisations; the most generous organisation gave such help most often."
    )
    organisations = i.reciprocity.organisations
    total = int(organisations["given"].sum()) if organisations.height else 0
    if not total:
        return SummarySentence(_("No help between organisations was recorded this year."), rule)
    top = organisations.sort(["given", "organisation_id"], descending=[True, False]).row(
        0, named=True
    )
    return SummarySentence(
        _(
            "Members helped someone from another organisation %(total)s; %(top)s gave most "
            "often (%(given)s)."
        )
        % {
            "total": _times(total),
            "top": names.get(top["organisation_id"], "?"),
            "given": _times(top["given"]),
        },
        rule,
    )


def _times(amount: int) -> str:
    return counted(ngettext("%(count)s time", "%(count)s times", amount), amount)


def _ties(i: NetworkInsights) -> SummarySentence:
    flow = i.flow
    if i.period.is_calendar_year:
        text = _(
            "The year ended with %(end)s against %(start)s at its start: %(gained)s and %(lost)s."
        )
    else:  # the year is not over: it did not end with them
        text = _(
            "On %(day)s the network had %(end)s against %(start)s at the start of the year: "
            "%(gained)s and %(lost)s."
        )
    return SummarySentence(
        text
        % {
            "day": date_format(flow.end, "j F"),
            "end": counted(
                ngettext("%(count)s warm tie", "%(count)s warm ties", flow.warm_at_end),
                flow.warm_at_end,
            ),
            "start": number(flow.warm_at_start),
            "gained": counted(
                ngettext("%(count)s tie became warm", "%(count)s ties became warm", flow.gained),
                flow.gained,
            ),
            "lost": counted(
                ngettext(
                    "%(count)s cooled down or went cold",
                    "%(count)s cooled down or went cold",
                    flow.lost,
                ),
                flow.lost,
            ),
        },
        _("Warm ties as in the tie flow of “The year in numbers”: start + gained − lost = end."),
    )


def _bridges(i: NetworkInsights, comparison: Comparison) -> SummarySentence:
    before = comparison.figures.filter(pl.col("figure") == "cross_sector_share")["previous"][0]
    return SummarySentence(
        _("%(share)s of the warm ties connect different sectors (%(before)s the year before).")
        % {
            "share": value(i.bridging.cross_sector_share, "share"),
            "before": value(before, "share"),
        },
        _(
            "Share of warm ties between members of different sectors (knowledge, business, "
            "government, civil society), the network's bridges."
        ),
    )


def _introductions_and_routines(i: NetworkInsights) -> SummarySentence:
    made, met, held = i.introductions.suggested, i.introductions.met, i.routines.held
    return SummarySentence(
        _("%(made)s and %(met)s; %(held)s.")
        % {
            "made": counted(
                ngettext(
                    "%(count)s introduction was made", "%(count)s introductions were made", made
                ),
                made,
            ),
            "met": counted(
                ngettext(
                    "%(count)s of them led to a meeting", "%(count)s of them led to a meeting", met
                ),
                met,
            ),
            "held": counted(
                ngettext(
                    "%(count)s routine meeting was held",
                    "%(count)s routine meetings were held",
                    held,
                ),
                held,
            ),
        },
        _("Introductions recorded in the year, and routine meetings that took place."),
    )


def _clearest_changes(
    comparison: Comparison, label: Callable[[str], str], compared: tuple[str, ...]
) -> SummarySentence:
    rule = _(
        "Of the figures in “The year in numbers”, the largest relative change called better, "
        "and the largest called worse (a change is called only beyond %(threshold)s)."
    ) % {"threshold": value(MEANINGFUL_CHANGE, "share")}
    rows = comparison.figures.filter(
        pl.col("figure").is_in(compared) & pl.col("relative").is_not_null()
    ).with_columns(pl.col("relative").abs().alias("size"))
    parts = []
    for direction, pattern in (
        (Direction.BETTER, _("the clearest improvement: %(figure)s, from %(before)s to %(now)s")),
        (Direction.WORSE, _("the clearest decline: %(figure)s, from %(before)s to %(now)s")),
    ):
        found = rows.filter(pl.col("direction") == str(direction)).sort(
            ["size", "figure"], descending=[True, False]
        )
        if found.height:
            row = found.row(0, named=True)
            parts.append(
                pattern
                % {
                    "figure": label(row["figure"]).lower(),
                    "before": number(row["previous"]),
                    "now": number(row["current"]),
                }
            )
    if not parts:
        return SummarySentence(
            _("No figure changed by more than %(threshold)s against the year before.")
            % {"threshold": value(MEANINGFUL_CHANGE, "share")},
            rule,
        )
    sentence = "; ".join(parts)
    return SummarySentence(sentence[:1].upper() + sentence[1:] + ".", rule)
