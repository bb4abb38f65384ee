"""A routine's page computes its health from the routine's own rows (``routine_tables``), not
the network's: the figures must be the ones the network's full tables give (the report's)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from netweave.insights.period import Period
from netweave.insights.routines import routines as routine_health
from netweave.interop.synthetic import network_load_synthetic
from netweave.reports.selectors import network_tables, routine_tables
from netweave.routines.models import Routine

pytestmark = pytest.mark.django_db


def test_a_routines_own_rows_give_the_networks_figures_for_it(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="routines")
    last = small_synthetic.config.until
    periods = [Period(last - timedelta(days=364), last), Period(last - timedelta(days=90), last)]
    routines = list(Routine.objects.filter(network=network))
    assert len(routines) >= 2
    credited = 0
    for period in periods:
        everything = routine_health(network_tables(network, columnar=False), period).routines
        for routine in routines:
            expected = everything.filter(pl.col("routine_id") == routine.pk)
            own = routine_health(routine_tables(routine, period), period).routines
            assert_frame_equal(own, expected)
            credited += int(expected["new_ties"].sum())
    # Ties born at the routines are what the narrowed interactions could get wrong.
    assert credited > 0
