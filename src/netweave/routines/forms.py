"""Forms of the routine pages: parse and validate input; the services do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Network, Person
from netweave.routines.models import Cadence, Format, ParticipantStatus, Routine
from netweave.routines.services import RoutineFields
from netweave.web.widgets import PersonField


class RoutineFilterForm(forms.Form):
    """The routines list's filters: part of a name, a format."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("Any format")), *Format.choices], required=False
    )

    def chosen(self) -> tuple[str, Format | None]:
        self.is_valid()
        fmt = self.cleaned_data.get("format")
        return (self.cleaned_data.get("q") or "").strip(), Format(fmt) if fmt else None


class RoutineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    rrule = forms.CharField(
        label=_("RRULE (custom cadence only)"),
        required=False,
        max_length=300,
        help_text=_("For example FREQ=MONTHLY;BYDAY=2TU for every second Tuesday."),
    )
    started_on = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, initial=60)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    video_link = forms.URLField(label=_("Video link"), required=False)
    host = PersonField(label=_("Host"), required=False)
    pairing_window = forms.IntegerField(
        label=_("Rounds before a pair may meet again (random coffee)"),
        min_value=0,
        max_value=52,
        initial=6,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host = self.fields["host"]
        assert isinstance(host, PersonField)
        host.scope(network, Person.objects.filter(network=network, left_on__isnull=True))

    @staticmethod
    def initial_from(routine: Routine) -> dict[str, Any]:
        return {
            "name": routine.name,
            "format": routine.format,
            "cadence": routine.cadence,
            "rrule": routine.rrule,
            "started_on": routine.started_on,
            "start_time": routine.start_time,
            "duration_minutes": routine.duration_minutes,
            "place": routine.place,
            "video_link": routine.video_link,
            "host": routine.steward,
            "pairing_window": routine.pairing_window,
        }

    def routine_fields(self) -> RoutineFields:
        data = self.cleaned_data
        return RoutineFields(
            name=data["name"],
            format=Format(data["format"]),
            cadence=data["cadence"],
            # Only a custom cadence reads its rule; one typed beside another cadence was kept
            # unchecked and shown as "Weekly (garbage)".
            rrule=data["rrule"] if data["cadence"] == Cadence.CUSTOM else "",
            started_on=data["started_on"],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            host=data["host"],
            pairing_window=data["pairing_window"],
        )


class TakePartForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s.value, s.label) for s in (ParticipantStatus.ACTIVE, ParticipantStatus.OPTED_OUT)
        ]
    )


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class AnswerForm(forms.Form):
    happened = forms.TypedChoiceField(
        coerce=lambda value: value == "yes", choices=[("yes", _("Yes")), ("no", _("No"))]
    )
    reflection = forms.CharField(
        label=_("One line about it (optional)"), required=False, max_length=280
    )


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Skip rounds until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take part again."),
    )


class DoNotPairForm(forms.Form):
    other = PersonField(label=_("Never pair me with"))

    def __init__(self, *args: Any, network: Network, me: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = self.fields["other"]
        assert isinstance(other, PersonField)
        people = Person.objects.filter(network=network, left_on__isnull=True)
        other.scope(network, people.exclude(pk=me.pk) if me is not None else people)
