"""The routines' periodic jobs, run by ``netweave tick`` in this order.

Each is ``job(now) -> int`` (how much it did) and idempotent: occurrences are unique per
routine and scheduled date; every mail has a :class:`~netweave.routines.models.Dispatch` row,
unique per occurrence, person, purpose and sequence, written in the same transaction as the
sending, so a mail server that fails rolls the row back and the next tick tries again. (If the
mail left but the commit then failed, that one mail would go twice: at least once, never lost.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import polars as pl
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from netweave.isolated import each_isolated
from netweave.ledger.models import Interaction
from netweave.matching import RoundProblem, pair_round, round_problem, seat_stranded
from netweave.networks.models import Person
from netweave.routines import mail, schedule
from netweave.routines.calendar import Method
from netweave.routines.models import (
    Answer,
    Dispatch,
    DoNotPair,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    Purpose,
    RoundSeat,
    Routine,
)
from netweave.routines.services import meeting_partners

PLAN_AHEAD = timedelta(days=35)
"""Occurrences are planned (and invited to) this far ahead: a monthly one always has the next."""
PAIR_BEFORE = timedelta(days=7)
"""A random-coffee round is paired (and its invitations sent) this long before it: late enough
that people who joined or snoozed meanwhile are counted, early enough to find a moment."""
REMIND_BEFORE = timedelta(hours=24)
FOLLOW_UP_FOR = timedelta(days=7)
"""After a meeting ends, the "did it happen?" mail goes out within this time (not for old ones)."""
UNANSWERED_TO_PAUSE = 3
ANSWER_GRACE = timedelta(days=7)
"""A follow-up counts as ignored once it is this old without an answer."""


def occurrences_plan(now: datetime) -> int:
    """Create the occurrences the cadence gives from today to :data:`PLAN_AHEAD`.

    Only for routines that are not paused and have someone taking part; a date that was dropped
    stays dropped (its cancelled occurrence keeps the date taken).
    """
    today = timezone.localdate(now)
    routines = Routine.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        paused=False,
        participants__status=ParticipantStatus.ACTIVE,
    ).distinct()
    return each_isolated(routines, lambda routine: _plan(routine, now), atomic=True)


def _plan(routine: Routine, now: datetime) -> int:
    today = timezone.localdate(now)
    taken = set(routine.occurrences.filter(on__gte=today).values_list("scheduled_for", "on"))
    taken_dates = {d for pair in taken for d in pair if d is not None}
    created = 0
    for moment in schedule.dates_between(routine, today, timezone.localdate(now + PLAN_AHEAD)):
        if moment <= now or moment.date() in taken_dates:
            continue
        Occurrence.objects.create(
            routine=routine,
            on=moment.date(),
            scheduled_for=moment.date(),
            starts_at=moment,
            held=False,
        )
        created += 1
    return created


def _upcoming(now: datetime) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(
        cancelled=False, starts_at__gt=now, starts_at__lte=now + PLAN_AHEAD
    ).select_related("routine", "routine__steward")


def _eligible(occurrence: Occurrence) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(routine=occurrence.routine, status=ParticipantStatus.ACTIVE)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lt=occurrence.on))
        .select_related("person", "person__organisation")
    )


def rounds_pair(now: datetime) -> int:
    """Pair every random-coffee round due within :data:`PLAN_AHEAD` not yet paired, earliest
    first (a round's history includes the rounds before it)."""
    rounds = (
        _upcoming(now)
        .filter(
            routine__format=Format.RANDOM_COFFEE,
            seats__isnull=True,
            starts_at__lte=now + PAIR_BEFORE,
        )
        .order_by("starts_at")
    )
    return each_isolated(rounds, _pair, atomic=True)


def _pairs_frame(rows: Iterable[tuple[int, int]]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema={"a": pl.Int64, "b": pl.Int64}, orient="row")


def _history(routine: Routine, before: Occurrence) -> pl.DataFrame:
    """Pairs of earlier rounds: ``rounds_ago`` 1 is the round just before this one."""
    earlier = list(
        routine.occurrences.filter(on__lt=before.on, seats__isnull=False)
        .distinct()
        .order_by("-on")
        .values_list("pk", flat=True)[: max(routine.pairing_window, 1)]
    )
    ago = {pk: i + 1 for i, pk in enumerate(earlier)}
    seats = pl.DataFrame(
        list(
            RoundSeat.objects.filter(occurrence_id__in=earlier).values_list(
                "occurrence_id", "group", "person_id"
            )
        ),
        schema={"occurrence_id": pl.Int64, "group": pl.Int64, "person_id": pl.Int64},
        orient="row",
    )
    pairs = (
        seats.join(seats, on=["occurrence_id", "group"], suffix="_b")
        .filter(pl.col("person_id") < pl.col("person_id_b"))
        .select(
            pl.col("occurrence_id").replace_strict(ago, return_dtype=pl.Int64).alias("rounds_ago"),
            pl.col("person_id").alias("a"),
            pl.col("person_id_b").alias("b"),
        )
    )
    return pairs


def _pair(occurrence: Occurrence) -> int:
    participants = [p.person for p in _eligible(occurrence) if p.person.email]
    if len(participants) < 2:
        return 0
    result = pair_round(_round_problem(occurrence, participants))
    RoundSeat.objects.bulk_create(
        RoundSeat(occurrence=occurrence, person_id=person, group=number)
        for number, group in enumerate(result.groups, start=1)
        for person in group
    )
    return len(result.groups)


def _round_problem(occurrence: Occurrence, participants: list[Person]) -> RoundProblem:
    ids = [p.pk for p in participants]
    people = pl.DataFrame(
        {
            "person_id": ids,
            "organisation_id": [p.organisation_id or -p.pk for p in participants],
            "sector": [p.organisation.sector if p.organisation else "" for p in participants],
        },
        schema={"person_id": pl.Int64, "organisation_id": pl.Int64, "sector": pl.String},
    )
    known = _pairs_frame(
        Interaction.objects.filter(person_a_id__in=ids, person_b_id__in=ids)
        .values_list("person_a_id", "person_b_id")
        .distinct()
    )
    do_not_pair = _pairs_frame(
        DoNotPair.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids)).values_list(
            "person_id", "other_id"
        )
    )
    routine = occurrence.routine
    return round_problem(
        people,
        known=known,
        history=_history(routine, occurrence),
        window=routine.pairing_window,
        do_not_pair=do_not_pair,
        seed=occurrence.pk,
    )


