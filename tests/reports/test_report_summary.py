"""The opening summary: six sentences from the year's figures, each with the rule behind it."""

from __future__ import annotations

import pytest
from django.utils import translation

from netweave.reports.formatting import number, value

pytestmark = pytest.mark.django_db


def test_the_summary_states_the_years_figures_with_their_rules(fixture):
    report = fixture.report("en")
    cur = fixture.current
    sentences = report.summary.sentences
    assert len(sentences) == 6
    assert all(line.rule for line in sentences)
    who, helped, ties, bridges, introductions, changes = (line.text for line in sentences)
    with translation.override("en"):
        assert who.startswith(
            f"{number(cur.members)} members from {number(cur.organisations)} organisations"
        )
        assert f"{number(cur.interactions)} interactions" in who
        given = cur.reciprocity.organisations["given"]
        assert f"another organisation {number(given.sum())} times" in helped
        assert f"({number(given.max())} times)" in helped
        assert ties.startswith(f"The year ended with {number(cur.warmth.warm)} warm ties")
        assert value(cur.bridging.cross_sector_share, "share") in bridges
        assert introductions.startswith(f"{number(cur.introductions.suggested)} introductions")
        assert "clearest" in changes or "No figure changed" in changes


def test_the_summary_opens_the_report_in_both_languages(fixture):
    html = fixture.html("nl")
    assert html.index('id="summary"') < html.index('id="numbers"')
    assert "Het jaar in het kort" in html and "Zo is het geteld:" in html
