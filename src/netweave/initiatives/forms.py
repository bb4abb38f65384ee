"""Forms of the initiative board (parsing only; the services do the work)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netweave.initiatives.models import Stage


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What is it about?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.IDEA)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the initiative a name."))
        return name


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
