"""The printed edition lists the routines that held the most meetings and the initiatives that
found a partner last, at most so many of each, and says so; the HTML edition lists all.

The limits are lowered here, and a routine and initiatives added, so that the fixture network's
lists (three routines that held as many meetings, one initiative that found a partner) are long
enough; who should be listed is worked out from the database, not from the report.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db.models import Count
from report_helpers import TODAY, YEAR

from netweave.initiatives.models import Initiative
from netweave.reports.render import render_html
from netweave.reports.sections import initiatives, routines
from netweave.reports.services import report_build
from netweave.routines.models import Occurrence, Routine

pytestmark = pytest.mark.django_db

ROUTINES_SHOWN = 2
INITIATIVES_SHOWN = 2
ADDED = [("Repair café", date(YEAR, 3, 1)), ("Buurtmoestuin", date(YEAR, 11, 2))]
"""Initiatives that found a partner in the year besides the fixture's: one before its own, one
after."""


BUSIEST = "Zomerlunch"
"""A routine that held more meetings than any of the fixture's, named to sort last."""


@pytest.fixture
def report(fixture, monkeypatch):
    busiest = Routine.objects.create(
        network=fixture.network,
        name=BUSIEST,
        format="meetup",
        cadence="weekly",
        started_on=date(YEAR, 1, 1),
    )
    Occurrence.objects.bulk_create(
        Occurrence(routine=busiest, on=date(YEAR, 1, 6) + timedelta(weeks=week))
        for week in range(30)
    )
    for name, found in ADDED:
        Initiative.objects.create(
            network=fixture.network,
            name=name,
            stage="running",
            started_on=date(YEAR, 1, 15),
            partner_found_on=found,
        )
    monkeypatch.setattr(routines, "PDF_ROUTINE_LIMIT", ROUTINES_SHOWN)
    monkeypatch.setattr(initiatives, "PDF_INITIATIVE_LIMIT", INITIATIVES_SHOWN)
    return report_build(network=fixture.network, year=YEAR, language="en", today=TODAY)


def _chapter(html: str, chapter: str) -> str:
    return re.search(rf'<section id="{chapter}".*?</section>', html, re.S).group()


def _first_cells(html: str, table: str) -> list[str]:
    body = re.search(rf'<table class="{table}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        re.split(r"<br>|</td>", row)[0] for row in re.findall(r"<tr><td>(.*?)</tr>", body, re.S)
    ]


def test_the_printed_edition_lists_the_routines_that_held_the_most_meetings(fixture, report):
    """The most meetings held in the year first; among equals the first by name (the order in
    which the chapter lists them)."""
    held = dict(
        Occurrence.objects.filter(routine__network=fixture.network, held=True, on__year=YEAR)
        .values("routine__name")
        .annotate(held=Count("pk"))
        .values_list("routine__name", "held")
    )
    assert held[BUSIEST] > max(n for name, n in held.items() if name != BUSIEST)
    ranked = sorted(held, key=lambda name: (-held[name], name))

    printed = _chapter(render_html(report, for_pdf=True), "routines")
    screen = _chapter(render_html(report), "routines")

    assert _first_cells(printed, "routines") == sorted(ranked[:ROUTINES_SHOWN])
    assert _first_cells(screen, "routines") == sorted(held)
    assert (
        f"This printed edition lists the {ROUTINES_SHOWN} of {len(held)} routines that held the "
        "most meetings; the HTML edition lists all." in printed
    )
    assert "This printed edition" not in screen


def test_the_printed_edition_lists_the_initiatives_that_found_a_partner_last(fixture, report):
    partnered = sorted(
        Initiative.objects.filter(
            network=fixture.network,
            started_on__lte=date(YEAR, 12, 31),
            partner_found_on__range=(date(YEAR, 1, 1), date(YEAR, 12, 31)),
        ).values_list("partner_found_on", "name")
    )
    assert len(partnered) > INITIATIVES_SHOWN
    assert partnered[-INITIATIVES_SHOWN - 1][0] < partnered[-INITIATIVES_SHOWN][0]

    printed = _chapter(render_html(report, for_pdf=True), "initiatives")
    screen = _chapter(render_html(report), "initiatives")

    assert _first_cells(printed, "initiatives") == [n for _, n in partnered[-INITIATIVES_SHOWN:]]
    assert _first_cells(screen, "initiatives") == [name for _, name in partnered]
    assert (
        f"This printed edition lists the {INITIATIVES_SHOWN} of {len(partnered)} initiatives "
        "that found a partner most recently; the HTML edition lists all." in printed
    )


def test_short_lists_print_whole_without_a_note(fixture):
    printed = render_html(fixture.report("en"), for_pdf=True)

    assert len(fixture.report("en").routines.rows) <= routines.PDF_ROUTINE_LIMIT
    assert len(fixture.report("en").initiatives.partnered) <= initiatives.PDF_INITIATIVE_LIMIT
    assert "routines that held the most meetings" not in printed
    assert "found a partner most recently" not in printed
