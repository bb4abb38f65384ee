"""Writes of the routines app: one transaction per user action, each recorded in the audit list.

Mails are never sent here: a change raises the occurrence's ``sequence`` or marks it cancelled,
and the next ``netweave tick`` (``routines/jobs.py``) sends what participants must hear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from netweave.ledger.models import Interaction, Kind, Source
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.models import Person
from netweave.networks.policy import Action
from netweave.routines import schedule
from netweave.routines.models import (
    Answer,
    Attendance,
    CalendarFeed,
    Dispatch,
    DoNotPair,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    Reflection,
    RoundSeat,
    Routine,
    new_feed_token,
)

REFLECTION_MAX_LENGTH = 280


@dataclass(frozen=True)
class RoutineFields:
    """What a steward sets on a routine (the create and edit forms)."""

    name: str
    format: Format
    cadence: str
    rrule: str
    started_on: date
    start_time: time
    duration_minutes: int
    place: str
    video_link: str
    host: Person | None
    pairing_window: int
    ended_on: date | None = None


START_BACK = timedelta(days=50 * 365)
"""How long ago a routine's first date may be (an old habit, entered afterwards)."""
START_AHEAD = timedelta(days=5 * 365)
"""How far ahead a routine's first date may be."""
MOVE_AHEAD = timedelta(days=2 * 365)
"""How far ahead one meeting may be moved."""


def _apply(routine: Routine, fields: RoutineFields) -> None:
    routine.name = fields.name
    routine.format = fields.format
    routine.cadence = fields.cadence
    routine.rrule = fields.rrule
    routine.started_on = fields.started_on
    routine.ended_on = fields.ended_on
    routine.start_time = fields.start_time
    routine.duration_minutes = fields.duration_minutes
    routine.place = fields.place
    routine.video_link = fields.video_link
    routine.steward = fields.host
    routine.pairing_window = fields.pairing_window
    routine.full_clean()
    today = timezone.localdate()
    earliest, latest = today - START_BACK, today + START_AHEAD
    if not earliest <= routine.started_on <= latest:
        # Year 1 or 2999: a typing slip, and a schedule nobody could keep (or plan from).
        raise ValidationError(
            {
                "started_on": _("Choose a first date between %(earliest)s and %(latest)s.")
                % {
                    "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
                    "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
                }
            }
        )
    try:
        schedule.routine_rule(routine)
    except schedule.RuleError as error:
        raise ValidationError({"rrule": str(error)}) from None


def _check_host(actor: Actor, host: Person | None) -> None:
    if host is not None and host.network_id != actor.network.pk:
        raise PermissionDenied(_("The host must be a member of this network."))


@transaction.atomic
def routine_create(actor: Actor, fields: RoutineFields) -> Routine:
    actor.require(Action.MANAGE_ROUTINES)
    _check_host(actor, fields.host)
    routine = Routine(network=actor.network)
    _apply(routine, fields)
    routine.save()
    if fields.host is not None:
        Participant.objects.create(routine=routine, person=fields.host)
    audit.record(actor, "routine.created", routine)
    return routine


@transaction.atomic
def routine_update(actor: Actor, routine: Routine, fields: RoutineFields) -> Routine:
    """Save the new settings and bring future occurrences in line with them.

    A future occurrence whose date the new cadence no longer gives is cancelled; one that keeps
    its date but changes time or place gets a higher sequence. The tick sends the CANCEL or the
    updated REQUEST, and creates the occurrences the new cadence adds.
    """
    actor.require(Action.MANAGE_ROUTINES)
    _check_host(actor, fields.host)
    _apply(routine, fields)
    routine.save()
    now = timezone.now()
    future = list(
        routine.occurrences.filter(cancelled=False, scheduled_for__isnull=False, starts_at__gt=now)
    )
    if future:
        last = max(o.on for o in future)
        moments = {m.date(): m for m in schedule.dates_between(routine, now.date(), last)}
        for occurrence in future:
            moment = moments.get(occurrence.on)
            if moment is None:
                occurrence.cancelled = True
            occurrence.starts_at = moment or occurrence.starts_at
            sequence_raise(occurrence)
            occurrence.save(update_fields=["cancelled", "starts_at", "sequence"])
    audit.record(actor, "routine.updated", routine)
    return routine


