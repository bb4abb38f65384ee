"""Who is named in which edition: consent is always respected outside stewards' reports."""

from __future__ import annotations

import pytest

from netweave.networks.models import Person
from netweave.reports.document import Audience

pytestmark = pytest.mark.django_db


def _names(network) -> list[str]:
    return [str(p) for p in Person.objects.filter(network=network, consents_to_reports=True)]


def test_public_edition_names_nobody(fixture):
    html = fixture.html("en", Audience.PUBLIC)
    named = [name for name in _names(fixture.network) if name in html]
    assert named == []
    assert all(str(p) not in html for p in fixture.refusers)
    # People are still there, as role and organisation.
    assert " of " in fixture.report("en", Audience.PUBLIC).members[0].label


def test_network_edition_names_only_who_consents(fixture):
    html = fixture.html("en", Audience.NETWORK)
    for person in fixture.refusers:
        assert str(person) not in html
    labels = {row.label for row in fixture.report("en", Audience.NETWORK).members}
    consenting = set(_names(fixture.network))
    assert labels & consenting, "consenting members are named in the network edition"


def test_stewards_edition_names_everyone(fixture):
    html = fixture.html("en", Audience.STEWARDS)
    for person in fixture.refusers:
        assert str(person) in html


def test_pseudonyms_are_distinct(fixture):
    labels = [row.label for row in fixture.report("en", Audience.PUBLIC).members]
    assert len(labels) == len(set(labels))


def test_html_is_self_contained(fixture):
    html = fixture.html("en")
    for marker in ("<script", "<link", "src=", "@import", "url("):
        assert marker not in html, marker
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
