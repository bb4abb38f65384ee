"""Pseudonyms in the public edition: unique, complete (role and organisation, never cut short),
the same from year to year, and an organisation's only person hidden behind "a small
organisation"."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import date

import pytest
from report_helpers import TODAY, YEAR

from netweave.ledger.models import Interaction, Kind
from netweave.networks.models import Organisation, Person
from netweave.reports.document import Audience
from netweave.reports.render import render_html, render_pdf
from netweave.reports.services import report_build

pytestmark = pytest.mark.django_db

PSEUDONYM = re.compile(r"^(Member|Steward|Sponsor) (\d+) of (.+)$")


def _people(network) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.filter(network=network).select_related("organisation")}


def _member_labels(report) -> dict[int, str]:
    return {int(row.key.split(".")[1]): row.label for row in report.members.rows}


def test_pseudonyms_are_unique_and_complete(fixture):
    report = fixture.report("en", Audience.PUBLIC)
    labels = _member_labels(report)
    assert len(labels) > 30
    assert [label for label, n in Counter(labels.values()).items() if n > 1] == []
    people = _people(fixture.network)
    sizes = Counter(p.organisation_id for p in people.values())
    for person_id, label in labels.items():
        match = PSEUDONYM.match(label)
        assert match, label
        organisation = people[person_id].organisation
        if sizes[organisation.pk] == 1:
            assert match.group(3) == "a small organisation", label
        else:
            assert match.group(3) == organisation.name, label  # whole, never shortened


def test_the_printed_appendix_shows_every_pseudonym_whole(fixture, django_db_blocker):
    report = fixture.report("nl", Audience.PUBLIC)
    with django_db_blocker.unblock():
        pdf = render_pdf(report)
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())
    appendix = text[text.rindex("Bijlage: wat elk lid deed") : text.rindex("Over dit verslag")]
    assert "…" not in appendix
    shown = report.members.rows[: report.members.shown_in_pdf]
    missing = [row.label for row in shown if row.label not in appendix]
    assert missing == []


def test_a_person_keeps_their_pseudonym_from_year_to_year(fixture):
    this_year = _member_labels(fixture.report("en", Audience.PUBLIC))
    last_year = _member_labels(
        report_build(
            network=fixture.network,
            year=YEAR - 1,
            language="en",
            audience=Audience.PUBLIC,
            today=TODAY,
        )
    )
    both = this_year.keys() & last_year.keys()
    assert len(both) > 20
    assert {p: this_year[p] for p in both} == {p: last_year[p] for p in both}


def test_the_only_person_of_an_organisation_is_a_member_of_a_small_organisation(fixture):
    network = fixture.network
    alone = Organisation.objects.create(
        network=network, name="Eenmanszaak Verborgen", slug="eenmanszaak", sector="business"
    )
    person = Person.objects.create(
        network=network,
        organisation=alone,
        first_name="Enig",
        last_name="Lid",
        joined_on=date(YEAR, 1, 1),
    )
    partner = next(p for p in _people(network).values() if p.pk != person.pk)
    for day in (date(YEAR, 3, 1), date(YEAR, 9, 1)):
        Interaction.objects.create(
            network=network, occurred_on=day, kind=Kind.MEETING, person_a=person, person_b=partner
        )
    for language, expected in (
        ("en", r"Member \d+ of a small organisation"),
        ("nl", r"Lid \d+ van een kleine organisatie"),
    ):
        report = report_build(
            network=network, year=YEAR, language=language, audience=Audience.PUBLIC, today=TODAY
        )
        row = next(r for r in report.members.rows if r.key == f"member.{person.pk}")
        assert re.fullmatch(expected, row.label), row.label
        assert row.organisation == "" and row.sector is None
        html = render_html(report)
        appendix = html[html.index('id="members"') :]
        assert "Eenmanszaak Verborgen" not in appendix
        assert "Enig Lid" not in html
