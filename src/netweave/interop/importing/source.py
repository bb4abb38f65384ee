"""Read a spreadsheet file (CSV or XLSX) into a frame of text cells, reporting how it was read.

Every cell is kept as text exactly as written: a formula such as ``=HYPERLINK(…)`` or markup
such as ``<script>`` is data, stored as text and never evaluated (openpyxl is opened without
``data_only``, so it hands over a formula's text, not a cached result).

CSV encodings are detected, never guessed silently: a UTF-8 byte-order mark means UTF-8 with
BOM, a file that decodes as UTF-8 is UTF-8, and anything else is read as Windows-1252 (what
Dutch Excel writes with "CSV (gescheiden door lijstscheidingsteken)"), which the result says.
A byte Windows-1252 does not define is a problem, not a replacement character.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from netweave.collector import collector_paused
from netweave.interop.importing.problems import Problems

ROW = "__row"  # the spreadsheet row number of each record, beside the cells
CHUNK_ROWS = 100_000
SNIFF_BYTES = 1 << 20
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Sheet:
    """The cells of one file: ``frame`` has one String column per header plus :data:`ROW`."""

    headers: tuple[str, ...]
    frame: pl.DataFrame
    encoding: str  # "UTF-8", "UTF-8 with BOM", "Windows-1252" or "XLSX"
    delimiter: str = ""


def read_sheet(path: Path, problems: Problems) -> Sheet | None:
    """The file's cells, or None when it cannot be read at all (the reason is in ``problems``)."""
    if path.stat().st_size == 0:
        problems.add(0, "", _("the file is empty"))
        return None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, problems)
    return _read_csv(path, problems)


def detect_encoding(path: Path, problems: Problems) -> str | None:
    """The encoding's name as Python knows it, after reading the whole file once."""
    with path.open("rb") as stream:
        if stream.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "cp1252"):
        return "cp1252"
    problems.add(
        0, "", _("the file is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or binary?)")
    )
    return None


ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252"}


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(SNIFF_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _read_csv(path: Path, problems: Problems) -> Sheet | None:
    encoding = detect_encoding(path, problems)
    if encoding is None:
        return None
    with path.open(encoding=encoding, newline="") as text:
        delimiter = _delimiter(text.readline())
        text.seek(0)
        records = csv.reader(text, delimiter=delimiter, strict=False)
        try:
            return _sheet(records, problems, ENCODING_NAMES[encoding], delimiter)
        except csv.Error as error:
            problems.add(0, "", _("the file is not readable as CSV: %(error)s") % {"error": error})
            return None


def _delimiter(first_line: str) -> str:
    """The separator the header uses most: Dutch Excel writes ``;``, others ``,``."""
    return max(DELIMITERS, key=first_line.count)


def _read_xlsx(path: Path, problems: Problems) -> Sheet | None:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        problems.add(
            0, "", _("the file is not an Excel workbook (.xlsx): %(error)s") % {"error": error}
        )
        return None
    try:
        sheet = workbook.worksheets[0]
        rows = ([_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True))
        return _sheet(rows, problems, "XLSX", "")
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as text; dates in ISO form (what the date parser reads), numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(
    records: Iterator[list[str]], problems: Problems, encoding: str, delimiter: str
) -> Sheet | None:
    headers = next(records, None)
    if headers is None or not any(cell.strip() for cell in headers):
        problems.add(0, "", _("the file has no header row"))
        return None
    headers = [header.strip() for header in headers]
    while headers and not headers[-1]:
        headers.pop()  # Excel's trailing empty columns
    seen: set[str] = set()
    for header in headers:
        if header.casefold() in seen:
            problems.add(1, header, _("this column header appears twice"))
        seen.add(header.casefold())
    if len(seen) < len(headers):
        return None
    # Every record is a new list that lives until its chunk is a frame, so reading a million of
    # them set the collector off again and again (a third of the reading time); none can be
    # part of a cycle.
    with collector_paused():
        chunks = [
            pl.DataFrame(chunk, schema=headers, orient="row").with_columns(
                pl.Series(ROW, numbers, dtype=pl.Int64)
            )
            for chunk, numbers in _chunks(records, len(headers), problems)
        ]
    frame = (
        pl.concat(chunks)
        if chunks
        else pl.DataFrame(schema={**dict.fromkeys(headers, pl.String), ROW: pl.Int64})
    )
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64))
    _report_nul_bytes(frame, headers, problems)
    if frame.height == 0:
        problems.add(0, "", _("the file has a header but no rows below it"))
    return Sheet(tuple(headers), frame, encoding, delimiter)


def _chunks(
    records: Iterator[list[str]], width: int, problems: Problems
) -> Iterator[tuple[list[list[str]], list[int]]]:
    """Records as rows of exactly ``width`` cells, in chunks, with their row numbers beside.

    A short row is padded (spreadsheets drop trailing empty cells); a row with more filled
    cells than headers is a problem, since the extra values would otherwise be lost. (Per
    record, only the checks a well-formed row needs run in Python: a million of them are read.)
    """
    chunk: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=2):
        if not "".join(record).strip():
            continue  # an empty line is no record
        if len(record) != width:
            record = _fitted(record, width, number, problems)
        chunk.append(record)
        numbers.append(number)
        if len(chunk) == CHUNK_ROWS:
            yield chunk, numbers
            chunk, numbers = [], []
    if chunk:
        yield chunk, numbers


def _fitted(record: list[str], width: int, number: int, problems: Problems) -> list[str]:
    """A record of another width than the header, padded or cut to ``width`` cells."""
    extra = [cell for cell in record[width:] if cell.strip()]
    if extra:
        problems.add(
            number,
            "",
            _("%(count)d values but only %(width)d column headers")
            % {"count": width + len(extra), "width": width},
        )
    return [*record[:width], *[""] * (width - len(record))]


def _report_nul_bytes(frame: pl.DataFrame, headers: list[str], problems: Problems) -> None:
    """A NUL character is never text a person typed: the file is damaged or not a CSV."""
    for header in headers:
        for row in frame.filter(pl.col(header).str.contains("\x00", literal=True))[ROW]:
            problems.add(row, header, _("contains a NUL character (is the file damaged?)"))
