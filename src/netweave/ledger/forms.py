"""Forms of the quick log and the board: parsing and messages only; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netweave.ledger.selectors import BoardFilter, ListingKind
from netweave.ledger.services import VERB_LABELS, Verb, earliest_loggable
from netweave.networks.actor import Actor
from netweave.networks.forms import SECTOR_CHOICES, OrganisationFilterField, ThemeChoiceField
from netweave.networks.models import Language, Person
from netweave.networks.policy import Action
from netweave.networks.selectors import (
    people_search,
    people_shown,
    person_matches,
)

KIND_LABELS = {ListingKind.ASK: _("Ask"), ListingKind.OFFER: _("Offer")}


class QuickLogForm(forms.Form):
    """ "<subject> <verb> <other> on <day>": the person fields are picked by the autocomplete
    (``other``, a person id) or typed (``other_query``); a typed name that finds exactly one
    person is enough, so Enter works even before the suggestions arrive."""

    verb = forms.ChoiceField(
        label=_("What happened"),
        # Lazy labels, translated when the form is shown: in the reader's language.
        choices=[(verb.value, VERB_LABELS[verb]) for verb in Verb],
        initial=Verb.MET.value,
        widget=forms.RadioSelect,
    )
    subject = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    subject_query = forms.CharField(label=_("Who"), required=False, max_length=100)
    other = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    other_query = forms.CharField(label=_("With whom"), required=False, max_length=100)
    occurred_on = forms.DateField(
        label=_("When"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        current = people_shown(actor).filter(left_on__isnull=True)
        for name in ("subject", "other"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = current
            field.error_messages["invalid_choice"] = _("Choose someone from the list.")
        day = self.fields["occurred_on"]
        day.initial = timezone.localdate
        # The browser's date picker offers only the days the service accepts.
        today = timezone.localdate()
        day.widget.attrs.update(min=earliest_loggable(today).isoformat(), max=today.isoformat())
        # A steward logs for anyone; a member logs as themself and does not see this field.
        self.chooses_subject = actor.may(Action.MODERATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "other"):
            if name in self.errors:
                continue
            if name == "subject" and not self.chooses_subject:
                if self.actor.person is None:
                    self.add_error(None, _("Your login is not linked to a member of this network."))
                data["subject"] = self.actor.person
                continue
            person = self._resolve(name, data.get(name), data.get(f"{name}_query", ""))
            data[name] = person
        return data

    def _resolve(self, name: str, picked: Person | None, query: str) -> Person | None:
        # A pick stands unless the name typed since no longer fits it (Enter pressed before
        # the new suggestions arrived): then the typed name decides.
        if picked is not None and (not query or person_matches(self.actor, picked, query)):
            return picked
        if not query.strip():
            if name == "subject" and self.actor.person is not None:
                return self.actor.person
            self.add_error(f"{name}_query", _("Type a name and choose someone."))
            return None
        found = people_search(self.actor, query, limit=2)
        if len(found) == 1:
            return found[0]
        if not found:
            self.add_error(f"{name}_query", _("Nobody in this network matches this name."))
        else:
            self.add_error(f"{name}_query", _("Several people match: choose one."))
        return None


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This is"),
        choices=[(kind.value, KIND_LABELS[kind]) for kind in ListingKind],
        widget=forms.RadioSelect,
        initial=ListingKind.ASK.value,
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you are running into, or what you can contribute."),
    )
    theme = ThemeChoiceField(label=_("Theme"), queryset=None, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args: Any, actor: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, ThemeChoiceField)
        theme.scope(actor)
        if editing:
            del self.fields["kind"]  # an ask stays an ask: write a new offer instead


class BoardFilterForm(forms.Form):
    """The board's filters (GET). Unknown values are ignored, never an error page."""

    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[(kind.value, KIND_LABELS[kind]) for kind in ListingKind],
        required=False,
    )
    theme = ThemeChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)
    organisation = OrganisationFilterField()

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        organisation = self.fields["organisation"]
        assert isinstance(theme, ThemeChoiceField)
        assert isinstance(organisation, OrganisationFilterField)
        theme.scope(actor)
        organisation.scope(actor, self.data.get("organisation"))

    def chosen(self) -> BoardFilter:
        self.is_valid()  # keeps each valid filter even when another is not
        data = self.cleaned_data
        theme, organisation = data.get("theme"), data.get("organisation")
        return BoardFilter(
            kind=ListingKind(data.get("kind") or ListingKind.ASK),
            theme=theme.pk if theme else None,
            sector=data.get("sector") or "",
            organisation=organisation.pk if organisation else None,
        )
