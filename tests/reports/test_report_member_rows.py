"""The member appendix's rows are built when read: the PDF's first rows without the rest, each
row once, and always in the report's language."""

from __future__ import annotations

import pickle

from django.utils import translation
from django.utils.translation import gettext as _

from netweave.reports.document import Figure, Row
from netweave.reports.sections.organisations import MemberRows


def _rows(count: int, language: str = "nl") -> tuple[MemberRows, list[int]]:
    built: list[int] = []

    def build(data: dict) -> Row:
        built.append(data["person_id"])
        figure = Figure(f"member.{data['person_id']}.given", _("Given"), data["given"])
        return Row(f"member.{data['person_id']}", f"Lid {data['person_id']}", None, "", (figure,))

    data = [{"person_id": person_id, "given": 10 * person_id} for person_id in range(1, count + 1)]
    return MemberRows(data, build, language), built


def test_the_first_rows_are_built_without_the_others():
    rows, built = _rows(5)
    assert len(rows) == 5 and built == []
    first = rows[:2]
    assert [row.key for row in first] == ["member.1", "member.2"]
    assert built == [1, 2]
    assert rows[-1].figures[0].current == 50
    assert built == [1, 2, 5]


def test_each_row_is_built_once_and_kept():
    rows, built = _rows(4)
    second = rows[1]
    everything = list(rows)
    assert [row.key for row in everything] == [f"member.{n}" for n in range(1, 5)]
    assert everything[1] is second
    assert sorted(built) == [1, 2, 3, 4]
    assert tuple(rows) == tuple(everything) and rows == everything
    assert rows[1:3] == tuple(everything[1:3])


def test_rows_are_built_in_the_reports_language_whoever_reads_them():
    rows, _built = _rows(2, language="nl")
    with translation.override("en"):
        assert rows[0].figures[0].label == "Gegeven"
        assert [row.figures[0].label for row in rows] == ["Gegeven", "Gegeven"]
    english, _built = _rows(1, language="en")
    with translation.override("nl"):
        assert english[0].figures[0].label == "Given"


def test_rows_pickle_as_the_tuple_of_all_rows():
    rows, _built = _rows(3)
    restored = pickle.loads(pickle.dumps(rows))  # noqa: S301 - our own bytes
    assert isinstance(restored, tuple)
    assert restored == tuple(rows) and [row.key for row in restored][-1] == "member.3"
