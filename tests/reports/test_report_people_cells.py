"""A person's cell in the people tables: the organisation under the name on screen, beside it in
print (one line a person costs the PDF less). Expected markup written by hand."""

from __future__ import annotations

from dataclasses import replace

from netweave.reports.document import Person
from netweave.reports.templatetags.report_tags import person_cell

PERSON = Person(label="Ann & Bo", organisation="Gemeente Utrecht", sector=None, figures=())


def test_print_puts_the_organisation_beside_the_name():
    assert person_cell(PERSON, True) == "<td>Ann &amp; Bo · Gemeente Utrecht</td>"


def test_screen_puts_the_organisation_under_the_name():
    assert person_cell(PERSON, False) == "<td>Ann &amp; Bo<br><small>Gemeente Utrecht</small></td>"


def test_without_an_organisation_only_the_name_is_shown():
    alone = replace(PERSON, organisation="")
    assert person_cell(alone, True) == person_cell(alone, False) == "<td>Ann &amp; Bo</td>"
