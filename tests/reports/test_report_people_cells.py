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


def test_a_pseudonym_that_names_the_organisation_is_not_followed_by_it_again():
    """ "Member 2 of Gemeente Utrecht · Gemeente Utrecht" reads as a slip: the pseudonymised
    edition's tables of brokers, key players and introducers printed it so."""
    pseudonym = replace(PERSON, label="Member 2 of Gemeente Utrecht")
    expected = "<td>Member 2 of Gemeente Utrecht</td>"
    assert person_cell(pseudonym, True) == person_cell(pseudonym, False) == expected
