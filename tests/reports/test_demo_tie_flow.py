"""The tie flow adds up for every year of the demo network itself: the network ``netweave demo``
generates, its size, years and seed read from ``interop.demo`` (not copied), each term counted
again with sets (``tie_flow_sets``). No database."""

from __future__ import annotations

from report_helpers import TODAY

from netweave import synth
from netweave.insights import Period
from netweave.interop.demo import DEMO_MEMBERS, DEMO_SEED, DEMO_YEARS
from tie_flow_sets import assert_flow_adds_up


def test_the_flow_adds_up_every_year_of_the_demo():
    """The demo as made on ``TODAY`` (30 June: its last year a running one)."""
    config = synth.SynthConfig(members=DEMO_MEMBERS, years=DEMO_YEARS, until=TODAY, seed=DEMO_SEED)
    tables = synth.generate(config).tables
    days = tables.interactions["on"]
    years = range(days.min().year, days.max().year + 1)
    # Four years of 365 days up to 30 June reach back into a fifth calendar year.
    assert list(years) == list(range(TODAY.year - DEMO_YEARS, TODAY.year + 1))
    for year in years:
        assert_flow_adds_up(tables, Period.year_up_to(year, TODAY))
