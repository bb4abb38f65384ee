"""The annual report as typed data: what :mod:`assemble` builds and the templates render.

Nothing here computes a metric. Every number in an :class:`AnnualReport` was taken from a
:class:`netweave.insights.NetworkInsights` (or, for the few things insights does not cover —
initiative stages, names, the charter — from :class:`ReportSources`), so a test can compare the
rendered report with ``analyse()`` figure by figure: each :class:`Figure` is rendered with
``data-figure="<name>"`` and ``data-value="<raw value>"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import polars as pl

from netweave.governance.parameters import SettingInWords
from netweave.insights.change import Direction, change_direction

if TYPE_CHECKING:
    from netweave.reports.sections.health import HealthSection
    from netweave.reports.sections.initiatives import InitiativesSection
    from netweave.reports.sections.introductions import IntroductionsSection
    from netweave.reports.sections.network_map import MapSection
    from netweave.reports.sections.numbers import NumbersSection
    from netweave.reports.sections.organisations import MembersSection, OrganisationsSection
    from netweave.reports.sections.routines import RoutinesSection
    from netweave.reports.sections.summary import SummarySection
    from netweave.reports.sections.tie_flow import TieFlowSection

ROUTINE_SCHEMA = pl.Schema(
    {
        "routine_id": pl.Int64,
        "name": pl.String,
        "format": pl.String,
        "cadence": pl.String,
        "steward_id": pl.Int64,
    }
)
REFLECTION_SCHEMA = pl.Schema(
    {
        "routine_id": pl.Int64,
        "on": pl.Date,
        "text": pl.String,
        "language": pl.String,
    }
)
INITIATIVE_SCHEMA = pl.Schema(
    {
        "initiative_id": pl.Int64,
        "name": pl.String,
        "stage": pl.String,
        "owner_id": pl.Int64,
        "started_on": pl.Date,
        "partner_found_on": pl.Date,
    }
)
STAGE_CHANGE_SCHEMA = pl.Schema(
    {
        "initiative_id": pl.Int64,
        "stage": pl.String,
        "changed_on": pl.Date,
    }
)
PEOPLE_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64,
        "name": pl.String,
        "organisation_id": pl.Int64,
        "consents": pl.Boolean,
        "role": pl.String,
    }
)


class Audience(StrEnum):
    """Who a report is for, which decides who may be named in it.

    - ``stewards``: everyone is named; only stewards may download it.
    - ``network``: people are named unless ``Person.consents_to_reports`` is false; members and
      sponsors may download it. This is the default.
    - ``public``: nobody is named (``--pseudonymise``): people become role and organisation.
    """

    STEWARDS = "stewards"
    NETWORK = "network"
    PUBLIC = "public"


def is_named(audience: Audience, consents: bool) -> bool:
    """The naming rule of reports and pages: is a person who ``consents`` (or not) named for
    ``audience``? Otherwise they are shown by role and organisation."""
    if audience is Audience.PUBLIC:
        return False
    return audience is Audience.STEWARDS or consents


@dataclass(frozen=True)
class ReportSources:
    """What the report needs besides the insights tables (read by ``selectors.report_sources``).

    ``people``: DataFrame[person_id, name, organisation_id, consents, role] (role ∈ steward,
    member, sponsor); ``routines``: DataFrame[routine_id, name, format, cadence, steward_id];
    ``reflections``: DataFrame[routine_id, on, text, language]; ``initiatives``:
    DataFrame[initiative_id, name, stage, owner_id, started_on, partner_found_on] (``stage``
    as it is now); ``stage_changes``: DataFrame[initiative_id, stage, changed_on], each
    initiative's stage history; ``themes``: slug → {"en": name, "nl": name}.
    """

    name: str
    slug: str
    purpose: str = ""
    values: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    people: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PEOPLE_SCHEMA))
    routines: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ROUTINE_SCHEMA))
    reflections: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=REFLECTION_SCHEMA)
    )
    initiatives: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=INITIATIVE_SCHEMA)
    )
    stage_changes: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=STAGE_CHANGE_SCHEMA)
    )
    themes: dict[str, dict[str, str]] = field(default_factory=dict)
    metric_settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """One number with its value last year and which way is better.

    ``name`` is stable (it is the ``data-figure`` attribute); ``label`` is translated.
    ``kind`` is ``"count"``, ``"share"`` (0–1, shown as a percentage) or ``"ratio"``.
    ``higher_is_better``: True, False, or None when neither direction is better; a figure
    with a ``target`` is better the closer it gets to the target.
    """

    name: str
    label: str
    current: float | None
    previous: float | None = None
    kind: str = "count"
    higher_is_better: bool | None = True
    explanation: str = ""
    target: float | None = None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def direction(self) -> Direction:
        """Which way the figure moved, by the one rule in :mod:`netweave.insights.change`."""
        return change_direction(
            self.current, self.previous, higher_is_better=self.higher_is_better, target=self.target
        )


@dataclass(frozen=True)
class Row:
    """A row of a per-organisation or per-member table; ``key`` prefixes its figure names."""

    key: str
    label: str
    sector: str | None
    organisation: str
    figures: tuple[Figure, ...]
    sentence: str = ""


@dataclass(frozen=True)
class MatrixCell:
    row: str
    column: str
    current: int
    previous: int


@dataclass(frozen=True)
class ThemeTriangle:
    theme: str
    label: str
    knowledge: int
    business: int
    government: int
    present: bool
    connected: bool
    connections: tuple[int, int, int]


@dataclass(frozen=True)
class Person:
    label: str
    organisation: str
    sector: str | None
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class RoutineRow:
    key: str
    name: str
    format: str
    cadence: str
    steward: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class ReflectionItem:
    routine: str
    on: date
    text: str


@dataclass(frozen=True)
class InitiativeItem:
    name: str
    stage: str
    owner: str
    partner_found_on: date


@dataclass(frozen=True)
class Recommendation:
    """Advice for next year with the rule that produced it and the figures it rests on."""

    code: str
    title: str
    text: str
    rule: str
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Section:
    """An entry of the table of contents."""

    anchor: str
    title: str


@dataclass(frozen=True)
class AnnualReport:
    """The whole network annual report of one year, in one language, for one audience: the
    cover's facts and one frozen section object per chapter (:mod:`netweave.reports.sections`)."""

    network: str
    slug: str
    year: int
    previous_year: int
    language: str
    audience: Audience
    generated_on: date
    up_to: date | None
    """Last day counted when the year was still running (compared with the same days of the
    year before); None for a whole year."""
    purpose: str
    values: tuple[str, ...]
    rules: tuple[str, ...]
    settings: tuple[SettingInWords, ...]
    contents: tuple[Section, ...]
    summary: SummarySection
    numbers: NumbersSection
    flow: TieFlowSection
    organisations: OrganisationsSection
    members: MembersSection
    map: MapSection
    health: HealthSection
    routines: RoutinesSection
    introductions: IntroductionsSection
    initiatives: InitiativesSection
    recommendations: tuple[Recommendation, ...]
