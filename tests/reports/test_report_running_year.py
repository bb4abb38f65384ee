"""A report of a year that is not over yet says so and compares like with like."""

from __future__ import annotations

from datetime import date

import pytest
from report_helpers import YEAR

from netweave.insights import Period, analyse
from netweave.reports.render import render_html
from netweave.reports.selectors import network_tables
from netweave.reports.services import report_build

pytestmark = pytest.mark.django_db

MID_YEAR = date(YEAR, 6, 30)


def test_a_running_year_is_counted_up_to_today_against_the_same_days_before(fixture):
    report = report_build(network=fixture.network, year=YEAR, language="en", today=MID_YEAR)
    assert report.up_to == MID_YEAR
    tables = network_tables(fixture.network)
    now = analyse(tables, Period(date(YEAR, 1, 1), MID_YEAR))
    before = analyse(tables, Period(date(YEAR - 1, 1, 1), date(YEAR - 1, 6, 30)))
    by_name = {f.name: f for f in report.numbers.figures}
    assert (by_name["interactions"].current, by_name["interactions"].previous) == (
        now.interactions,
        before.interactions,
    )
    assert by_name["interactions"].previous != fixture.previous.interactions  # not the whole year
    html = render_html(report)
    assert "up to 30 June" in html and "against the same days of 2024" in html


def test_a_year_gone_by_is_a_whole_year(fixture):
    report = report_build(
        network=fixture.network, year=YEAR, language="en", today=date(YEAR + 1, 1, 2)
    )
    assert report.up_to is None
    assert "up to" not in render_html(report).split('id="numbers"')[1][:400]


def test_a_running_year_is_not_said_to_have_ended(fixture):
    """Its summary and its numbers speak of the last day counted, not of a year end."""
    report = report_build(network=fixture.network, year=YEAR, language="en", today=MID_YEAR)
    flow = analyse(network_tables(fixture.network), Period(date(YEAR, 1, 1), MID_YEAR)).flow
    sentences = " ".join(line.text for line in report.summary.sentences)
    assert "The year ended" not in sentences
    assert (
        f"On 30 June the network had {flow.warm_at_end} warm ties against {flow.warm_at_start} "
        "at the start of the year" in sentences
    )
    labels = {f.name: f.label for f in report.numbers.figures}
    assert labels["warm_ties"] == "Warm ties on 30 June"


def test_the_numbers_say_when_a_change_is_called_better_or_worse(fixture):
    numbers = fixture.html("en").split('id="numbers"')[1].split('id="tie-flow"')[0]
    assert "Better or worse only beyond a change of 5% of the larger value." in numbers
    assert "pairs of members with any contact in the year, warm or not" in numbers