def rounds_mend(now: datetime) -> int:
    """Re-seat whoever lost their partners in a round paired already (the partner opted out,
    snoozed, was paused or lost their address): with another such person, or as the third of a
    pair. Nobody who still has a partner is moved. Everyone whose group changed gets an updated
    invitation from :func:`invitations_send`; whom nobody may take, a CANCEL from
    :func:`cancellations_send`. Returns how many seats changed."""
    paired = (
        _upcoming(now)
        .filter(routine__format=Format.RANDOM_COFFEE, seats__isnull=False)
        .distinct()
        .order_by("starts_at")
    )
    return each_isolated(paired, lambda occurrence: _mend(occurrence, now), atomic=True)


def _mend(occurrence: Occurrence, now: datetime) -> int:
    staying = {p.person.pk: p.person for p in _eligible(occurrence) if p.person.email}
    seats = list(RoundSeat.objects.filter(occurrence=occurrence))
    left = {seat.group for seat in seats if seat.person_id not in staying}
    if not left:
        return 0
    groups: dict[int, list[int]] = {}
    for seat in seats:
        if seat.person_id in staying:
            groups.setdefault(seat.group, []).append(seat.person_id)
    stranded = [members[0] for members in groups.values() if len(members) == 1]
    kept = {number: members for number, members in groups.items() if len(members) > 1}
    present = [staying[p] for members in groups.values() for p in members]
    result = seat_stranded(_round_problem(occurrence, present), list(kept.values()), stranded)
    # seat_stranded never splits a kept group, so any of its members names it
    kept_in = {person: number for number, members in kept.items() for person in members}
    fresh = iter(range(max(seat.group for seat in seats) + 1, 10**9))
    changed = 0
    RoundSeat.objects.filter(occurrence=occurrence).exclude(person_id__in=staying).delete()
    RoundSeat.objects.filter(occurrence=occurrence, person_id__in=result.unpaired).delete()
    for group in result.groups:
        number = next((kept_in[p] for p in group if p in kept_in), None)
        if number is not None and number not in left and len(group) == len(kept[number]):
            continue  # nobody left or joined this group
        number = number if number is not None else next(fresh)
        changed += RoundSeat.objects.filter(occurrence=occurrence, person_id__in=group).update(
            group=number, changed_at=now
        )
    return changed + len(result.unpaired)


