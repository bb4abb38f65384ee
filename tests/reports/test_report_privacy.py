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
    assert " of " in fixture.report("en", Audience.PUBLIC).members.rows[0].label


def test_network_edition_names_only_who_consents(fixture):
    html = fixture.html("en", Audience.NETWORK)
    for person in fixture.refusers:
        assert str(person) not in html
    labels = {row.label for row in fixture.report("en", Audience.NETWORK).members.rows}
    consenting = set(_names(fixture.network))
    assert labels & consenting, "consenting members are named in the network edition"


def test_stewards_edition_names_everyone(fixture):
    html = fixture.html("en", Audience.STEWARDS)
    for person in fixture.refusers:
        assert str(person) in html


def test_pseudonyms_are_distinct(fixture):
    labels = [row.label for row in fixture.report("en", Audience.PUBLIC).members.rows]
    assert len(labels) == len(set(labels))


def test_html_is_self_contained(fixture):
    html = fixture.html("en")
    for marker in ("<script", "<link", "src=", "@import", "url("):
        assert marker not in html, marker
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_a_refuser_who_holds_every_named_place_is_never_named(fixture):
    """One refuser hosts every routine, owns every initiative, made every introduction and is
    the only tie of a newcomer (so a key player): the network edition names them nowhere,
    while the stewards' edition shows they really hold each place."""
    from datetime import date

    from report_helpers import TODAY, YEAR

    from netweave.initiatives.models import Initiative
    from netweave.introductions.models import Introduction
    from netweave.ledger.models import Interaction, Kind
    from netweave.reports.render import render_html
    from netweave.reports.services import report_build
    from netweave.routines.models import Routine

    refuser = fixture.refusers[0]
    network = fixture.network
    Routine.objects.filter(network=network).update(steward=refuser)
    Initiative.objects.filter(network=network).update(
        owner=refuser, partner_found_on=date(YEAR, 5, 1)
    )
    Introduction.objects.filter(network=network).update(introducer=refuser)
    newcomer = Person.objects.create(
        network=network,
        organisation=refuser.organisation,
        first_name="Nieuw",
        last_name="Lid",
        joined_on=date(YEAR, 3, 1),
    )
    Interaction.objects.create(
        network=network,
        occurred_on=date(YEAR, 3, 2),
        kind=Kind.MEETING,
        person_a=refuser,
        person_b=newcomer,
    )

    stewards = report_build(
        network=network, year=YEAR, language="en", audience=Audience.STEWARDS, today=TODAY
    )
    name = str(refuser)
    assert name in {p.label for p in stewards.health.key_players}
    assert name in {r.steward for r in stewards.routines.rows}
    assert name in {i.owner for i in stewards.initiatives.partnered}
    assert name in {p.label for p in stewards.introductions.introducers}

    edition = report_build(network=network, year=YEAR, language="en", today=TODAY)
    assert name not in render_html(edition)
