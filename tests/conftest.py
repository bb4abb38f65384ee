"""Fixtures shared by the Django tests. The pure-library tests (insights, synth) need none."""

from __future__ import annotations

from datetime import date

import pytest

from netweave import synth

DEMO_UNTIL = date(2026, 6, 30)


@pytest.fixture(scope="session")
def small_synthetic() -> synth.SyntheticNetwork:
    """A small generated network, made once per test session (generation is deterministic)."""
    return synth.generate(synth.SynthConfig(members=60, years=3, until=DEMO_UNTIL, seed=7))
