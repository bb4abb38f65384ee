"""A steward's metric overrides (Network.metric_settings) reach the report's figures."""

from __future__ import annotations

import pytest
from report_helpers import TODAY, YEAR

from netweave.insights import MetricSettings, Period, analyse
from netweave.networks.models import Network
from netweave.reports.selectors import network_tables
from netweave.reports.services import report_build

pytestmark = pytest.mark.django_db


def _warm_ties(report) -> float:
    return next(f.current for f in report.numbers.figures if f.name == "warm_ties")


def test_a_shorter_half_life_leaves_fewer_warm_ties_in_the_report(fixture):
    # A fresh instance: the session fixture's object must keep its own settings.
    network = Network.objects.get(pk=fixture.network.pk)
    default = report_build(network=network, year=YEAR, language="en", today=TODAY)

    network.metric_settings = {"half_life_days": 30}
    network.save(update_fields=["metric_settings"])
    shorter = report_build(network=network, year=YEAR, language="en", today=TODAY)

    expected = analyse(
        network_tables(network), Period.year(YEAR), MetricSettings(half_life_days=30)
    ).warmth.warm
    assert _warm_ties(shorter) == expected
    assert _warm_ties(shorter) < _warm_ties(default)


def test_the_settings_page_speaks_the_reports_language_in_words(fixture):
    """No raw key (``half_life_days``) or Python number (``0.5``) on the Dutch settings page."""
    import re

    html = fixture.html("nl")
    about = html[html.index('id="about"') :]
    about = about[: about.index("</section>")]
    text = re.sub(r"<[^>]+>", " ", about)
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert "Halfwaardetijd van warmte (dagen)" in text  # the settings form's own Dutch label
    assert re.search(r"\b0,5\b", text) and not re.search(r"\b0\.5\b", text)
    assert "Beter of slechter vanaf" in text and "een verandering van 5%" in text
    # The default half-life, 90 days, is a whole number of days: "90", not "90,0".
    assert re.search(r"Halfwaardetijd van warmte \(dagen\)\s+90\s+De warmte", text)
