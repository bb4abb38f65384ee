"""What every chapter reads: the two analyses, their comparison, the sources and the namer.

Built once per report by :func:`netweave.reports.assemble.report_assemble` (inside the report's
language) and handed to each chapter's function; it holds no figure of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from netweave.insights import Comparison, NetworkInsights, NetworkTables
from netweave.networks.models import Sector
from netweave.reports.document import Figure, Person, ReportSources
from netweave.reports.naming import Namer

__all__ = ["ReportContext", "choice_label", "most_active", "sector_label"]


def most_active[T](
    rows: tuple[T, ...], limit: int, activity: Callable[[T], float]
) -> tuple[T, ...]:
    """The ``limit`` rows of most ``activity`` (the earlier row first among equals), in the
    order of ``rows``: what the printed edition lists of a long table."""
    if len(rows) <= limit:
        return rows
    ranked = sorted(range(len(rows)), key=lambda index: -activity(rows[index]))
    return tuple(rows[index] for index in sorted(ranked[:limit]))


def sector_label(sector: str | None) -> str:
    if sector is None:
        return _("No sector")
    try:
        return str(Sector(sector).label)
    except ValueError:
        return sector


def choice_label(choices: type[TextChoices], value: str | None) -> str:
    """The translated label of ``value`` among ``choices`` (a value no longer among them as is)."""
    if value is None:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class ReportContext:
    tables: NetworkTables
    sources: ReportSources
    current: NetworkInsights
    previous: NetworkInsights
    comparison: Comparison
    language: str
    namer: Namer
    organisations: dict[int, str]
    sectors: dict[int, str]
    organisation_of: dict[int, int]
    """person_id → organisation_id of every member of the network."""

    def theme_label(self, slug: str) -> str:
        names = self.sources.themes.get(slug)
        if names:
            return names.get(self.language) or names.get("en") or slug
        return slug.replace("_", " ").capitalize()

    def person(self, person_id: int, figures: tuple[Figure, ...]) -> Person:
        """A person named in a chapter's table: label, organisation (unless it would name an
        unnamed person: :meth:`Namer.organisation_shown`) and sector."""
        shown = self.namer.organisation_shown(person_id)
        organisation_id = self.organisation_of.get(person_id) if shown else None
        return Person(
            label=self.namer(person_id),
            organisation=self.organisations.get(organisation_id, "") if organisation_id else "",
            sector=self.sectors.get(organisation_id) if organisation_id else None,
            figures=figures,
        )
