"""What the steward dashboard shows, computed from :func:`netweave.insights.analyse`.

Three analyses of the same length (the last 12 months up to today, the same window 30 days
earlier and the 12 months before that) give every figure "now", "30 days ago" and "a year
ago". The figures are those the annual report prints: "the year in numbers" through
:func:`~netweave.insights.compare` and :func:`~netweave.reports.sections.numbers.number_figure`, the
health section through :data:`~netweave.reports.sections.health.HEALTH_FIGURES`. The lists (cooling
ties, members without a tie, one-sided givers and takers) are rows of the current analysis,
cut to the first few; nothing here computes a metric of its own.

The result is a :class:`DashboardFigures`, stored as JSON in the network's
:class:`~netweave.dashboard.models.HealthSnapshot` (people by id: names are looked up when the
page is shown, so a renamed or erased person is never shown as they were).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from netweave.insights import (
    MetricSettings,
    NetworkInsights,
    NetworkTables,
    Period,
    analyse,
    compare,
)
from netweave.reports.sections.health import HEALTH_FIGURES

WINDOW_DAYS = 365
"""Length of the period the figures describe: a rolling year, like the report's calendar year."""
MONTH_DAYS = 30
SHOWN = 10
"""Rows kept for each list (the page says how many there are in all)."""
NUMBERS = (
    "members",
    "organisations",
    "interactions",
    "new_ties",
    "lapsed_ties",
    "introductions_made",
    "introductions_met",
    "routines_held",
)
"""Figures of the report's "year in numbers" the dashboard shows (warm ties at year end reads
oddly for a rolling year; the cooling list says it better)."""


@dataclass(frozen=True)
class Values:
    """One figure now, 30 days ago and a year ago (a rolling year ending on each day)."""

    now: float | None
    month_ago: float | None
    year_ago: float | None


@dataclass(frozen=True)
class Tie:
    a: int
    b: int
    last_contact: date
    silent_days: int


