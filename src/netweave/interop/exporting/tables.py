"""A network's tables as people read them, written as CSV (in a zip) or XLSX.

The columns are the field names :mod:`netweave.interop.importing` reads, and people are their
e-mail addresses, so an exported table imports again as it is. Interactions carry their
``import_key`` as ``id`` (or ``netweave:<number>`` for those logged in the app), so importing
the export into the same network adds nothing.

Spreadsheet injection (OWASP "CSV injection"): a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is a formula to Excel and LibreOffice. In CSV such a cell is
prefixed with an apostrophe, which both show as text; in XLSX every text is written as a string
cell, never a formula, so it stays exactly as stored.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import polars as pl
from django.db.models import QuerySet

from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.models import Network, Organisation, Person

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _frame(queryset: QuerySet, columns: Mapping[str, str]) -> pl.DataFrame:
    """``queryset.values_list`` of the lookups in ``columns`` (header → lookup), as text."""
    rows = list(queryset.values_list(*columns.values()))
    frame = pl.DataFrame(rows, schema=list(columns), orient="row", infer_schema_length=None)
    return frame.with_columns(pl.all().cast(pl.String).fill_null(""))


def network_export_tables(network: Network, year: int | None = None) -> dict[str, pl.DataFrame]:
    """organisations, members, interactions (of ``year`` if given), asks and offers."""
    people = Person.objects.filter(network=network).order_by("pk")
    members = _frame(
        people,
        {
            "first_name": "first_name",
            "last_name": "last_name",
            "email": "email",
            "organisation": "organisation__name",
            "sector": "organisation__sector",
            "joined_on": "joined_on",
            "language": "language",
        },
    ).with_columns(themes=pl.Series(_themes(people), dtype=pl.String))
    interactions = Interaction.objects.filter(network=network).order_by("occurred_on", "pk")
    if year is not None:
        interactions = interactions.filter(occurred_on__year=year)
    interaction_frame = (
        _frame(
            interactions,
            {
                "id": "import_key",
                "pk": "pk",
                "date": "occurred_on",
                "from": "person_a__email",
                "to": "person_b__email",
                "kind": "kind",
                "purpose": "purpose",
                "directed": "directed",
                "note": "note",
            },
        )
        .with_columns(
            id=pl.when(pl.col("id") == "")
            .then(pl.concat_str(pl.lit("netweave:"), "pk"))
            .otherwise("id"),
        )
        .drop("pk")
    )
    listings = {
        name: _frame(
            model.objects.filter(network=network).order_by("pk"),
            {
                "email": "person__email",
                "text": "text",
                "theme": "theme__name_en",
                "date": "created_on",
                "closed_on": "closed_on",
                "language": "language",
            },
        )
        for name, model in (("asks", Ask), ("offers", Offer))
    }
    organisations = _frame(
        Organisation.objects.filter(network=network).order_by("pk"),
        {"name": "name", "sector": "sector", "city": "city"},
    )
    return {
        "organisations": organisations,
        "members": members,
        "interactions": interaction_frame,
        **listings,
    }


def _themes(people: QuerySet[Person]) -> list[str]:
    """Each person's theme names, comma-separated, in the order of ``people``."""
    names: dict[int, list[str]] = {}
    links = Person.themes.through.objects.filter(person__in=people).order_by("theme__slug")
    for person_id, name in links.values_list("person_id", "theme__name_en"):
        names.setdefault(person_id, []).append(name)
    return [", ".join(names.get(pk, [])) for pk in people.values_list("pk", flat=True)]


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    return frame.with_columns(
        pl.when(_starts(name))
        .then(pl.concat_str(pl.lit("'"), pl.col(name)))
        .otherwise(pl.col(name))
        .alias(name)
        for name in frame.columns
    )


def _starts(name: str) -> pl.Expr:
    return pl.any_horizontal(pl.col(name).str.starts_with(start) for start in FORMULA_START)


def write_csv_zip(tables: Mapping[str, pl.DataFrame], out: Path) -> None:
    """One UTF-8 CSV (with BOM, so that Excel reads it as UTF-8) per table, in a zip."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            buffer = io.BytesIO()
            buffer.write("\ufeff".encode())
            neutralise(frame).write_csv(buffer)
            archive.writestr(f"{name}.csv", buffer.getvalue())


def write_xlsx(tables: Mapping[str, pl.DataFrame], out: Path) -> None:
    """One sheet per table; text as string cells (never a formula), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.append(list(frame.columns))
        for row in frame.iter_rows():
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a leading "=" stays text
                cells.append(cell)
            sheet.append(cells)
    workbook.save(out)