def _recipients(occurrence: Occurrence) -> list[Person]:
    """Who is invited: active participants with an address (for a round, those paired)."""
    people = [p.person for p in _eligible(occurrence) if p.person.email]
    if occurrence.routine.format == Format.RANDOM_COFFEE:
        seated = set(
            RoundSeat.objects.filter(occurrence=occurrence).values_list("person_id", flat=True)
        )
        people = [p for p in people if p.pk in seated]
    return people


def _dispatch(
    occurrence: Occurrence, person: Person, purpose: Purpose, sequence: int, now: datetime
) -> bool:
    """Claim the right to send this mail: False if it was sent already."""
    _row, created = Dispatch.objects.get_or_create(
        occurrence=occurrence,
        person=person,
        purpose=purpose,
        sequence=sequence,
        defaults={"sent_at": now},
    )
    return created


def _calendar_mails(occurrence: Occurrence) -> dict[int, Dispatch]:
    """The last invitation or cancellation each person got about ``occurrence``, by person id.

    Their ``sequence`` is the SEQUENCE that person's calendar holds: a person who opts out gets
    a CANCEL above it, and on opting in again a REQUEST above that, while the others' calendars
    stay as they are. The services raise the occurrence's own sequence above every one sent
    (``services.sequence_raise``), so a later change reaches everyone with a higher number.
    """
    mails = Dispatch.objects.filter(
        occurrence=occurrence, purpose__in=(Purpose.INVITATION, Purpose.CANCELLATION)
    )
    return {row.person_id: row for row in mails.select_related("person").order_by("sequence")}


def _next_sequence(occurrence: Occurrence, last: Dispatch | None) -> int:
    return occurrence.sequence if last is None else max(occurrence.sequence, last.sequence + 1)


def invitations_send(now: datetime) -> int:
    """A REQUEST to every participant of every upcoming occurrence whose calendar does not hold
    its latest version: never invited, changed since, cancelled for them (they opted in again),
    or, in a round, their group changed since (:func:`rounds_mend`)."""
    return each_isolated(_upcoming(now), lambda occurrence: _invite(occurrence, now))


def _invite(occurrence: Occurrence, now: datetime) -> int:
    sent = 0
    mails = _calendar_mails(occurrence)
    regrouped: dict[int, datetime] = {
        seat.person_id: seat.changed_at
        for seat in RoundSeat.objects.filter(occurrence=occurrence, changed_at__isnull=False)
        if seat.changed_at is not None
    }
    for person in _recipients(occurrence):
        last = mails.get(person.pk)
        invited = last is not None and last.purpose == Purpose.INVITATION
        if (
            invited
            and last is not None
            and last.sequence >= occurrence.sequence
            and not (person.pk in regrouped and regrouped[person.pk] > last.sent_at)
        ):
            continue  # their calendar holds the latest version, with the partners they meet
        sequence = _next_sequence(occurrence, last)
        with transaction.atomic():
            if _dispatch(occurrence, person, Purpose.INVITATION, sequence, now):
                partners = meeting_partners(occurrence, person)
                mail.send_invitation(occurrence, person, partners, Method.REQUEST, sequence)
                sent += 1
    return sent


def cancellations_send(now: datetime) -> int:
    """A CANCEL to everyone whose calendar holds a future occurrence they will not be invited to
    any more: the date was dropped (or the routine paused), or they opted out, were paused or
    snoozed it since their invitation."""
    invited = Occurrence.objects.filter(
        starts_at__gt=now,
        pk__in=Dispatch.objects.filter(purpose=Purpose.INVITATION).values("occurrence_id"),
    ).select_related("routine", "routine__steward")
    return each_isolated(invited, lambda occurrence: _cancel(occurrence, now))


def _cancel(occurrence: Occurrence, now: datetime) -> int:
    sent = 0
    staying = set() if occurrence.cancelled else {p.pk for p in _recipients(occurrence)}
    for person_id, last in _calendar_mails(occurrence).items():
        if last.purpose != Purpose.INVITATION or person_id in staying:
            continue
        person, sequence = last.person, _next_sequence(occurrence, last)
        if not person.email:  # nowhere to send it (the address was erased)
            continue
        with transaction.atomic():
            if _dispatch(occurrence, person, Purpose.CANCELLATION, sequence, now):
                mail.send_invitation(occurrence, person, [], Method.CANCEL, sequence)
                sent += 1
    return sent


