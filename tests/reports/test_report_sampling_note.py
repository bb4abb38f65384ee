"""The note under the brokers says what a sampled betweenness is worth: from how many members it
was estimated, its typical error and its worst case, in the reader's language; a network small
enough for exact betweenness gets no note. Expected text written by hand. No database."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest

from netweave.insights import NetworkTables
from netweave.reports.assemble import report_assemble
from netweave.reports.document import ReportSources
from netweave.reports.render import render_html

YEAR = 2025

SAMPLED = {
    "betweenness_exact_max_nodes": 4,
    "betweenness_samples": 2,
    "betweenness_confidence": 0.9,
}
"""Five members are above the exact threshold of 4: betweenness from 2 sources (two groups of
one), with the guarantee at 90%."""

EXPECTED = {
    # n = 5, k = 2, δ = 0.1: ε = 5/4 · √(ln(2·5/0.1) / (2·2)) = 1.25 · √(4.6052 / 4) = 1.3412,
    # shown to three digits rounded up. On a 5-cycle each shortest path between members two
    # apart is unique, so a source s adds n/((n−1)(n−2)) = 5/12 to each of its two neighbours
    # and 0 elsewhere; whichever two sources are drawn, some member is the neighbour of only
    # one, and the standard error of two groups, |5/12 − 0| / 2 = 5/24 = 0.2083, is the largest.
    "en": (
        "Betweenness was estimated from 2 members chosen at random, not computed from all "
        "members. Typical error: at most about ±0.21 per value (the standard error, estimated "
        "from the spread between groups of those members). Worst case: with 90% confidence no "
        "value is off by more than ±1.35. This guarantee holds for any network, so it is far "
        "wider than the typical error."
    ),
    "nl": (
        "De tussenpositie is geschat uit 2 willekeurig gekozen leden, niet berekend over alle "
        "leden. Typische afwijking: hooguit ongeveer ±0,21 per waarde (de standaardfout, "
        "geschat uit de verschillen tussen groepen van die leden). Slechtste geval: met 90% "
        "zekerheid wijkt geen enkele waarde meer dan ±1,35 af. Deze garantie geldt voor elk "
        "netwerk en is daarom veel ruimer dan de typische afwijking."
    ),
}


def _five_in_a_ring() -> NetworkTables:
    """Five members of one organisation since 2024, met in a ring in December 2025."""
    organisations = pl.DataFrame(
        {"organisation_id": [1], "name": ["Buurthuis"], "sector": ["civil_society"]}
    )
    members = pl.DataFrame(
        {
            "person_id": [1, 2, 3, 4, 5],
            "organisation_id": [1] * 5,
            "sector": ["civil_society"] * 5,
            "joined": [date(2024, 1, 1)] * 5,
            "left": [None] * 5,
        },
        schema_overrides={"left": pl.Date},
    )
    interactions = pl.DataFrame(
        [
            (a, b, date(YEAR, 12, 10), "meeting", False, "network", "logged", 1.0)
            for a, b in ((1, 2), (2, 3), (3, 4), (4, 5), (5, 1))
        ],
        schema=["a", "b", "on", "kind", "directed", "purpose", "source", "weight"],
        orient="row",
    )
    return NetworkTables.build(
        organisations=organisations, members=members, interactions=interactions
    )


def _html(language: str, metric_settings: dict[str, float]) -> str:
    report = report_assemble(
        tables=_five_in_a_ring(),
        sources=ReportSources(name="Ring", slug="ring", metric_settings=metric_settings),
        year=YEAR,
        language=language,
        generated_on=date(YEAR + 1, 1, 5),
    )
    return render_html(report)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_sampled_network_states_typical_error_and_guarantee(language):
    notes = re.findall(r'<p class="note sampling">(.*?)</p>', _html(language, SAMPLED), re.S)
    assert notes == [EXPECTED[language]]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_exactly_computed_network_has_no_sampling_note(language):
    html = _html(language, {})
    assert 'class="note sampling"' not in html
    for phrase in ("chosen at random", "willekeurig gekozen", "Worst case", "Slechtste geval"):
        assert phrase not in html