def sequence_raise(occurrence: Occurrence) -> None:
    """Raise the occurrence's iCalendar SEQUENCE above every one a participant was sent (someone
    who opted out and in again holds a higher one than the rest), so that everyone's calendar
    takes the change. The caller saves the occurrence."""
    sent = Dispatch.objects.filter(occurrence=occurrence).aggregate(Max("sequence"))
    occurrence.sequence = max(occurrence.sequence, sent["sequence__max"] or 0) + 1


@transaction.atomic
def routine_pause(actor: Actor, routine: Routine, *, paused: bool) -> Routine:
    """A paused routine plans nothing new, and its future dates are called off: those nobody
    was told about are removed (resuming plans them again), the others are cancelled, so the
    tick sends a CANCEL to whoever was invited. A cancelled date stays cancelled after resuming
    unless a steward moves it (which invites again)."""
    actor.require(Action.MANAGE_ROUTINES)
    routine.paused = paused
    routine.save(update_fields=["paused"])
    if paused:
        future = routine.occurrences.filter(cancelled=False, starts_at__gt=timezone.now())
        told = Dispatch.objects.filter(occurrence__routine=routine).values("occurrence_id")
        future.exclude(pk__in=told).delete()
        for occurrence in future.filter(pk__in=told):
            occurrence.cancelled = True
            sequence_raise(occurrence)
            occurrence.save(update_fields=["cancelled", "sequence"])
    audit.record(actor, "routine.paused" if paused else "routine.resumed", routine)
    return routine


@transaction.atomic
def participant_set(
    actor: Actor, routine: Routine, person: Person, status: ParticipantStatus
) -> Participant:
    """Opt ``person`` in or out. Members change only themselves; stewards anyone. The tick
    sends who opts out a CANCEL of the dates they were invited to, and invites them again if
    they opt back in."""
    if person != actor.person:
        actor.require(Action.MANAGE_ROUTINES)
    elif status == ParticipantStatus.PAUSED:
        raise PermissionDenied(_("Only netweave pauses participants."))
    participant, _created = Participant.objects.get_or_create(routine=routine, person=person)
    participant.status = status
    participant.save(update_fields=["status"])
    audit.record(actor, f"routine.participant_{status.value}", participant)
    return participant


@transaction.atomic
def participant_snooze(actor: Actor, routine: Routine, until: date | None) -> Participant:
    """Skip the random-coffee rounds until ``until`` (None: snooze no more)."""
    if actor.person is None:
        raise PermissionDenied(_("Only members can snooze."))
    participant, _created = Participant.objects.get_or_create(routine=routine, person=actor.person)
    participant.snoozed_until = until
    participant.save(update_fields=["snoozed_until"])
    return participant


@transaction.atomic
def do_not_pair_add(actor: Actor, other: Person) -> DoNotPair:
    """The actor is never paired with ``other`` in random-coffee rounds, nor they with them."""
    if actor.person is None:
        raise PermissionDenied(_("Only members take part in rounds."))
    if other.network_id != actor.network.pk or other == actor.person:
        raise ValidationError({"other": _("Choose another member of this network.")})
    entry, _created = DoNotPair.objects.get_or_create(person=actor.person, other=other)
    return entry


