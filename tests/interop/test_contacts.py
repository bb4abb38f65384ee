"""Reading face-to-face contact files (SocioPatterns format) into NetworkTables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from netweave.interop.contacts import ContactFileError, read_contacts

DATA = Path(__file__).parent.parent / "data" / "workplace-2013"


def test_the_workplace_contacts_become_daily_meetings_in_departments():
    tables = read_contacts(
        DATA / "contacts.tsv", DATA / "departments.txt", first_day=date(2013, 6, 24)
    )
    assert tables.members.height == 92
    assert tables.organisations["name"].sort().to_list() == ["DISQ", "DMCT", "DSE", "SFLE", "SRH"]
    meetings = tables.interactions
    # One meeting per pair per day: no duplicates, first day is the 24th of June.
    assert meetings.select("a", "b", "on").is_unique().all()
    assert meetings["on"].min() == date(2013, 6, 24)
    assert (meetings["a"] < meetings["b"]).all()
    assert meetings.filter(pl.col("kind") != "meeting").height == 0


def test_a_bad_line_is_named_by_file_line_and_field(tmp_path):
    contacts = tmp_path / "contacts.tsv"
    contacts.write_text("20 1 2\n40 1 x\n")
    groups = tmp_path / "groups.txt"
    groups.write_text("1\tA\n2\tB\n")
    with pytest.raises(ContactFileError, match=r"contacts.tsv, line 2, field 'j': 'x'"):
        read_contacts(contacts, groups, first_day=date(2020, 1, 1))
    contacts.write_text("20 1 2\n40 1 3\n")
    with pytest.raises(ContactFileError, match=r"person\(s\) 3 are not in groups.txt"):
        read_contacts(contacts, groups, first_day=date(2020, 1, 1))
