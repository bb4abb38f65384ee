"""Generated tables of good and bad rows: every bad cell is named, nothing partial is written."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.problems import ImportRefused
from netweave.interop.snapshot import network_snapshot

from .conftest import run_import

pytestmark = pytest.mark.django_db

GOOD = {
    "Datum": st.sampled_from(["2026-01-05", "5-1-2026", "31-12-2025"]),
    "Van": st.sampled_from(["anna@hoorn.example", "ANNA@hoorn.example"]),
    "Naar": st.sampled_from(["bram@hoorn.example", "cees@hoorn.example"]),
    "Soort": st.sampled_from(["Hulp", "meeting", "Samenwerking", "EVENEMENT"]),
}
# Text that is never a valid value of the column (no letters, digits, '@' or '-').
BAD = st.text(alphabet=st.sampled_from("!?#*&^~ %$;,\"'\n\t<>=+é"), min_size=1, max_size=8).filter(
    lambda text: text.strip() != ""
)
NOTE = st.text(max_size=30).map(lambda text: text.replace("\x00", "").replace("\r", ""))


@st.composite
def tables(draw):
    rows, bad_cells = [], set()
    for number in range(2, draw(st.integers(1, 12)) + 2):
        row = {column: draw(values) for column, values in GOOD.items()}
        for column in draw(st.sets(st.sampled_from(sorted(GOOD)), max_size=2)):
            row[column] = draw(BAD)
            bad_cells.add((number, column))
        row["Notitie"] = draw(NOTE)
        rows.append(row)
    return (
        rows,
        bad_cells,
        draw(st.sampled_from([";", ","])),
        draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tables())
def test_every_bad_cell_is_named_and_nothing_partial_is_written(known, table):
    rows, bad_cells, delimiter, encoding = table
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=[*GOOD, "Notitie"], delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    before = network_snapshot(known.network)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tabel.csv"
        path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
        try:
            result = run_import(path, ImportKind.INTERACTIONS, dry_run=True)
        except ImportRefused as refused:
            named = {(p.row, p.column) for p in refused.problems}
            assert named == bad_cells
        else:
            assert not bad_cells
            assert result.created["interactions"] + result.unchanged.get("interactions", 0) == len(
                rows
            )
    assert network_snapshot(known.network) == before
