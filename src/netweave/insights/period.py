"""Reporting periods: an inclusive range of calendar days.

A :class:`Period` is the unit every metric is computed over: ``Period.year(2025)`` is the
calendar year of a network annual report, and :meth:`Period.previous` gives the period it is
compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Period"]


@dataclass(frozen=True, order=True)
class Period:
    """The days from ``start`` to ``end``, both inclusive.

    Parameters
    ----------
    start, end : date
        First and last day of the period; ``start <= end``.

    Examples
    --------
    >>> Period.year(2025).previous()
    Period(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    """

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def is_calendar_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts.

        A calendar year gives the previous calendar year (so 2025 → 2024 even though 2024 has
        366 days).
        """
        if self.is_calendar_year:
            return Period.year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def __str__(self) -> str:
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"
