"""The steward's form to ask for a report (parsing only; the service does the work)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Language
from netweave.reports.models import AudienceChoice, ReportFormat


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=AudienceChoice.choices, initial=AudienceChoice.NETWORK
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(year, str(year)) for year in reversed(years)]
        if len(years) > 1:
            # The last full year is the usual choice: the current one is still running.
            year_field.initial = years[-2]
