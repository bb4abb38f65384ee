"""map_inputs: a year's fingerprint changes exactly when something its map reads changes."""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
import pytest

from netweave import synth
from netweave.insights import MetricSettings
from netweave.insights.map_year import map_inputs
from netweave.insights.tables import NetworkTables

YEARS = [2024, 2025, 2026]


@pytest.fixture(scope="module")
def tables() -> NetworkTables:
    config = synth.SynthConfig(members=150, years=3, until=date(2026, 6, 30), seed=5)
    return synth.generate(config).tables


def _with(tables: NetworkTables, **frames: pl.DataFrame) -> NetworkTables:
    return dataclasses.replace(tables, **frames)


def _changed(before: dict[int, str], after: dict[int, str]) -> list[int]:
    return [year for year in YEARS if before[year] != after[year]]


def test_the_order_rows_were_read_in_does_not_matter(tables):
    shuffled = _with(
        tables,
        interactions=tables.interactions.sample(fraction=1.0, shuffle=True, seed=1),
        members=tables.members.reverse(),
    )
    assert map_inputs(shuffled, YEARS, MetricSettings()) == map_inputs(
        tables, YEARS, MetricSettings()
    )


def test_an_interaction_changes_its_year_and_the_later_ones_only(tables):
    before = map_inputs(tables, YEARS, MetricSettings())
    one = tables.interactions.filter(pl.col("on").dt.year() == 2025).head(1)
    logged = _with(tables, interactions=pl.concat([tables.interactions, one]))
    assert _changed(before, map_inputs(logged, YEARS, MetricSettings())) == [2025, 2026]
    this_year = tables.interactions.filter(pl.col("on").dt.year() == 2026).head(1)
    today = _with(tables, interactions=pl.concat([tables.interactions, this_year]))
    assert _changed(before, map_inputs(today, YEARS, MetricSettings())) == [2026]


def test_a_members_organisation_or_the_settings_change_every_year(tables):
    before = map_inputs(tables, YEARS, MetricSettings())
    moved = tables.members.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("organisation_id") + 1_000_000)
        .otherwise(pl.col("organisation_id"))
        .alias("organisation_id")
    )
    assert _changed(before, map_inputs(_with(tables, members=moved), YEARS, MetricSettings())) == (
        YEARS
    )
    slower = MetricSettings(half_life_days=MetricSettings().half_life_days * 2)
    assert _changed(before, map_inputs(tables, YEARS, slower)) == YEARS


def test_a_year_without_interactions_yet_has_a_fingerprint(tables):
    fingerprints = map_inputs(tables, [2019, *YEARS], MetricSettings())
    assert len(set(fingerprints.values())) == 4
