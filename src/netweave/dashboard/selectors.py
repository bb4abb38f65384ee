"""What the steward dashboard reads: the stored figures, and a few short live lists.

A fixed number of queries whatever the network's size: the snapshot, the names of the people
its lists mention (one query for all), and one or two bounded queries per live list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.db.models import Exists, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from netweave.dashboard.figures import Balance, DashboardFigures, Tie, Values
from netweave.dashboard.models import HealthSnapshot
from netweave.introductions.models import Introduction, Status
from netweave.ledger.models import Ask, Offer
from netweave.networks.actor import Actor
from netweave.networks.models import Network, Person, Theme, full_name
from netweave.reports.document import Figure
from netweave.reports.sections.health import HEALTH_FIGURES
from netweave.reports.sections.numbers import number_figure
from netweave.routines.models import Occurrence

LISTED = 8
"""Rows of each live list (asks, meetings, introductions)."""
PENDING = (Status.SUGGESTED, Status.SENT, Status.ACCEPTED)


@dataclass(frozen=True)
class Change:
    """A figure now against 30 days ago (``month``) and against a year ago (``year``): two
    report Figures with the same current value, so the page can show both changes."""

    month: Figure
    year: Figure


@dataclass(frozen=True)
class Counted[T]:
    rows: list[T]
    total: int


@dataclass(frozen=True)
class ListedPerson:
    """What the stored figures' lists print of a person: their name and organisation, read as
    three columns (no model instances: a dashboard lists about fifty people)."""

    pk: int
    name: str
    organisation: str | None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class NamedTie:
    a: ListedPerson | None  # None: erased since the figures were computed
    b: ListedPerson | None
    tie: Tie


@dataclass(frozen=True)
class NamedBalance:
    person: ListedPerson | None
    row: Balance


@dataclass(frozen=True)
class Snapshot:
    figures: DashboardFigures
    cooling: list[NamedTie]
    unconnected: list[ListedPerson]
    givers: list[NamedBalance]
    takers: list[NamedBalance]

    # Made when first read: a dashboard whose figures are rendered already (dashboard.fragments)
    # does not need them.
    @cached_property
    def numbers(self) -> list[Change]:
        return [_change(name, values) for name, values in self.figures.numbers.items()]

    @cached_property
    def health(self) -> list[Change]:
        return [
            Change(
                spec.figure(values.now, values.month_ago), spec.figure(values.now, values.year_ago)
            )
            for spec in HEALTH_FIGURES
            if (values := self.figures.health.get(spec.name)) is not None
        ]


@dataclass(frozen=True)
class Figures:
    """The stored part of the dashboard; ``snapshot`` is None until the first one is made."""

    snapshot: Snapshot | None
    as_of: date | None
    computed_at: datetime | None
    refreshing: bool


@dataclass(frozen=True)
class Dashboard:
    """The steward's dashboard: stored figures and live lists."""

    figures: Figures
    asks_without_offer: Counted[Ask]
    upcoming: list[Occurrence]
    introductions: Counted[Introduction]


def health_snapshot(network: Network) -> HealthSnapshot | None:
    return HealthSnapshot.objects.filter(network=network).first()


def steward_dashboard(actor: Actor, snapshot: HealthSnapshot | None) -> Dashboard:
    """The dashboard of ``actor``'s network from its stored ``snapshot`` (None: not yet made)."""
    network = actor.network
    return Dashboard(
        figures=dashboard_figures(actor, snapshot),
        asks_without_offer=asks_without_offer(network),
        upcoming=upcoming_meetings(network),
        introductions=pending_introductions(network),
    )


def dashboard_figures(actor: Actor, snapshot: HealthSnapshot | None) -> Figures:
    """The stored figures of ``actor``'s network and how fresh they are."""
    return Figures(
        snapshot=stored_figures(actor.network, snapshot),
        as_of=snapshot.as_of if snapshot else None,
        computed_at=snapshot.computed_at if snapshot else None,
        refreshing=bool(snapshot and snapshot.refresh_queued_at),
    )


def stored_figures(network: Network, snapshot: HealthSnapshot | None) -> Snapshot | None:
    """The figures of ``snapshot`` as report Figures, with the people its lists name."""
    if snapshot is None or not snapshot.content:
        return None
    figures = DashboardFigures.from_json(snapshot.content)
    people = {
        pk: ListedPerson(pk, full_name(first, last), organisation)
        for pk, first, last, organisation in Person.objects.filter(
            network=network, pk__in=figures.people()
        ).values_list("pk", "first_name", "last_name", "organisation__name")
    }
    return Snapshot(
        figures,
        cooling=[NamedTie(people.get(t.a), people.get(t.b), t) for t in figures.cooling],
        unconnected=[people[p] for p in figures.unconnected if p in people],
        givers=[NamedBalance(people.get(r.person_id), r) for r in figures.givers],
        takers=[NamedBalance(people.get(r.person_id), r) for r in figures.takers],
    )


def _change(name: str, values: Values) -> Change:
    now = values.now or 0.0
    return Change(
        number_figure(name, now, values.month_ago), number_figure(name, now, values.year_ago)
    )


def asks_without_offer(network: Network) -> Counted[Ask]:
    """Open asks on a theme no open offer covers (or with no theme), longest waiting first."""
    # The themes come first (a network has a handful; one indexed probe each), so that the
    # asks are then found by their theme's index rather than by scanning every open ask
    # against every open offer.
    open_offer = Offer.objects.filter(theme=OuterRef("pk"), network=network, closed_on__isnull=True)
    uncovered = list(
        Theme.objects.filter(network=network)
        .exclude(Exists(open_offer))
        .values_list("pk", flat=True)
    )
    asks: QuerySet[Ask] = Ask.objects.filter(
        Q(theme__isnull=True) | Q(theme__in=uncovered), network=network, closed_on__isnull=True
    )
    return _counted(asks.select_related("person", "theme").order_by("created_on", "pk"), asks)


def upcoming_meetings(network: Network) -> list[Occurrence]:
    """The next planned routine meetings, from today."""
    return list(
        Occurrence.objects.filter(routine__network=network, on__gte=timezone.localdate())
        .select_related("routine")
        .order_by("on", "pk")[:LISTED]
    )


def pending_introductions(network: Network) -> Counted[Introduction]:
    """Introductions suggested or accepted but not yet met, oldest first."""
    pending = Introduction.objects.filter(network=network, status__in=PENDING)
    order = ("suggested_on", "pk")
    # The first few are chosen on the introductions alone and only they are joined to their
    # people: joining first would join every pending introduction to sort them.
    first = pending.order_by(*order).values("pk")[:LISTED]
    rows = (
        Introduction.objects.filter(pk__in=first)
        .select_related("introducer", "person_a", "person_b")
        .order_by(*order)
    )
    return _counted(rows, pending)


class _CountOf(Subquery):
    """The number of rows of a query, as a scalar subquery (not correlated: run once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _counted[M: Model](rows: QuerySet[M], matching: QuerySet[M]) -> Counted[M]:
    """The first :data:`LISTED` of ``rows`` (some of ``matching``, in order) and how many
    ``matching`` has, in one query: each row carries the count (no row: none match)."""
    total = _CountOf(matching.order_by().values("pk"))
    counted = list(rows.annotate(matching_total=total)[:LISTED])
    return Counted(counted, counted[0].matching_total if counted else 0)  # type: ignore[attr-defined]
