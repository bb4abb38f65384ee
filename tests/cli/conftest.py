"""Fixtures of the command-line tests: installations of their own (see installations.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .installations import Installation, fresh_installation


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    with fresh_installation(tmp_path / "home") as made:
        yield made


@pytest.fixture
def other_installation(tmp_path: Path) -> Iterator[Installation]:
    with fresh_installation(tmp_path / "other-home") as made:
        yield made
