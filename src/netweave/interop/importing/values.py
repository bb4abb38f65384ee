"""Cells to values, a whole column at a time, with a named problem for every cell that fails.

Each function returns a Series aligned with the frame (null where the cell was empty or wrong)
and adds one problem per wrong cell, so one pass over a million rows costs a few vectorised
Polars expressions rather than a Python call per cell.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from django.utils.translation import gettext as _

from netweave.interop.importing.problems import Problems
from netweave.interop.importing.source import ROW

# dd-mm-jjjj as Dutch spreadsheets write it, then ISO; single-digit days and months too.
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S")


def cells(frame: pl.DataFrame, header: str | None) -> pl.Series:
    """The trimmed text of a column; empty strings for a column the file does not have."""
    if header is None:
        return pl.Series([""] * frame.height, dtype=pl.String)
    return frame[header].fill_null("").str.strip_chars()


def report(
    frame: pl.DataFrame, failed: pl.Series, header: str, reason: str, problems: Problems
) -> None:
    """One problem, ``reason`` in column ``header``, for every row where ``failed`` is true
    (a check of a column the file does not have fails nowhere, and reads no column)."""
    if not failed.any():
        return
    for row, value in zip(frame.filter(failed)[ROW], frame.filter(failed)[header], strict=True):
        problems.add(row, header, reason % {"value": _shorten(value)})


def _shorten(value: str | None) -> str:
    value = (value or "").strip()
    return value if len(value) <= 60 else value[:57] + "…"


def required(frame: pl.DataFrame, header: str | None, problems: Problems) -> pl.Series:
    values = cells(frame, header)
    if header is not None:
        report(frame, values == "", header, _("is empty"), problems)
    return values


def dates(
    frame: pl.DataFrame, header: str | None, problems: Problems, *, required: bool = True
) -> pl.Series:
    """Dates in ``dd-mm-jjjj`` or ISO form; an empty cell is a problem when ``required``."""
    values = cells(frame, header)
    parsed = frame.select(
        pl.coalesce(
            [values.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS[:-1]]
            + [values.str.to_datetime(DATE_FORMATS[-1], strict=False).dt.date()]
        ).alias("date")
    )["date"]
    if header is not None:
        report(
            frame,
            (values != "") & parsed.is_null(),
            header,
            _("'%(value)s' is not a date (use dd-mm-yyyy or yyyy-mm-dd)"),
            problems,
        )
        if required:
            report(frame, values == "", header, _("is empty: a date is needed"), problems)
    return parsed


def choices(
    frame: pl.DataFrame,
    header: str | None,
    known: Mapping[str, str],
    problems: Problems,
    *,
    default: str | None = None,
) -> pl.Series:
    """A cell translated through ``known`` (normalised alias → stored value).

    An empty cell takes ``default``; with no default it is a problem, like an unknown value.
    """
    values = cells(frame, header)
    lookup = pl.DataFrame(
        {"key": list(known), "value": list(known.values())},
        schema={"key": pl.String, "value": pl.String},
    )
    keys = pl.DataFrame({"key": normalised(values)})
    translated = keys.join(lookup, on="key", how="left", maintain_order="left")["value"]
    if default is not None:
        translated = pl.select(
            pl.when(values == "").then(pl.lit(default)).otherwise(translated).alias("value")
        )["value"]
    if header is not None:
        shown = ", ".join(sorted({alias for alias in known if alias}))
        report(
            frame,
            translated.is_null(),
            header,
            _("'%(value)s' is not one of: ") + shown.replace("%", "%%"),
            problems,
        )
    return translated


def normalised(values: pl.Series) -> pl.Series:
    """:func:`columns.normalise` for a whole column."""
    return (
        values.str.to_lowercase()
        .str.replace_all("[’‘]", "'")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
