"""Forms of the import and export pages: parse and validate only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netweave.interop.exporting.service import ExportFormat
from netweave.interop.importing.columns import ImportKind

UPLOAD_KINDS = [
    (ImportKind.MEMBERS.value, _("Members")),
    (ImportKind.ORGANISATIONS.value, _("Organisations")),
    (ImportKind.INTERACTIONS.value, _("Interactions")),
    (ImportKind.ASKS.value, _("Asks")),
    (ImportKind.OFFERS.value, _("Offers")),
    (ImportKind.CALENDAR.value, _("Calendar (.ics)")),
]


def mapping_parse(text: str) -> dict[str, str]:
    """Lines ``column=field`` to a dict; raises ValidationError naming the line."""
    mapping = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        column, separator, field = line.partition("=")
        if not separator or not column.strip() or not field.strip():
            raise forms.ValidationError(
                _("Line %(number)d is not 'column=field'."), params={"number": number}
            )
        mapping[column.strip()] = field.strip()
    return mapping


def mapping_text(mapping: dict[str, str]) -> str:
    return "\n".join(f"{column}={field}" for column, field in mapping.items())


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV, XLSX or iCalendar (.ics)."))
    kind = forms.ChoiceField(label=_("What the file holds"), choices=UPLOAD_KINDS)
    mapping = forms.CharField(
        label=_("Column mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for headers netweave does not know: one 'column=field' per line."),
    )

    def clean_mapping(self) -> dict[str, str]:
        return mapping_parse(self.cleaned_data["mapping"])


class ConfirmForm(forms.Form):
    """The hidden fields that carry a checked upload to its confirmation."""

    token = forms.RegexField(
        regex=r"^[0-9a-f]{32}\.(csv|txt|tsv|xlsx|xlsm|ics)$", widget=forms.HiddenInput
    )
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=UPLOAD_KINDS, widget=forms.HiddenInput)
    mapping = forms.JSONField(required=False, widget=forms.HiddenInput)

    def clean_mapping(self) -> dict[str, str]:
        mapping = self.cleaned_data["mapping"] or {}
        if not isinstance(mapping, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()
        ):
            raise forms.ValidationError(_("The column mapping is damaged."))
        return mapping


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (ExportFormat.XLSX.value, _("Excel workbook, one sheet per table")),
            (ExportFormat.CSV.value, _("CSV files in a zip")),
            (ExportFormat.GEXF.value, _("GEXF for Gephi (one year)")),
            (ExportFormat.GRAPHML.value, _("GraphML (one year)")),
            (ExportFormat.KUMU.value, _("Kumu workbook (one year)")),
            (ExportFormat.JSON.value, _("The whole network as netweave JSON")),
        ],
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        help_text=_("Graphs: default last year. Spreadsheets: only that year's interactions."),
    )
