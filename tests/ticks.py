"""``netweave tick`` for tests: the tick only logs a job that raises and goes on, so a test that
ignored its result would pass on a round that was never paired or a mail that was never sent."""

from __future__ import annotations

from datetime import datetime

from netweave import tick
from netweave.tick import TickResult


def tick_at(now: datetime) -> TickResult:
    """Run the tick for moment ``now``; fail the test if it could not run or any job raised."""
    result = tick.tick(now)
    assert result.ran, "another tick held the lock"
    assert not result.failed, f"tick jobs raised (their tracebacks are in the log): {result.failed}"
    return result