@dataclass(frozen=True)
class Balance:
    person_id: int
    given: int
    received: int
    balance: float


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows that comes from an analysis (see the module docstring)."""

    start: date
    end: date
    numbers: dict[str, Values]
    health: dict[str, Values]
    warm_ties: int
    cooling_total: int
    cooling: list[Tie]
    unconnected_total: int
    unconnected: list[int]
    givers: list[Balance]
    takers: list[Balance]

    def people(self) -> set[int]:
        """Every person id the lists name."""
        ids = {tie.a for tie in self.cooling} | {tie.b for tie in self.cooling}
        ids |= set(self.unconnected)
        ids |= {row.person_id for row in (*self.givers, *self.takers)}
        return ids

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        for tie in data["cooling"]:
            tie["last_contact"] = tie["last_contact"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DashboardFigures:
        return cls(
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]),
            numbers={k: Values(**v) for k, v in data["numbers"].items()},
            health={k: Values(**v) for k, v in data["health"].items()},
            warm_ties=data["warm_ties"],
            cooling_total=data["cooling_total"],
            cooling=[
                Tie(**{**t, "last_contact": date.fromisoformat(t["last_contact"])})
                for t in data["cooling"]
            ],
            unconnected_total=data["unconnected_total"],
            unconnected=list(data["unconnected"]),
            givers=[Balance(**row) for row in data["givers"]],
            takers=[Balance(**row) for row in data["takers"]],
        )


def periods(today: date) -> tuple[Period, Period, Period]:
    """The rolling year up to ``today``, the same 30 days earlier, and the year before it."""
    now = Period(today - timedelta(days=WINDOW_DAYS - 1), today)
    shift = timedelta(days=MONTH_DAYS)
    return now, Period(now.start - shift, now.end - shift), now.previous()


type Analyser = Callable[[NetworkTables, Period, MetricSettings], NetworkInsights]


def dashboard_figures(
    tables: NetworkTables,
    settings: MetricSettings,
    today: date,
    analyse_past: Analyser | None = None,
) -> DashboardFigures:
    """Analyse the three periods of :func:`periods` and keep what the dashboard shows.

    The two earlier periods are analysed on :func:`as_known_at_end` of each (what they show
    cannot depend on a later interaction), by ``analyse_past`` when given: a
    :class:`PastAnalyses` that remembers them, so that a refresh after a write that cannot
    change them (logging today's meeting) analyses only the current year.
    """
    current, month_period, year_period = periods(today)
    past = analyse_past or analyse
    now = analyse(tables, current, settings)
    month_ago = past(as_known_at_end(tables, month_period), month_period, settings)
    year_ago = past(as_known_at_end(tables, year_period), year_period, settings)
    return DashboardFigures(
        start=now.period.start,
        end=now.period.end,
        numbers=_numbers(now, month_ago, year_ago),
        health={
            spec.name: Values(spec.read(now), spec.read(month_ago), spec.read(year_ago))
            for spec in HEALTH_FIGURES
        },
        warm_ties=now.warmth.warm,
        cooling_total=now.warmth.cooling,
        cooling=_cooling(now),
        unconnected_total=_unconnected(tables, now).height,
        unconnected=[int(p) for p in _unconnected(tables, now)["person_id"].head(SHOWN)],
        givers=_one_sided(now, givers=True),
        takers=_one_sided(now, givers=False),
    )


def as_known_at_end(tables: NetworkTables, period: Period) -> NetworkTables:
    """``tables`` without the interactions after ``period`` (an analysis of the period reads
    none of them: ``tests/dashboard`` checks the figures are the same)."""
    return replace(tables, interactions=tables.interactions.filter(pl.col("on") <= period.end))


class PastAnalyses:
    """Analyses of earlier periods, remembered by a digest of everything they read.

    An analysis is a pure function of its tables, period and settings, so a remembered one is
    reused only when all three are the same, row for row: nothing is invalidated by hand, and
    a write that changes a past period (an interaction logged with an old date, an edited
    member) gives another digest and a new analysis. Computing the digest of a 10,000-member
    network's tables takes a few hundredths of a second; an analysis, over a second of CPU.
    Kept in the process (the worker that refreshes the dashboards), at most :attr:`size`.
    """

    def __init__(self, size: int = 6) -> None:
        self.size = size
        self._kept: OrderedDict[bytes, NetworkInsights] = OrderedDict()
        self._lock = threading.Lock()
        self.reused = 0

    def __call__(
        self, tables: NetworkTables, period: Period, settings: MetricSettings
    ) -> NetworkInsights:
        key = _digest(tables, period, settings)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                self.reused += 1
                return kept
        made = analyse(tables, period, settings)
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


def _digest(tables: NetworkTables, period: Period, settings: MetricSettings) -> bytes:
    """A digest of the rows of every table, with the period and the settings. The rows' order
    is left out (a database returns them in no particular order, and an analysis does not
    depend on it)."""
    digest = hashlib.blake2b(repr((period, settings)).encode(), digest_size=32)
    for field in fields(tables):
        frame: pl.DataFrame = getattr(tables, field.name)
        digest.update(repr((field.name, frame.schema, frame.height)).encode())
        if frame.height:
            digest.update(np.sort(frame.hash_rows(seed=0).to_numpy()).tobytes())
    return digest.digest()


def _numbers(
    now: NetworkInsights, month_ago: NetworkInsights, year_ago: NetworkInsights
) -> dict[str, Values]:
    """The report's headline rows of :func:`compare`, against each earlier period."""
    since_month = _rows(compare(now, month_ago).figures)
    since_year = _rows(compare(now, year_ago).figures)
    return {
        name: Values(
            since_month[name]["current"],
            since_month[name]["previous"],
            since_year[name]["previous"],
        )
        for name in NUMBERS
    }


def _rows(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    return {row["figure"]: row for row in frame.iter_rows(named=True)}


def _cooling(now: NetworkInsights) -> list[Tie]:
    """Cooling ties, those that were warmest first: the ones most worth a call."""
    rows = (
        now.warmth.ties.filter(pl.col("state") == "cooling")
        .sort(["peak", "a", "b"], descending=[True, False, False])
        .head(SHOWN)
    )
    return [
        Tie(row["a"], row["b"], row["last_contact"], row["silent_days"])
        for row in rows.iter_rows(named=True)
    ]


def _unconnected(tables: NetworkTables, now: NetworkInsights) -> pl.DataFrame:
    """Members today who never had a tie (no interaction with anyone), newest first."""
    end = now.period.end
    ties = now.warmth.ties
    connected = pl.concat([ties.select(person_id="a"), ties.select(person_id="b")]).unique()
    members = tables.members.filter(
        (pl.col("joined").is_null() | (pl.col("joined") <= end))
        & (pl.col("left").is_null() | (pl.col("left") > end))
    )
    return members.join(connected, on="person_id", how="anti").sort(
        ["joined", "person_id"], descending=[True, False], nulls_last=True
    )


def _one_sided(now: NetworkInsights, *, givers: bool) -> list[Balance]:
    """The members insights flags as imbalanced, most one-sided first (then most volume)."""
    flagged = now.reciprocity.members.filter(
        pl.col("imbalanced") & ((pl.col("balance") > 0.5) == givers)
    ).with_columns((pl.col("given") + pl.col("received")).alias("volume"))
    rows = flagged.sort(["balance", "volume", "person_id"], descending=[givers, True, False]).head(
        SHOWN
    )
    return [
        Balance(row["person_id"], row["given"], row["received"], row["balance"])
        for row in rows.iter_rows(named=True)
    ]
