"""Warmth: hand-worked values from W(t) = Σ w_i · 0.5^((t − t_i)/90), states, exact peaks."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from insights_helpers import interaction_rows

from netweave.insights import MetricSettings, NetworkTables, tie_warmth, warmth, warmths

AT = date(2025, 12, 31)


def met(a: int, b: int, days_ago: int, weight: float = 1.0) -> dict[str, object]:
    return {"a": a, "b": b, "on": AT - timedelta(days=days_ago), "weight": weight}


def one_tie(*rows: dict[str, object]) -> dict[str, object]:
    ties = tie_warmth(interaction_rows(rows), AT)
    assert ties.height == 1
    return ties.row(0, named=True)


def test_two_meetings_half_a_year_ago():
    tie = one_tie(met(1, 2, 180), met(2, 1, 180))
    assert (tie["a"], tie["b"]) == (1, 2)  # the pair is unordered
    assert tie["warmth"] == pytest.approx(2 * 0.5 ** (180 / 90))
    assert tie["warmth"] == pytest.approx(0.5)
    assert tie["peak"] == pytest.approx(2.0)  # right after the meetings, 180 days ago
    assert tie["silent_days"] == 180
    assert tie["last_contact"] == AT - timedelta(days=180)
    # 0.5 < 0.5 · 2, silent 180 ≥ 60 days and it was warm (2 ≥ 0.5) within the year: cooling.
    assert tie["state"] == "cooling"


def test_recent_joint_work_is_warm():
    tie = one_tie(met(1, 2, 30, weight=3.0))
    assert tie["warmth"] == pytest.approx(3 * 0.5 ** (30 / 90))  # 2.381
    assert tie["peak"] == pytest.approx(3.0)
    assert tie["state"] == "warm"


def test_old_event_is_cold_not_cooling():
    tie = one_tie(met(1, 2, 400, weight=0.5))
    assert tie["warmth"] == pytest.approx(0.5 * 0.5 ** (400 / 90))
    # Highest point within the window is its start, 365 days ago: 0.5 · 0.5^(35/90) < 0.5,
    # so it was never warm this year: nothing left to cool.
    assert tie["peak"] == pytest.approx(0.5 * 0.5 ** (35 / 90))
    assert tie["state"] == "cold"


def test_peak_at_window_start():
    tie = one_tie(met(1, 2, 400, weight=4.0), met(1, 2, 100, weight=0.1))
    at_start = 4 * 0.5 ** (35 / 90)  # 3.05
    later = 4 * 0.5 ** (300 / 90) + 0.1  # 0.497 right after the small contact
    assert at_start > later
    assert tie["peak"] == pytest.approx(at_start)
    assert tie["warmth"] == pytest.approx(4 * 0.5 ** (400 / 90) + 0.1 * 0.5 ** (100 / 90))
    assert tie["state"] == "cooling"


def test_recent_contact_prevents_cooling():
    tie = one_tie(met(1, 2, 300, weight=8.0), met(1, 2, 30, weight=0.1))
    expected = 8 * 0.5 ** (300 / 90) + 0.1 * 0.5 ** (30 / 90)  # 0.873, far below 0.5 · 8
    assert tie["warmth"] == pytest.approx(expected)
    assert tie["peak"] == pytest.approx(8.0)
    assert tie["silent_days"] == 30  # < 60: not cooling, and 0.873 ≥ 0.5: warm
    assert tie["state"] == "warm"


def test_later_interactions_are_ignored():
    tie = one_tie(met(1, 2, 90), met(1, 2, -10, weight=5.0))
    assert tie["warmth"] == pytest.approx(0.5)


def test_steward_settings_change_the_state():
    rows = interaction_rows([met(1, 2, 45)])
    default = tie_warmth(rows, AT).row(0, named=True)
    assert default["warmth"] == pytest.approx(0.5**0.5)
    assert default["state"] == "warm"
    strict = MetricSettings(warm_threshold=0.8)
    assert tie_warmth(rows, AT, strict).row(0, named=True)["state"] == "cold"
    fast = MetricSettings(half_life_days=15)
    assert tie_warmth(rows, AT, fast).row(0, named=True)["warmth"] == pytest.approx(0.125)


def test_counts_and_members():
    tables = NetworkTables.build(
        interactions=interaction_rows(
            [met(1, 2, 10), met(1, 3, 180), met(2, 1, 180), met(3, 1, 180), met(4, 5, 400, 0.5)]
        )
    )
    result = warmth(tables, AT)
    assert (result.warm, result.cooling, result.cold) == (1, 1, 1)
    member_one = result.members.filter(pl.col("person_id") == 1).row(0, named=True)
    assert (member_one["warm"], member_one["cooling"], member_one["cold"]) == (1, 1, 0)


def test_ancient_history_neither_overflows_nor_underflows():
    tie = one_tie(met(1, 2, 365 * 200, weight=1e6), met(1, 2, 1))
    assert np.isfinite(tie["warmth"]) and np.isfinite(tie["peak"])
    assert tie["warmth"] == pytest.approx(0.5 ** (1 / 90))


def naive(rows: list[tuple[int, float]], day: int, half_life: float = 90.0) -> float:
    """W at ``day`` (days relative to AT; interactions given as (day, weight))."""
    return sum(w * 0.5 ** ((day - t) / half_life) for t, w in rows if t <= day)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-900, 0), st.floats(0.1, 5.0)), min_size=1, max_size=12))
def test_warmth_and_peak_equal_a_day_by_day_evaluation(history):
    rows = interaction_rows(met(1, 2, -day, weight) for day, weight in history)
    tie = tie_warmth(rows, AT).row(0, named=True)
    assert tie["warmth"] == pytest.approx(naive(history, 0), rel=1e-12, abs=1e-15)
    # W decays between interactions, so checking every whole day of the window is exhaustive.
    peak = max(naive(history, day) for day in range(-365, 1))
    assert tie["peak"] == pytest.approx(peak, rel=1e-12, abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.integers(-900, 400), st.floats(0.1, 5.0)), max_size=20)
)
def test_several_moments_at_once_equal_each_moment_from_its_own_past(history):
    # warmths sums all moments in one pass over every interaction; interactions after a moment
    # must not change its figures in the last bit.
    rows = interaction_rows(met(1, b, -day, weight) for b, day, weight in history)
    moments = [AT + timedelta(days=d) for d in (0, 400, -365, -500)]
    together = warmths(NetworkTables.build(interactions=rows), moments)
    for at, result in zip(moments, together, strict=True):
        alone = tie_warmth(rows.filter(pl.col("on") <= at), at)
        assert result.ties.equals(alone)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-900, 0), st.floats(0.1, 5.0)), max_size=10),
    st.integers(-900, 0),
    st.floats(0.01, 5.0),
)
def test_adding_an_interaction_never_lowers_warmth(history, day, weight):
    before = tie_warmth(interaction_rows(met(1, 2, -d, w) for d, w in history), AT)
    after = tie_warmth(
        interaction_rows([*(met(1, 2, -d, w) for d, w in history), met(2, 1, -day, weight)]), AT
    )
    old = before["warmth"][0] if before.height else 0.0
    assert after["warmth"][0] >= old


@pytest.mark.parametrize("half_life", range(1, 366))
def test_one_meeting_stays_warm_for_exactly_one_half_life(half_life):
    # W = 0.5^(age/h) equals the warm threshold 0.5 exactly at age h; rounding (exp of a
    # logarithm) must not push that day below it, whatever whole half-life a steward picks.
    settings = MetricSettings(half_life_days=half_life)
    rows = interaction_rows([met(1, 2, 0)])
    on_the_day = tie_warmth(rows, AT + timedelta(days=half_life), settings)
    day_after = tie_warmth(rows, AT + timedelta(days=half_life + 1), settings)
    assert on_the_day["state"].item() == "warm"
    assert day_after["state"].item() != "warm"


def test_a_peak_exactly_at_the_threshold_was_warm_so_the_tie_is_cooling():
    # Four meetings' worth decayed by three half-lives: 4 · 0.5³ is 0.5 on paper and
    # 0.49999999999999994 in floating point. A year later that value is the year's peak (at
    # the window's start): the tie was warm within the year, so it is cooling, not cold.
    later = one_tie(met(1, 2, 365 + 3 * 90, weight=4.0))
    assert later["peak"] == pytest.approx(0.5)
    assert later["state"] == "cooling"
