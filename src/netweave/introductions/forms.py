"""Forms of the introduction pages and links: parse and validate input; services do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netweave.introductions.models import Outcome
from netweave.networks.models import Network, Person
from netweave.web.widgets import PersonField


class SendForm(forms.Form):
    """A steward introduces two members (from a suggestion, or any two they choose)."""

    person_a = PersonField(label=_("Introduce"))
    person_b = PersonField(label=_("to member"))

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The introduction goes out by e-mail: only members with an address can be chosen.
        people = Person.objects.filter(network=network, left_on__isnull=True).exclude(email="")
        for name in ("person_a", "person_b"):
            field = self.fields[name]
            assert isinstance(field, PersonField)
            field.scope(network, people)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Yes, introduce us")), ("decline", _("No, thank you"))]
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["answer"] == "accept"


class MetForm(forms.Form):
    met_on = forms.DateField(label=_("We met on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["met_on"].initial = timezone.localdate()


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did anything come of it?"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("In a few words (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PreferencesForm(forms.Form):
    # An empty POST is not a choice to turn everything off: the form says which form it is.
    preferences = forms.CharField(widget=forms.HiddenInput, initial="1")
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly digest by e-mail"), required=False
    )
    open_to_introductions = forms.BooleanField(
        label=_("Suggest me for introductions to other members"), required=False
    )
