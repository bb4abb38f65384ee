"""Forms of the charter and the network settings (parsing and validation; services write)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netweave.insights import MetricSettings, SettingsError
from netweave.insights.tables import INTERACTION_KINDS
from netweave.ledger.models import Kind


class CharterForm(forms.Form):
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why the network exists, in a sentence or two."),
    )
    values = forms.CharField(
        label=gettext_lazy("Values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One value per line."),
    )
    rules = forms.CharField(
        label=gettext_lazy("Rules of the game"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One rule per line."),
    )


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


def _weight_label(kind: str) -> str:
    try:
        shown = str(Kind(kind).label)
    except ValueError:
        shown = kind
    return _("Weight of “%(kind)s”") % {"kind": shown.lower()}


class MetricSettingsForm(forms.Form):
    """One field per metric parameter (one per interaction kind for the weights), showing the
    network's current values; validated as a whole by :meth:`MetricSettings.from_mapping`."""

    def __init__(self, *args: Any, stored: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored = dict(stored)
        self.defaults = MetricSettings()
        try:
            current = MetricSettings.from_mapping(stored)
        except SettingsError:
            current = self.defaults
        self.names: list[str] = []  # editable parameters, in MetricSettings' order
        for spec in fields(MetricSettings):
            name = spec.name
            if name == "kind_weights":
                for kind in INTERACTION_KINDS:
                    self.fields[WEIGHT_PREFIX + kind] = forms.FloatField(
                        label=_weight_label(kind),
                        initial=current.kind_weights[kind],
                        help_text=self._default(self.defaults.kind_weights[kind])
                        + " "
                        + _("0 or more; 0 leaves this kind out of warmth."),
                        localize=True,
                    )
                continue
            default = getattr(self.defaults, name)
            if isinstance(default, bool) or not isinstance(default, int | float):
                continue  # not a number: not editable here (kept as stored)
            label, explanation, allowed = PARAMETERS.get(
                name, (name.replace("_", " ").capitalize(), "", "")
            )
            field_class = forms.FloatField if isinstance(default, float) else forms.IntegerField
            self.fields[name] = field_class(
                label=str(label),
                initial=getattr(current, name),
                help_text=f"{explanation} {allowed} {self._default(default)}".strip(),
                localize=True,
            )
            self.names.append(name)
        for field in self.fields.values():
            field.widget.attrs.setdefault("inputmode", "decimal")

    @staticmethod
    def _default(value: float | int) -> str:
        shown = number_format(value, use_l10n=True, force_grouping=True)
        return _("Default: %(value)s.") % {"value": shown}

    def overrides(self) -> dict[str, Any]:
        """The values that differ from the defaults (what the network stores)."""
        data = self.cleaned_data
        kept = {k: v for k, v in self.stored.items() if k not in self.names and k != "kind_weights"}
        changed = {
            name: data[name] for name in self.names if data[name] != getattr(self.defaults, name)
        }
        weights = {
            kind: data[WEIGHT_PREFIX + kind]
            for kind in INTERACTION_KINDS
            if data[WEIGHT_PREFIX + kind] != self.defaults.kind_weights[kind]
        }
        if weights:
            changed["kind_weights"] = weights
        return kept | changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.settings = MetricSettings.from_mapping(self.overrides())
        except SettingsError as error:
            self._place(str(error))
        return data

    def _place(self, message: str) -> None:
        """Put ``message`` (from MetricSettings) next to the fields it is about."""
        placed = False
        for name in self.names:
            if f"{name}=" in message:
                allowed = PARAMETERS.get(name, ("", "", ""))[2]
                self.add_error(name, _("Not allowed here. %(allowed)s") % {"allowed": allowed})
                placed = True
        if "kind_weights" in message:
            for kind in INTERACTION_KINDS:
                if self.cleaned_data[WEIGHT_PREFIX + kind] < 0:
                    self.add_error(WEIGHT_PREFIX + kind, _("A weight cannot be negative."))
                    placed = True
        if not placed:
            self.add_error(None, message)
