"""Recommendations for next year, each produced by a stated rule over insights figures.

Every rule is a small function: it reads the year's (and last year's) insights, and returns a
:class:`~netweave.reports.document.Recommendation` — with the rule in words and the figures it
rests on — or ``None`` when it does not fire. The rules and their thresholds are listed in
``docs/report.md``; they are advice for a steward, not metrics, so they live here and not in
``netweave.insights``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netweave.insights import NetworkInsights
from netweave.reports.document import Figure, Recommendation
from netweave.reports.formatting import counted, number

__all__ = ["RULES", "recommendations"]

ROUTINE_HELD_MINIMUM = 0.75
"""A routine that held fewer than this share of its planned meetings is flagged."""
ORIENTATION_BAND = (0.3, 0.7)
"""Outside this band of effort spent on the network itself, orientation is flagged."""
FOLLOW_UP_MINIMUM = 0.5
"""Flag when fewer than this share of accepted introductions led to a meeting."""
INTRODUCTIONS_PER_MEMBER = 0.1
"""Flag when fewer introductions were made than this many per member."""
LISTED = 3
"""At most this many routines, themes or sector pairs are named in one recommendation."""


@dataclass(frozen=True)
class _Inputs:
    current: NetworkInsights
    previous: NetworkInsights
    organisations: Mapping[int, str]
    routine_names: Mapping[int, str]
    sector_label: Callable[[str | None], str]
    theme_label: Callable[[str], str]


def _names(items: Sequence[str]) -> str:
    shown = list(items[:LISTED])
    more = len(items) - len(shown)
    text = ", ".join(shown)
    if more > 0:
        text += " " + _("and %(count)s more") % {"count": number(more)}
    return text


def _cooling(i: _Inputs) -> Recommendation | None:
    cooling = i.current.warmth.cooling
    if cooling == 0:
        return None
    # The tie flow shows only the cooling ties that were warm at the start; the others became
    # warm during the year. Both are named, so the count reconciles with the flow.
    was_warm = i.current.flow.now_cooling
    return Recommendation(
        "cooling",
        _("Warm up the cooling ties"),
        ngettext(
            "%(count)s tie was cooling on %(day)s (%(was_warm)s warm at the start of the year, "
            "%(since)s only later; see the tie flow of “The year in numbers”). It lost more "
            "than half of its warmth of the last twelve months and had no contact for two "
            "months. A short call or a random-coffee pairing keeps it from being lost.",
            "%(count)s ties were cooling on %(day)s: %(was_warm)s of them warm at the start of "
            "the year (the tie flow of “The year in numbers”), %(since)s warm only later. "
            "Each lost more than half of its warmth of the last twelve months and had no "
            "contact for two months. A short call or a random-coffee pairing keeps them from "
            "being lost.",
            cooling,
        )
        % {
            "day": date_format(i.current.warmth.at, "j F Y"),
            "count": number(cooling),
            "was_warm": number(was_warm),
            "since": number(cooling - was_warm),
        },
        _("Fires when at least one tie is cooling on the last day counted."),
        (Figure("rec.cooling.cooling_ties", _("Cooling ties"), cooling, higher_is_better=False),),
    )


def _renewal(i: _Inputs) -> Recommendation | None:
    renewal = i.current.renewal
    if renewal.lapsed <= renewal.new:
        return None
    return Recommendation(
        "renewal",
        _("Make more new ties than are lost"),
        _(
            "%(lapsed)s and %(new)s. Plan pairing rounds and introductions across organisations "
            "to renew the network."
        )
        % {
            "lapsed": counted(
                ngettext(
                    "%(count)s tie of last year lapsed",
                    "%(count)s ties of last year lapsed",
                    renewal.lapsed,
                ),
                renewal.lapsed,
            ),
            "new": counted(
                ngettext("%(count)s new one was made", "%(count)s new ones were made", renewal.new),
                renewal.new,
            ),
        },
        _("Fires when more ties lapsed than were new."),
        (
            Figure("rec.renewal.lapsed_ties", _("Lapsed ties"), renewal.lapsed),
            Figure("rec.renewal.new_ties", _("New ties"), renewal.new),
        ),
    )


def _triangle(i: _Inputs) -> Recommendation | None:
    open_themes = (
        i.current.bridging.golden_triangle.filter(pl.col("present") & ~pl.col("connected"))
        .sort("theme")["theme"]
        .to_list()
    )
    if not open_themes:
        return None
    return Recommendation(
        "golden_triangle",
        _("Close the golden triangle"),
        _(
            "Knowledge, business and government are all present on %(themes)s, but not all "
            "three are connected. Bring them to one table, for instance at a themed meetup."
        )
        % {"themes": _names([i.theme_label(theme) for theme in open_themes])},
        _("Fires for each theme where all three sectors have members but a link is missing."),
        (
            Figure(
                "rec.golden_triangle.open_themes",
                _("Themes with an open triangle"),
                len(open_themes),
                higher_is_better=False,
            ),
        ),
    )


def _imbalance(i: _Inputs) -> Recommendation | None:
    frame = i.current.reciprocity.organisations.filter(pl.col("imbalanced"))
    if frame.height == 0:
        return None
    takers = [
        i.organisations.get(o, str(o))
        for o in frame.filter(pl.col("balance") < 0.5).sort("organisation_id")["organisation_id"]
    ]
    givers = [
        i.organisations.get(o, str(o))
        for o in frame.filter(pl.col("balance") >= 0.5).sort("organisation_id")["organisation_id"]
    ]
    parts = []
    if takers:
        parts.append(_("mostly received: %(names)s") % {"names": _names(takers)})
    if givers:
        parts.append(_("mostly gave: %(names)s") % {"names": _names(givers)})
    settings = i.current.settings
    return Recommendation(
        "imbalance",
        _("Restore give and take"),
        _(
            "Some organisations %(details)s. Ask those who mostly receive what they can offer, "
            "and those who mostly give what they are running into."
        )
        % {"details": "; ".join(parts)},
        _(
            "Fires for organisations with at least %(volume)s directed interactions and a "
            "balance below %(low)s or above %(high)s."
        )
        % {
            "volume": number(settings.imbalance_min_volume),
            "low": f"{number(settings.imbalance_low * 100)}%",
            "high": f"{number(settings.imbalance_high * 100)}%",
        },
        (
            Figure(
                "rec.imbalance.imbalanced_organisations",
                _("Organisations with an imbalance"),
                i.current.reciprocity.imbalanced_organisations,
                higher_is_better=False,
            ),
        ),
    )


def _routines(i: _Inputs) -> Recommendation | None:
    weak = (
        i.current.routines.routines.filter(
            (pl.col("planned") >= 2) & (pl.col("held_share").fill_null(0) < ROUTINE_HELD_MINIMUM)
        )
        .with_columns(
            pl.col("routine_id")
            .replace_strict(i.routine_names, default=None, return_dtype=pl.String)
            .alias("name")
        )
        .sort("name", "routine_id", nulls_last=True)
    )
    if weak.height == 0:
        return None
    names = [
        name or _("Routine %(number)s") % {"number": routine_id}
        for routine_id, name in weak.select("routine_id", "name").iter_rows()
    ]
    return Recommendation(
        "routines",
        _("Revive or retire faltering routines"),
        _(
            "%(routines)s held fewer meetings than planned. Give each a coordinator and a fixed "
            "date, or stop it on purpose and start something the network does want."
        )
        % {"routines": _names(names)},
        _("Fires for routines with two or more planned meetings that held fewer than %(share)s.")
        % {"share": f"{number(ROUTINE_HELD_MINIMUM * 100)}%"},
        (
            Figure(
                "rec.routines.faltering",
                _("Faltering routines"),
                weak.height,
                higher_is_better=False,
            ),
        ),
    )


def _follow_up(i: _Inputs) -> Recommendation | None:
    funnel = i.current.introductions
    if funnel.accepted == 0 or funnel.met / funnel.accepted >= FOLLOW_UP_MINIMUM:
        return None
    return Recommendation(
        "follow_up",
        _("Help accepted introductions to meet"),
        ngettext(
            "%(accepted)s accepted introduction did not lead to a meeting. Propose a date and "
            "place when you introduce people, and check in after two weeks.",
            "Of %(accepted)s accepted introductions only %(met)s led to a meeting. Propose a "
            "date and place when you introduce people, and check in after two weeks.",
            funnel.accepted,
        )
        % {"accepted": number(funnel.accepted), "met": number(funnel.met)},
        _("Fires when fewer than %(share)s of accepted introductions met.")
        % {"share": f"{number(FOLLOW_UP_MINIMUM * 100)}%"},
        (
            Figure("rec.follow_up.accepted", _("Accepted"), funnel.accepted),
            Figure("rec.follow_up.met", _("Met"), funnel.met),
        ),
    )


def _introductions(i: _Inputs) -> Recommendation | None:
    made, members = i.current.introductions.suggested, i.current.members
    if members == 0 or made >= INTRODUCTIONS_PER_MEMBER * members:
        return None
    return Recommendation(
        "introductions",
        _("Introduce more people to each other"),
        _(
            "%(made)s in a network of %(members)s members. Match open asks to offers and credit "
            "the members who connect others."
        )
        % {
            "made": counted(
                ngettext(
                    "%(count)s introduction was made", "%(count)s introductions were made", made
                ),
                made,
            ),
            "members": number(members),
        },
        _("Fires when fewer than one introduction per %(per)s members was made.")
        % {"per": number(1 / INTRODUCTIONS_PER_MEMBER)},
        (Figure("rec.introductions.made", _("Introductions made"), made),),
    )


def _orientation(i: _Inputs) -> Recommendation | None:
    share = i.current.orientation.network_share
    weight = i.current.orientation.network_weight + i.current.orientation.outside_weight
    low, high = ORIENTATION_BAND
    if weight == 0 or low <= share <= high:
        return None
    if share > high:
        title = _("Turn outward")
        text = _(
            "%(share)s of the effort went into the network itself. Choose a shared task for the "
            "world outside: a network that only looks inward loses its reason to exist."
        )
    else:
        title = _("Invest in the network itself")
        text = _(
            "Only %(share)s of the effort went into the network itself. Without time for "
            "meeting and reflecting, ties cool and the network falls apart into projects."
        )
    return Recommendation(
        "orientation",
        title,
        text % {"share": f"{number(share * 100)}%"},
        _("Fires when the inward share of effort is below %(low)s or above %(high)s.")
        % {"low": f"{number(low * 100)}%", "high": f"{number(high * 100)}%"},
        (
            Figure(
                "rec.orientation.network_share",
                _("Inward orientation"),
                share,
                kind="share",
                higher_is_better=None,
            ),
        ),
    )


def _key_players(i: _Inputs) -> Recommendation | None:
    count = i.current.key_players.count
    if count == 0:
        return None
    return Recommendation(
        "key_players",
        _("Spread the load of the key players"),
        ngettext(
            "%(count)s person holds parts of the network together on their own: without them "
            "it splits. Introduce their contacts to each other, so the network does not depend "
            "on single people.",
            "%(count)s people hold parts of the network together on their own: without them it "
            "splits. Introduce their contacts to each other, so the network does not depend on "
            "single people.",
            count,
        )
        % {"count": number(count)},
        _("Fires when at least one person's departure would split the network."),
        (Figure("rec.key_players.count", _("Key players"), count, higher_is_better=False),),
    )


def _sector_gaps(i: _Inputs) -> Recommendation | None:
    matrix = i.current.bridging.sector_matrix
    sectors = sorted(set(i.current.graph.vertices["sector"].drop_nulls().unique().to_list()))
    linked = {
        (row["sector_a"], row["sector_b"])
        for row in matrix.filter(pl.col("ties") > 0).iter_rows(named=True)
    }
    gaps = [
        (a, b)
        for n, a in enumerate(sectors)
        for b in sectors[n + 1 :]
        if (a, b) not in linked and (b, a) not in linked
    ]
    if not gaps:
        return None
    return Recommendation(
        "sector_gaps",
        _("Connect sectors that did not work together"),
        _("No ties this year between %(pairs)s. One introduction can open the way.")
        % {"pairs": _names([f"{i.sector_label(a)} – {i.sector_label(b)}" for a, b in gaps])},
        _(
            "Fires for each pair of sectors, both with members who had ties, without a tie "
            "between them."
        ),
        (
            Figure(
                "rec.sector_gaps.pairs",
                _("Sector pairs without ties"),
                len(gaps),
                higher_is_better=False,
            ),
        ),
    )


RULES: tuple[Callable[[_Inputs], Recommendation | None], ...] = (
    _cooling,
    _renewal,
    _triangle,
    _sector_gaps,
    _imbalance,
    _routines,
    _follow_up,
    _introductions,
    _orientation,
    _key_players,
)
"""The rules, in the order their recommendations are listed."""


def recommendations(
    *,
    current: NetworkInsights,
    previous: NetworkInsights,
    organisations: Mapping[int, str],
    routine_names: Mapping[int, str],
    sector_label: Callable[[str | None], str],
    theme_label: Callable[[str], str],
) -> tuple[Recommendation, ...]:
    """The recommendations whose rule fires, in the order of :data:`RULES`. The rules read the
    analyses only; the mappings and labels name what a rule lists."""
    inputs = _Inputs(current, previous, organisations, routine_names, sector_label, theme_label)
    return tuple(r for rule in RULES if (r := rule(inputs)) is not None)
