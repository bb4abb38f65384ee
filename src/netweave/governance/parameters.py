"""The words for each metric parameter: one vocabulary for the settings form and the report.

A steward tunes these parameters on the settings page; the annual report's last page states the
values its figures were computed with. Both read the labels and explanations here, so the report
never prints a raw key such as ``half_life_days`` and the two can never drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netweave.insights import MetricSettings
from netweave.insights.change import MEANINGFUL_CHANGE
from netweave.ledger.models import Kind
from netweave.reports import formatting

__all__ = [
    "PARAMETERS",
    "WEIGHT_PREFIX",
    "SettingInWords",
    "settings_change_in_words",
    "settings_in_words",
    "weight_label",
]

# Label, explanation and allowed range of each metric parameter (docs/metrics.md has the
# formulas). A parameter added to MetricSettings without a line here still gets a field,
# labelled with its name, until someone writes one.
PARAMETERS: dict[str, tuple[Promise, Promise, Promise]] = {
    "half_life_days": (
        gettext_lazy("Half-life of warmth (days)"),
        gettext_lazy("The warmth an interaction gives a tie halves every so many days."),
        gettext_lazy("More than 0."),
    ),
    "cooling_fraction": (
        gettext_lazy("Cooling below (share of the peak)"),
        gettext_lazy(
            "A tie is cooling when its warmth fell below this share of its peak of the last year…"
        ),
        gettext_lazy("More than 0 and at most 1."),
    ),
    "cooling_silence_days": (
        gettext_lazy("Cooling after silence (days)"),
        gettext_lazy("… and nobody was in touch for at least this many days."),
        gettext_lazy("0 or more."),
    ),
    "peak_window_days": (
        gettext_lazy("Peak window (days)"),
        gettext_lazy("How far back the peak warmth of a tie is looked for."),
        gettext_lazy("0 or more."),
    ),
    "warm_threshold": (
        gettext_lazy("Warm from"),
        gettext_lazy("A tie is warm when its warmth is at least this; one meeting weighs 1."),
        gettext_lazy("More than 0."),
    ),
    "imbalance_min_volume": (
        gettext_lazy("Volume before an imbalance counts"),
        gettext_lazy(
            "Given plus received needed before a member or organisation can be called one-sided."
        ),
        gettext_lazy("0 or more."),
    ),
    "imbalance_low": (
        gettext_lazy("Mostly receiving below"),
        gettext_lazy("Balance (given ÷ (given + received)) under which someone mostly receives."),
        gettext_lazy("Between 0 and 1, and not above “mostly giving above”."),
    ),
    "imbalance_high": (
        gettext_lazy("Mostly giving above"),
        gettext_lazy("Balance above which someone mostly gives."),
        gettext_lazy("Between 0 and 1, and not below “mostly receiving below”."),
    ),
    "betweenness_exact_max_nodes": (
        gettext_lazy("Exact brokerage up to (people)"),
        gettext_lazy("Larger networks get brokerage estimated from a sample."),
        gettext_lazy("0 or more."),
    ),
    "betweenness_samples": (
        gettext_lazy("Brokerage sample"),
        gettext_lazy("How many people the estimate starts from."),
        gettext_lazy("1 or more."),
    ),
    "betweenness_confidence": (
        gettext_lazy("Confidence of the brokerage estimate"),
        gettext_lazy("How sure the stated margin of the estimate is."),
        gettext_lazy("More than 0 and less than 1."),
    ),
    "leiden_iterations": (
        gettext_lazy("Community detection passes"),
        gettext_lazy("Passes of the Leiden method; −1 repeats until nothing changes."),
        gettext_lazy("Any whole number but 0."),
    ),
    "seed": (
        gettext_lazy("Random seed"),
        gettext_lazy("Makes every random choice repeatable: the same data gives the same figures."),
        gettext_lazy("Any whole number."),
    ),
    "introduction_three_step_weight": (
        gettext_lazy("Weight of three-step paths in suggested introductions"),
        gettext_lazy(
            "How much friends of friends of friends count beside friends of friends when "
            "netweave suggests who should meet."
        ),
        gettext_lazy("0 or more."),
    ),
    "introduction_warmth_exponent": (
        gettext_lazy("Weight of warm ties in suggestions"),
        gettext_lazy(
            "0: every contact counts the same when netweave looks for friends of friends; "
            "1: warmer ties count more."
        ),
        gettext_lazy("Any number; 0 or 1 are usual."),
    ),
    "introduction_affinity_weight": (
        gettext_lazy("Weight of who usually meets whom in suggestions"),
        gettext_lazy(
            "How much suggestions follow the kinds of pairs that got to know each other lately "
            "in this network: colleagues, people in the same sector, or people across sectors."
        ),
        gettext_lazy("0 (off) or more."),
    ),
    "introduction_text_weight": (
        gettext_lazy("Weight of matching asks and offers in suggestions"),
        gettext_lazy("How much an ask that matches the other's offer counts in a suggestion."),
        gettext_lazy("0 or more."),
    ),
    "introduction_theme_weight": (
        gettext_lazy("Weight of shared themes in suggestions"),
        gettext_lazy("How much shared themes count in a suggestion."),
        gettext_lazy("0 or more."),
    ),
    "introduction_bridging_bonus": (
        gettext_lazy("Bonus for bridging suggestions"),
        gettext_lazy("Extra weight of a suggestion across organisations, sectors and communities."),
        gettext_lazy("0 or more."),
    ),
    "text_match_threshold": (
        gettext_lazy("Ask and offer match from"),
        gettext_lazy("How alike the texts of an ask and an offer must be to count as a match."),
        gettext_lazy("Between 0 and 1."),
    ),
    "introductions_per_week": (
        gettext_lazy("Suggested introductions per week, at most"),
        gettext_lazy("Nobody is sent more suggestions than this in a week."),
        gettext_lazy("0 or more."),
    ),
}
WEIGHT_PREFIX = "weight_"


def weight_label(kind: str) -> str:
    return _("Weight of “%(kind)s”") % {"kind": _kind_label(kind).lower()}


def _kind_label(kind: str) -> str:
    try:
        return str(Kind(kind).label)
    except ValueError:
        return kind


@dataclass(frozen=True)
class SettingInWords:
    """One parameter as a reader sees it: its name, its value and what it does."""

    label: str
    value: str
    explanation: str


def settings_in_words(settings: MetricSettings) -> tuple[SettingInWords, ...]:
    """Every parameter ``settings`` holds, in the active language and in words.

    The weights of interaction kinds become one line ("meeting 1, help 2, …"); the rule that
    decides when a change is called better or worse closes the list, as it governs every arrow.
    """
    lines = []
    for name, value in settings.as_dict().items():
        if name == "kind_weights":
            weights = ", ".join(f"{_kind_label(k).lower()} {_number(v)}" for k, v in value.items())
            lines.append(
                SettingInWords(
                    str(_("Weight of each kind of interaction")),
                    weights,
                    str(_("How much one interaction of a kind adds to the warmth of a tie.")),
                )
            )
            continue
        label, explanation, _allowed = PARAMETERS.get(
            name, (name.replace("_", " ").capitalize(), "", "")
        )
        lines.append(SettingInWords(str(label), _number(value), str(explanation)))
    lines.append(
        SettingInWords(
            str(_("Better or worse from")),
            _("a change of %(share)s") % {"share": formatting.value(MEANINGFUL_CHANGE, "share")},
            str(
                _(
                    "A figure is called better or worse only when it moved by more than this "
                    "share of the larger of its two values; smaller moves are called the same."
                )
            ),
        )
    )
    return tuple(lines)


def settings_change_in_words(detail: str) -> list[str] | None:
    """A ``settings.changed`` audit detail (the stored overrides before and after, as JSON:
    ``{...} → {...}``) as one line per parameter that moved, in the active language:
    "Half-life of warmth (days): 90 → 60". A parameter missing from a side had its default.
    None when ``detail`` is not of that shape (it is then shown as it is)."""
    try:
        before, after = (json.loads(side) for side in detail.split(" → ", 1))
    except ValueError:
        return None
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    defaults = MetricSettings().as_dict()
    lines = []
    for name in [*defaults, *sorted((before.keys() | after.keys()) - defaults.keys())]:
        if name == "kind_weights":
            old_weights = _mapping(before.get(name))
            new_weights = _mapping(after.get(name))
            for kind, weight in defaults[name].items():
                old, new = old_weights.get(kind, weight), new_weights.get(kind, weight)
                if old != new:
                    lines.append(f"{weight_label(kind)}: {_number(old)} → {_number(new)}")
            continue
        old, new = before.get(name, defaults.get(name)), after.get(name, defaults.get(name))
        if old != new:
            label = PARAMETERS[name][0] if name in PARAMETERS else name
            lines.append(f"{label}: {_shown(old)} → {_shown(new)}")
    return lines


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def _number(value: Any) -> str:
    # A whole number stored as a float (a half-life of 90.0 days) reads "90", not "90,0".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)
