"""The pseudonym rule on people made by hand: role, number within organisation and role, the
organisation whole, "a small organisation" for an organisation's only person (numbered among
all of those), and a consenting person named in the network edition only. Expected labels
written by hand. No database."""

from __future__ import annotations

import polars as pl
import pytest
from django.utils import translation

from netweave.reports.document import PEOPLE_SCHEMA, Audience, ReportSources
from netweave.reports.naming import Namer

ORGANISATIONS = {10: "Gemeente Tiel", 20: "Bakkerij Stam", 30: "Atelier Noord", 40: "Kapsalon Ink"}
PEOPLE = [
    # person_id, name, organisation_id, consents, role
    (1, "Ada Aalders", 10, False, "member"),
    (2, "Bo Bakker", 10, False, "steward"),
    (3, "Cas Claes", 10, False, "member"),
    (4, "Dewi Dekker", 10, False, "sponsor"),
    (5, "Eva Eek", 20, False, "steward"),  # Bakkerij Stam's only person
    (6, "Fem Fokkens", 30, False, "member"),  # Atelier Noord's only person
    (7, "Gijs Gort", None, False, "member"),  # no organisation
    (8, "Hans Hout", 10, True, "member"),
    (9, "Ida Ink", 40, False, "member"),  # Kapsalon Ink's only person
]
EXPECTED = {
    "en": {
        1: "Member 1 of Gemeente Tiel",
        2: "Steward 1 of Gemeente Tiel",
        3: "Member 2 of Gemeente Tiel",
        4: "Sponsor 1 of Gemeente Tiel",
        5: "Steward 1 of a small organisation",
        6: "Member 1 of a small organisation",
        7: "Member 1",
        8: "Member 3 of Gemeente Tiel",
        9: "Member 2 of a small organisation",
    },
    "nl": {
        1: "Lid 1 van Gemeente Tiel",
        2: "Netwerkregisseur 1 van Gemeente Tiel",
        3: "Lid 2 van Gemeente Tiel",
        4: "Sponsor 1 van Gemeente Tiel",
        5: "Netwerkregisseur 1 van een kleine organisatie",
        6: "Lid 1 van een kleine organisatie",
        7: "Lid 1",
        8: "Lid 3 van Gemeente Tiel",
        9: "Lid 2 van een kleine organisatie",
    },
}


def _namer(audience: Audience) -> Namer:
    people = pl.DataFrame(PEOPLE, schema=PEOPLE_SCHEMA, orient="row")
    return Namer(ReportSources(name="Tiel", slug="tiel", people=people), ORGANISATIONS, audience)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_everyone_is_their_role_number_and_organisation_in_the_public_edition(language):
    namer = _namer(Audience.PUBLIC)
    with translation.override(language):
        assert {person[0]: namer(person[0]) for person in PEOPLE} == EXPECTED[language]


def test_the_network_edition_names_only_who_consents():
    namer = _namer(Audience.NETWORK)
    with translation.override("en"):
        labels = {person[0]: namer(person[0]) for person in PEOPLE}
    assert labels == {**EXPECTED["en"], 8: "Hans Hout"}


def test_an_organisations_only_person_is_not_shown_beside_it_unless_named():
    public, stewards = _namer(Audience.PUBLIC), _namer(Audience.STEWARDS)
    assert [public.organisation_shown(p) for p in (1, 2, 5, 6, 8)] == [
        True,
        True,
        False,
        False,
        True,
    ]
    assert all(stewards.organisation_shown(p) for p in (5, 6))
