"""Reads of the routines app, scoped to the actor's network.

Habit health comes from :func:`netweave.insights.routines.routines` on the network's tables —
the same figures the annual report prints, never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from netweave.insights.period import Period
from netweave.insights.routines import routines as routine_health
from netweave.networks.actor import Actor
from netweave.networks.models import Network, Person
from netweave.reports.selectors import routine_tables
from netweave.routines.models import (
    Attendance,
    CalendarFeed,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    Reflection,
    Routine,
)

HEALTH_DAYS = 365


def routines_for(actor: Actor, name: str = "", fmt: Format | None = None) -> QuerySet[Routine]:
    """The network's routines whose name holds ``name`` (of ``fmt``), with how many take part:
    those the actor takes part in first (``mine``), then running, paused and the most recently
    ended ones, each by name."""
    routines = Routine.objects.filter(network=actor.network)
    if name:
        routines = routines.filter(name__icontains=name)
    if fmt is not None:
        routines = routines.filter(format=fmt)
    mine = Participant.objects.filter(
        routine=OuterRef("pk"), person=actor.person, status=ParticipantStatus.ACTIVE
    )
    return (
        routines.select_related("steward")
        .annotate(
            taking_part=Count(
                "participants", filter=Q(participants__status=ParticipantStatus.ACTIVE)
            ),
            mine=Exists(mine) if actor.person is not None else Value(False),
        )
        .order_by("-mine", F("ended_on").desc(nulls_first=True), "paused", "name", "pk")
    )


def occurrences_of(routine: Routine) -> QuerySet[Occurrence]:
    """Newest first, with attendees, reflections and their counts (and, for a random-coffee
    round, how many people it paired)."""
    return (
        routine.occurrences.annotate(
            attending=Count("attendance", distinct=True), paired=Count("seats", distinct=True)
        )
        .prefetch_related(
            Prefetch("reflections", queryset=Reflection.objects.select_related("person")),
            "attendees",
        )
        .order_by("-on")
    )


def participants_of(routine: Routine) -> QuerySet[Participant]:
    """By name; the pk last, so that the pages of a paged list neither repeat nor skip one."""
    return routine.participants.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    )


def participation(actor: Actor, routine: Routine) -> Participant | None:
    if actor.person is None:
        return None
    return routine.participants.filter(person=actor.person).first()


@dataclass(frozen=True)
class Health:
    """A routine's habit health over ``period`` (figures of ``netweave.insights.routines``)."""

    period: Period
    planned: int
    held: int
    held_share: float
    mean_attendance: float
    attendance_trend: float | None
    new_ties: int

    @property
    def held_percent(self) -> int:
        return round(100 * self.held_share)


def health_of(routine: Routine) -> Health:
    today = timezone.localdate()
    period = Period(today - timedelta(days=HEALTH_DAYS - 1), today)
    # Only this routine's rows: the network's tables are a million interactions at 10,000 members.
    figures = routine_health(routine_tables(routine, period), period).routines
    row = figures.filter(figures["routine_id"] == routine.pk).to_dicts()
    if not row:
        return Health(period, 0, 0, 0.0, 0.0, None, 0)
    r = row[0]
    return Health(
        period=period,
        planned=r["planned"],
        held=r["held"],
        held_share=r["held_share"],
        mean_attendance=r["mean_attendance"],
        attendance_trend=r["attendance_trend"],
        new_ties=r["new_ties"],
    )


def calendar_feed_of(actor: Actor) -> CalendarFeed | None:
    if actor.person is None:
        return None
    return CalendarFeed.objects.filter(person=actor.person).first()


def feed_occurrences(person: Person) -> QuerySet[Occurrence]:
    """What a member's calendar shows: their routines' scheduled occurrences, last 90 days on."""
    since = timezone.localdate() - timedelta(days=90)
    return (
        Occurrence.objects.filter(
            routine__participants__person=person,
            routine__participants__status=ParticipantStatus.ACTIVE,
            starts_at__isnull=False,
            on__gte=since,
        )
        .select_related("routine", "routine__steward")
        .order_by("starts_at")
    )


def upcoming_occurrences(
    network: Network, person: Person, today: date, limit: int = 5
) -> list[Occurrence]:
    """The next planned meetings of the routines ``person`` takes part in (an active
    participant, or someone who has attended before), soonest first: the member home's list."""
    attended = Attendance.objects.filter(
        person=person, occurrence__routine__network=network
    ).values("occurrence__routine_id")
    taking_part = Participant.objects.filter(
        person=person, routine__network=network, status=ParticipantStatus.ACTIVE
    ).values("routine_id")
    return list(
        Occurrence.objects.filter(routine__network=network)
        .filter(Q(routine_id__in=attended) | Q(routine_id__in=taking_part))
        .filter(on__gte=today, held=True)
        .filter(Q(routine__ended_on__isnull=True) | Q(routine__ended_on__gte=today))
        .select_related("routine")
        .order_by("on", "pk")[:limit]
    )