@transaction.atomic
def occurrence_move(actor: Actor, occurrence: Occurrence, starts_at: datetime) -> Occurrence:
    """Move one occurrence; participants get an updated invitation (same UID, higher SEQUENCE)."""
    actor.require(Action.MANAGE_ROUTINES)
    if starts_at < timezone.now():
        # Participants would get an invitation to a meeting that has already been.
        raise ValidationError({"starts_at": _("Choose a moment that has not passed yet.")})
    if starts_at > timezone.now() + MOVE_AHEAD:
        raise ValidationError({"starts_at": _("Choose a moment within the next two years.")})
    local = timezone.localtime(starts_at)
    taken = occurrence.routine.occurrences.filter(on=local.date()).exclude(pk=occurrence.pk)
    if taken.exists():
        raise ValidationError({"starts_at": _("The routine already meets on that day.")})
    occurrence.on = local.date()
    occurrence.starts_at = starts_at
    occurrence.cancelled = False
    sequence_raise(occurrence)
    occurrence.save(update_fields=["on", "starts_at", "cancelled", "sequence"])
    audit.record(actor, "occurrence.moved", occurrence)
    return occurrence


@transaction.atomic
def occurrence_drop(actor: Actor, occurrence: Occurrence) -> Occurrence:
    """Skip one date; participants who were invited get a CANCEL. The tick will not re-plan it."""
    actor.require(Action.MANAGE_ROUTINES)
    occurrence.cancelled = True
    sequence_raise(occurrence)
    occurrence.save(update_fields=["cancelled", "sequence"])
    audit.record(actor, "occurrence.dropped", occurrence)
    return occurrence


def meeting_partners(occurrence: Occurrence, person: Person) -> list[Person]:
    """Whom ``person`` meets: their pair or trio in a random-coffee round, else the host."""
    routine = occurrence.routine
    if routine.format == Format.RANDOM_COFFEE:
        seat = RoundSeat.objects.filter(occurrence=occurrence, person=person).first()
        if seat is None:
            return []
        others = RoundSeat.objects.filter(occurrence=occurrence, group=seat.group).exclude(
            person=person
        )
        return [s.person for s in others.select_related("person").order_by("person_id")]
    host = routine.steward
    return [host] if host is not None and host != person else []


@transaction.atomic
def answer_record(
    occurrence: Occurrence, person: Person, *, happened: bool, reflection: str = ""
) -> Answer:
    """Record a participant's answer from their signed link (the link is the authority).

    "It happened" marks the occurrence held, records the person and whom they met as attending,
    and logs one interaction (source = routine) per pair, once, however often the link is used.
    """
    reflection = reflection.strip()
    if len(reflection) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            {
                "reflection": _("Keep it to one line (%(n)s characters).")
                % {"n": REFLECTION_MAX_LENGTH}
            }
        )
    if occurrence.cancelled:
        raise ValidationError(_("This date was cancelled."))
    answer, _created = Answer.objects.update_or_create(
        occurrence=occurrence,
        person=person,
        defaults={"happened": happened, "answered_at": timezone.now()},
    )
    if happened:
        occurrence.held = True
        occurrence.save(update_fields=["held"])
        partners = meeting_partners(occurrence, person)
        for attendee in [person, *partners]:
            Attendance.objects.get_or_create(occurrence=occurrence, person=attendee)
        for partner in partners:
            _interaction_once(occurrence, person, partner)
    if reflection:
        Reflection.objects.create(
            occurrence=occurrence, person=person, text=reflection, language=person.language
        )
    return answer


def _interaction_once(occurrence: Occurrence, a: Person, b: Person) -> None:
    pair = Interaction.objects.filter(occurrence=occurrence, source=Source.ROUTINE)
    if pair.filter(person_a=a, person_b=b).exists() or pair.filter(person_a=b, person_b=a).exists():
        return
    Interaction.objects.create(
        network=occurrence.routine.network,
        occurred_on=occurrence.on,
        kind=Kind.MEETING,
        person_a=a,
        person_b=b,
        source=Source.ROUTINE,
        occurrence=occurrence,
    )


@transaction.atomic
def calendar_feed_rotate(actor: Actor) -> CalendarFeed:
    """Give the actor a new secret calendar address; the old one stops working at once."""
    if actor.person is None:
        raise PermissionDenied(_("Only members have a calendar."))
    feed, created = CalendarFeed.objects.get_or_create(person=actor.person)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    audit.record(actor, "calendar_feed.rotated", actor.person)
    return feed
