"""Routines (held / planned, attendance trend, ties born) and the introduction funnel."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from insights_helpers import interaction_rows

from netweave.insights import NetworkTables, Period, introductions, routines

YEAR = Period.year(2025)


@pytest.fixture
def routine_tables() -> NetworkTables:
    occurrences = pl.DataFrame(
        {
            "occurrence_id": [1, 2, 3, 4, 5, 6],
            "routine_id": [1, 1, 1, 1, 1, 2],
            "on": [
                date(2025, 1, 10),
                date(2025, 2, 10),
                date(2025, 3, 10),
                date(2025, 4, 10),
                date(2024, 12, 10),
                date(2025, 6, 1),
            ],
            "held": [True, True, False, True, True, True],
        }
    )
    attendance = {1: [1, 2, 3], 2: [1, 2, 3, 4, 5], 3: [1], 4: [1, 2, 3, 4], 5: [1, 2], 6: [8, 9]}
    attendance_frame = pl.DataFrame(
        [{"occurrence_id": o, "person_id": p} for o, people in attendance.items() for p in people]
    )
    rows = [
        {"a": 4, "b": 5, "on": date(2025, 2, 10), "source": "routine"},  # born at routine 1
        {"a": 1, "b": 2, "on": date(2024, 12, 10), "source": "logged"},  # older tie
        {"a": 1, "b": 2, "on": date(2025, 2, 10), "source": "routine"},
        {"a": 4, "b": 3, "on": date(2025, 4, 10), "source": "routine"},  # born at routine 1
        {"a": 4, "b": 3, "on": date(2025, 4, 10), "source": "logged"},
        {"a": 1, "b": 5, "on": date(2025, 2, 10), "source": "logged"},  # not at a routine
        {"a": 6, "b": 7, "on": date(2025, 5, 1), "source": "routine"},  # no attendance list
    ]
    return NetworkTables.build(
        occurrences=occurrences, attendance=attendance_frame, interactions=interaction_rows(rows)
    )


def test_routine_health(routine_tables):
    result = routines(routine_tables, YEAR)
    one = result.routines.filter(pl.col("routine_id") == 1).row(0, named=True)
    assert (one["planned"], one["held"]) == (4, 3)
    assert one["held_share"] == 0.75
    assert one["mean_attendance"] == pytest.approx((3 + 5 + 4) / 3)
    # x = 0, 1, 2; y = 3, 5, 4: slope = Σ(x−1)(y−4) / Σ(x−1)² = (1 + 0 + 0) / 2.
    assert one["attendance_trend"] == pytest.approx(0.5)
    assert one["new_ties"] == 2
    two = result.routines.filter(pl.col("routine_id") == 2).row(0, named=True)
    assert (two["planned"], two["held"], two["mean_attendance"]) == (1, 1, 2.0)
    assert two["attendance_trend"] is None
    assert two["new_ties"] == 0
    assert (result.planned, result.held) == (5, 4)
    assert result.held_share == pytest.approx(4 / 5)
    assert result.new_ties_at_routines == 3


def test_introduction_funnel():
    statuses = ["suggested", "accepted", "met", "followed_up", "declined", "met", "met"]
    introducers = [100, 100, 100, 100, 200, 200, 300]
    suggested = [date(2025, 3, 1)] * 6 + [date(2024, 3, 1)]
    frame = pl.DataFrame(
        {
            "introduction_id": range(1, 8),
            "introducer_id": introducers,
            "a": [1] * 7,
            "b": [2] * 7,
            "suggested_on": suggested,
            "status": statuses,
            "met_on": [None, None, date(2025, 4, 1), date(2025, 4, 1), None, None, None],
        }
    )
    result = introductions(NetworkTables.build(introductions=frame), YEAR)
    assert (result.suggested, result.accepted, result.met) == (6, 4, 3)
    assert (result.followed_up, result.declined) == (1, 1)
    rows = {r["introducer_id"]: r for r in result.introducers.to_dicts()}
    assert set(rows) == {100, 200}
    assert (rows[100]["made"], rows[100]["accepted"], rows[100]["met"]) == (4, 3, 2)
    assert rows[100]["followed_up"] == 1
    assert (rows[200]["made"], rows[200]["accepted"], rows[200]["met"]) == (2, 1, 1)
    assert result.introducers["introducer_id"].to_list() == [100, 200]
