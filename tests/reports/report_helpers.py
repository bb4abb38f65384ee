"""Constants shared by the report tests (a module, not conftest, so tests can import them)."""

from __future__ import annotations

from datetime import date

YEAR = 2025
TODAY = date(2026, 6, 30)
PASSWORD = "report-test-pw-123"
