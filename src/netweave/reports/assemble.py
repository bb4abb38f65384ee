"""Turn insights into an :class:`~netweave.reports.document.AnnualReport`.

Every number comes from :func:`netweave.insights.analyse` for the report year and the year
before, and every direction from :func:`~netweave.insights.compare`'s rule. Each chapter is one
module of :mod:`netweave.reports.sections` that reads a
:class:`~netweave.reports.sections.context.ReportContext` and returns a frozen section; this
module runs the analyses, builds the context and puts the chapters together.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _

from netweave.collector import collector_paused
from netweave.governance.parameters import settings_in_words
from netweave.insights import (
    MetricSettings,
    NetworkTables,
    Period,
    analyse_with_previous,
    compare,
)
from netweave.insights.layout import map_layout
from netweave.progress import ProgressCallback, no_progress
from netweave.reports.document import AnnualReport, Audience, ReportSources, Section
from netweave.reports.naming import Namer
from netweave.reports.sections.context import ReportContext, sector_label
from netweave.reports.sections.health import health_section
from netweave.reports.sections.initiatives import initiatives_section
from netweave.reports.sections.introductions import introductions_section
from netweave.reports.sections.network_map import map_section
from netweave.reports.sections.numbers import HEADLINE_LABELS, numbers_section
from netweave.reports.sections.organisations import contributions_sections
from netweave.reports.sections.recommendations import recommendations
from netweave.reports.sections.routines import routines_section
from netweave.reports.sections.summary import summary_section
from netweave.reports.sections.tie_flow import tie_flow_section

__all__ = ["report_assemble"]


def report_assemble(
    *,
    tables: NetworkTables,
    sources: ReportSources,
    year: int,
    language: str,
    audience: Audience = Audience.NETWORK,
    generated_on: date,
    progress: ProgressCallback = no_progress,
    map_positions: pl.DataFrame | None = None,
) -> AnnualReport:
    """The annual report of ``year`` in ``language`` for ``audience``.

    ``map_positions`` (DataFrame[person_id, x, y]) is the stored layout of the year, so the
    report's map shows people where the web map does; without it the layout is computed here.
    """
    settings = MetricSettings.from_mapping(sources.metric_settings)
    period = Period.year_up_to(year, generated_on)
    progress("analyse", 0, 2)
    # The year before is read for its headline figures only: its brokerage (in no headline
    # figure) is never computed. The two share the sorted interactions and warmth moments.
    current, previous = analyse_with_previous(tables, period, settings)
    progress("analyse", 2, 2)
    if map_positions is None:
        map_positions = map_layout(current.graph, seed=settings.seed).positions
    with translation.override(language):
        organisations = dict(tables.organisations.select("organisation_id", "name").iter_rows())
        ctx = ReportContext(
            tables=tables,
            sources=sources,
            current=current,
            previous=previous,
            comparison=compare(current, previous),
            language=language,
            namer=Namer(sources, organisations, audience),
            organisations=organisations,
            sectors=dict(tables.organisations.select("organisation_id", "sector").iter_rows()),
            organisation_of=dict(tables.members.select("person_id", "organisation_id").iter_rows()),
        )
        # The chapters make about 100,000 small objects (a figure per cell of the organisation
        # and member tables: frozen dataclasses of strings, numbers and tuples, in no cycle), for
        # which the collector walked the whole process twice: 0.20 of 0.51 CPU s of the
        # chapters at 10,000 members.
        with collector_paused():
            return _assemble(ctx, audience, generated_on, progress, map_positions)


def _assemble(
    ctx: ReportContext,
    audience: Audience,
    generated_on: date,
    progress: ProgressCallback,
    map_positions: pl.DataFrame,
) -> AnnualReport:
    steps = 6
    progress("assemble", 0, steps)
    summary = summary_section(
        ctx.current,
        ctx.comparison,
        organisation_names=ctx.organisations,
        label=lambda name: HEADLINE_LABELS[name](),
        compared=tuple(HEADLINE_LABELS),
    )
    organisations, members = contributions_sections(ctx)
    progress("assemble", 1, steps)
    health = health_section(ctx)
    progress("assemble", 2, steps)
    network_map = map_section(ctx, map_positions)
    progress("assemble", 3, steps)
    routines = routines_section(ctx)
    progress("assemble", 4, steps)
    introductions = introductions_section(ctx)
    initiatives = initiatives_section(ctx)
    progress("assemble", 5, steps)
    advice = recommendations(
        current=ctx.current,
        previous=ctx.previous,
        organisations=ctx.organisations,
        routine_names=dict(ctx.sources.routines.select("routine_id", "name").iter_rows()),
        sector_label=sector_label,
        theme_label=ctx.theme_label,
    )
    progress("assemble", 6, steps)
    return AnnualReport(
        network=ctx.sources.name,
        slug=ctx.sources.slug,
        year=ctx.current.period.start.year,
        previous_year=ctx.previous.period.start.year,
        language=ctx.language,
        audience=audience,
        generated_on=generated_on,
        up_to=None if ctx.current.period.is_calendar_year else ctx.current.period.end,
        purpose=ctx.sources.purpose,
        values=ctx.sources.values,
        rules=ctx.sources.rules,
        settings=settings_in_words(ctx.current.settings),
        contents=_contents(),
        summary=summary,
        numbers=numbers_section(ctx.comparison),
        flow=tie_flow_section(ctx.current.flow),
        organisations=organisations,
        members=members,
        map=network_map,
        health=health,
        routines=routines,
        introductions=introductions,
        initiatives=initiatives,
        recommendations=advice,
    )


def _contents() -> tuple[Section, ...]:
    return (
        Section("summary", _("The year in short")),
        Section("numbers", _("The year in numbers")),
        Section("map", _("The network map")),
        Section("organisations", _("What each organisation did for the others")),
        Section("health", _("Health of the network")),
        Section("routines", _("Routines")),
        Section("introductions", _("Introductions")),
        Section("initiatives", _("Initiative radar")),
        Section("recommendations", _("Recommendations for next year")),
        Section("members", _("Appendix: what each member did")),
        Section("about", _("About this report")),
    )
