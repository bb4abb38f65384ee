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
    return next(f.current for f in report.numbers if f.name == "warm_ties")


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
