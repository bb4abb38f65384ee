"""Period arithmetic and steward settings."""

from __future__ import annotations

from datetime import date

import pytest
from insights_helpers import interaction_rows

from netweave.insights import MetricSettings, NetworkTables, Period, SettingsError, orientation
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS


def test_calendar_year_and_previous():
    year = Period.year(2025)
    assert (year.start, year.end, year.days) == (date(2025, 1, 1), date(2025, 12, 31), 365)
    assert year.previous() == Period.year(2024)  # 366 days: still the calendar year
    assert str(year) == "2025"
    assert year.contains(date(2025, 12, 31)) and not year.contains(date(2026, 1, 1))


def test_previous_of_an_arbitrary_period_has_the_same_length():
    quarter = Period(date(2025, 4, 1), date(2025, 6, 30))
    before = quarter.previous()
    assert before == Period(date(2024, 12, 31), date(2025, 3, 31))  # 91 days, not Q1 (90)
    assert before.days == quarter.days == 91
    assert Period(date(2025, 3, 1), date(2025, 3, 1)).previous() == Period(
        date(2025, 2, 28), date(2025, 2, 28)
    )


def test_a_running_year_is_compared_with_the_same_days_a_year_before():
    running = Period.year_up_to(2026, date(2026, 11, 30))
    assert running == Period(date(2026, 1, 1), date(2026, 11, 30))
    assert running.previous() == Period(date(2025, 1, 1), date(2025, 11, 30))
    leap = Period.year_up_to(2024, date(2024, 2, 29))
    assert leap.previous() == Period(date(2023, 1, 1), date(2023, 2, 28))
    assert Period.year_up_to(2025, date(2026, 3, 1)) == Period.year(2025)  # a year gone by
    assert Period.year_up_to(2026, date(2025, 6, 1)) == Period(date(2026, 1, 1), date(2026, 1, 1))


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_defaults():
    settings = MetricSettings()
    assert settings.half_life_days == 90
    assert settings.cooling_fraction == 0.5
    assert settings.cooling_silence_days == 60
    assert settings.peak_window_days == 365
    assert dict(settings.kind_weights) == dict(DEFAULT_KIND_WEIGHTS)
    assert settings.imbalance_min_volume == 10
    assert (settings.imbalance_low, settings.imbalance_high) == (0.25, 0.75)


def test_from_mapping_overrides_and_round_trips():
    settings = MetricSettings.from_mapping(
        {"half_life_days": 60, "cooling_silence_days": 30.0, "kind_weights": {"help": 4}}
    )
    assert settings.half_life_days == 60.0 and isinstance(settings.half_life_days, float)
    assert settings.cooling_silence_days == 30 and isinstance(settings.cooling_silence_days, int)
    assert settings.kind_weights["help"] == 4.0
    assert settings.kind_weights["meeting"] == 1.0
    assert MetricSettings.from_mapping(settings.as_dict()) == settings


def test_from_mapping_rejects_unknown_keys_clearly():
    with pytest.raises(SettingsError, match=r"unknown metric setting.*half_live_days"):
        MetricSettings.from_mapping({"half_live_days": 60})


@pytest.mark.parametrize(
    "values",
    [
        {"half_life_days": "90"},
        {"cooling_silence_days": 1.5},
        {"seed": True},
        {"kind_weights": 3},
        {"kind_weights": {"coffee": 1.0}},
        {"half_life_days": 0},
        {"imbalance_low": 0.8},
        {"betweenness_confidence": 1.0},
    ],
)
def test_from_mapping_rejects_bad_values(values):
    with pytest.raises(SettingsError):
        MetricSettings.from_mapping(values)


def test_settings_are_frozen_and_hashable():
    settings = MetricSettings()
    assert hash(settings) == hash(MetricSettings())
    assert {settings: 1}[MetricSettings.from_mapping({})] == 1
    with pytest.raises(AttributeError):
        settings.half_life_days = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.kind_weights["help"] = 9.0  # type: ignore[index]


def test_kind_weights_rescale_recorded_weights():
    rows = interaction_rows(
        [
            {"a": 1, "b": 2, "kind": "help", "weight": 2.0, "on": date(2025, 5, 1)},
            {
                "a": 1,
                "b": 2,
                "kind": "meeting",
                "weight": 1.0,
                "on": date(2025, 5, 1),
                "purpose": "outside",
            },
        ]
    )
    tables = NetworkTables.build(interactions=rows)
    year = Period.year(2025)
    assert orientation(tables, year).network_share == pytest.approx(2 / 3)
    doubled = MetricSettings(kind_weights={"help": 4.0})  # help now counts 4 instead of 2
    assert orientation(tables, year, doubled).network_weight == 4.0
    assert orientation(tables, year, doubled).network_share == pytest.approx(4 / 5)
