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

    @classmethod
    def year_up_to(cls, year: int, day: date) -> Period:
        """The calendar year ``year`` as far as it has gone on ``day``: the whole year once
        ``day`` is past its end, else 1 January up to ``day`` (a report of the running year)."""
        last = date(year, 12, 31)
        return cls(date(year, 1, 1), min(last, max(day, date(year, 1, 1))))

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

    @property
    def is_year_to_date(self) -> bool:
        """Starts on 1 January and ends in the same year (a whole calendar year included)."""
        return (self.start.month, self.start.day) == (1, 1) and self.start.year == self.end.year

    def previous(self) -> Period:
        """The period this one is compared with.

        A calendar year gives the previous calendar year (so 2025 → 2024 even though 2024 has
        366 days); a year up to a day gives the same days of the year before (1 January – 30
        November 2026 → 1 January – 30 November 2025; 29 February → 28 February), so a running
        year is compared like with like. Any other period gives the period of the same length
        that ends the day before this one starts.
        """
        if self.is_calendar_year:
            return Period.year(self.start.year - 1)
        if self.is_year_to_date:
            year = self.start.year - 1
            return Period(date(year, 1, 1), _same_day_in(self.end, year))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def __str__(self) -> str:
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _same_day_in(day: date, year: int) -> date:
    """``day`` moved to ``year``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)
