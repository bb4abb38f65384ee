"""Forms of the charter and the network settings (parsing and validation; services write)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netweave.governance.parameters import PARAMETERS, WEIGHT_PREFIX, weight_label
from netweave.insights import MetricSettings, SettingsError
from netweave.insights.tables import INTERACTION_KINDS


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
                        label=weight_label(kind),
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