def _invited(occurrence: Occurrence) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Dispatch.objects.filter(occurrence=occurrence, purpose=Purpose.INVITATION).values(
            "person_id"
        )
    ).exclude(
        pk__in=Participant.objects.filter(routine=occurrence.routine)
        .exclude(status=ParticipantStatus.ACTIVE)
        .values("person_id")
    )


def reminders_send(now: datetime) -> int:
    """A reminder the day before, to everyone invited who still takes part."""
    soon = Occurrence.objects.filter(
        cancelled=False, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
    ).select_related("routine", "routine__steward")
    return each_isolated(soon, lambda occurrence: _remind(occurrence, now))


def _remind(occurrence: Occurrence, now: datetime) -> int:
    sent = 0
    for person in _invited(occurrence):
        with transaction.atomic():
            if _dispatch(occurrence, person, Purpose.REMINDER, 0, now):
                mail.send_reminder(occurrence, person, meeting_partners(occurrence, person))
                sent += 1
    return sent


def follow_ups_send(now: datetime) -> int:
    """After the meeting, the "did it happen?" link to everyone who was invited."""
    recent = Occurrence.objects.filter(
        cancelled=False,
        starts_at__lte=now,
        starts_at__gt=now - FOLLOW_UP_FOR,
    ).select_related("routine")
    return each_isolated(recent, lambda occurrence: _follow_up(occurrence, now))


def _follow_up(occurrence: Occurrence, now: datetime) -> int:
    assert occurrence.starts_at is not None  # the job filters on it
    end = occurrence.starts_at + timedelta(minutes=occurrence.routine.duration_minutes)
    if end > now:
        return 0
    sent = 0
    for person in _invited(occurrence):
        with transaction.atomic():
            if _dispatch(occurrence, person, Purpose.FOLLOW_UP, 0, now):
                mail.send_follow_up(occurrence, person)
                sent += 1
    return sent


def silent_participants_pause(now: datetime) -> int:
    """Pause whoever left the last three follow-ups of a routine unanswered; tell the host.

    Only follow-ups older than :data:`ANSWER_GRACE` count (people get a week to answer), and
    never the host's own.
    """
    active = (
        Participant.objects.filter(status=ParticipantStatus.ACTIVE)
        .exclude(person=F("routine__steward"))
        .select_related("routine", "routine__steward", "person")
    )
    return each_isolated(active, lambda person: _pause_if_silent(person, now), atomic=True)


def _pause_if_silent(participant: Participant, now: datetime) -> int:
    asked = list(
        Dispatch.objects.filter(
            occurrence__routine=participant.routine,
            person=participant.person,
            purpose=Purpose.FOLLOW_UP,
            sent_at__lte=now - ANSWER_GRACE,
        )
        .order_by("-occurrence__on")
        .values_list("occurrence_id", flat=True)[:UNANSWERED_TO_PAUSE]
    )
    if len(asked) < UNANSWERED_TO_PAUSE:
        return 0
    if Answer.objects.filter(person=participant.person, occurrence_id__in=asked).exists():
        return 0
    participant.status = ParticipantStatus.PAUSED
    participant.save(update_fields=["status"])
    host = participant.routine.steward
    latest = Occurrence.objects.get(pk=asked[0])
    tell = host is not None and host.email and host != participant.person
    if tell and _dispatch(latest, participant.person, Purpose.HOST_NOTICE, 0, now):
        assert host is not None
        mail.send_host_notice(participant.routine, host, participant.person)
    return 1


JOBS = (
    occurrences_plan,
    # Before the round is paired and the mails go out: whoever it pauses is neither paired nor
    # invited, and gets the CANCEL of the dates they were invited to in this same tick.
    silent_participants_pause,
    # After the pause (whom it pauses leaves their round) and before the mails: whoever lost a
    # partner is re-seated, and the invitations and cancellations below tell them so.
    rounds_mend,
    rounds_pair,
    invitations_send,
    cancellations_send,
    reminders_send,
    follow_ups_send,
)
