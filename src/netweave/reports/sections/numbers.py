"""The year in numbers: the headline figures of :func:`netweave.insights.compare`, labelled.

Which way is better (or which value is the target) is read from :mod:`netweave.insights`, so an
arrow here means what the comparison says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netweave.insights import HIGHER_IS_BETTER, TARGETS, Comparison
from netweave.reports.document import Figure

__all__ = ["HEADLINE_LABELS", "NumbersSection", "number_figure", "numbers_section"]

HEADLINE_LABELS: dict[str, Callable[[], str]] = {
    "members": lambda: _("Members"),
    "organisations": lambda: _("Organisations"),
    "interactions": lambda: _("Interactions"),
    "warm_ties": lambda: _("Warm ties at year end"),
    # Pairs with any contact, warm or not (netweave.insights.renewal): said in the label, so they
    # are not read against the warm ties of the tie flow printed under them.
    "new_ties": lambda: _("New ties (contact this year, not the year before)"),
    "kept_ties": lambda: _("Kept ties (contact in both years)"),
    "lapsed_ties": lambda: _("Lapsed ties (contact the year before, not this year)"),
    "introductions_made": lambda: _("Introductions made"),
    "introductions_met": lambda: _("Introductions that met"),
    "routines_held": lambda: _("Routine meetings held"),
}


@dataclass(frozen=True)
class NumbersSection:
    figures: tuple[Figure, ...]


def numbers_section(comparison: Comparison) -> NumbersSection:
    rows = {row["figure"]: row for row in comparison.figures.iter_rows(named=True)}
    figures = tuple(
        number_figure(name, rows[name]["current"], rows[name]["previous"])
        for name in HEADLINE_LABELS
    )
    period = comparison.current
    if not period.is_calendar_year:
        # A year not over yet has no year end: its warm ties are those of its last day (and
        # the year before's, of the same day).
        day = _("Warm ties on %(day)s") % {"day": date_format(period.end, "j F")}
        figures = tuple(replace(f, label=day) if f.name == "warm_ties" else f for f in figures)
    return NumbersSection(figures)


def number_figure(name: str, current: float, previous: float | None) -> Figure:
    """Figure ``name`` of "the year in numbers" (a row of :func:`compare`), labelled and rounded
    as the report prints it; the steward's dashboard shows its numbers through this too."""
    return Figure(
        name=name,
        label=HEADLINE_LABELS[name](),
        current=round(current),
        previous=None if previous is None else round(previous),
        higher_is_better=HIGHER_IS_BETTER[name],
        target=TARGETS.get(name),
    )
