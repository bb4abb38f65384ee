"""Fixtures of the generator tests: no Django settings, no database."""

from __future__ import annotations

from datetime import date

import pytest

from netweave.synth import SynthConfig, SyntheticNetwork, generate

UNTIL = date(2026, 6, 30)


@pytest.fixture(scope="session")
def demo_config() -> SynthConfig:
    """The size of the demo: 150 members over three years."""
    return SynthConfig(members=150, until=UNTIL, seed=11)


@pytest.fixture(scope="session")
def demo(demo_config: SynthConfig) -> SyntheticNetwork:
    return generate(demo_config)


@pytest.fixture(scope="session")
def larger() -> SyntheticNetwork:
    """600 members: large enough for stable shares, small enough for NetworkX."""
    return generate(SynthConfig(members=600, until=UNTIL, seed=5))
