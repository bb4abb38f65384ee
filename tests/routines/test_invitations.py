"""Invitations through a real SMTP server: parsed mails, parsed iCalendar, and no second sending."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from netweave.routines import services
from netweave.routines.models import Cadence, Format, Occurrence, ParticipantStatus, RoundSeat
from ticks import tick_at

pytestmark = pytest.mark.django_db(transaction=True)


def calendar_of(message: EmailMessage) -> Calendar:
    """The text/calendar alternative of a mail, parsed (and the attachment must say the same)."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    attached = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert len(parts) == 1 and len(attached) == 1
    inline = Calendar.from_ical(parts[0].get_content())
    assert Calendar.from_ical(attached[0].get_payload(decode=True)) == inline
    assert parts[0].get_param("method") == str(inline["METHOD"])
    return inline


def event_of(message: EmailMessage):
    (event,) = calendar_of(message).walk("VEVENT")
    return event


def weekly_thursday(circle):
    # 2027-03-28 is the last Sunday of March: Amsterdam moves from UTC+1 to UTC+2.
    return circle.routine(
        name="Thursday circle",
        cadence=Cadence.CUSTOM,
        rrule="FREQ=WEEKLY;BYDAY=TH",
        started_on=date(2027, 3, 18),
        start_time=time(19, 0),
    )


def test_rrule_dates_keep_their_local_time_across_the_dst_change(circle, smtp_server):
    weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    result = tick_at(now)
    assert result.ran and result.failed == ()
    to_anna = [m for m in smtp_server.messages if m["To"] == "anna@example.org"]
    starts = sorted(event_of(m)["DTSTART"].dt for m in to_anna)
    # 35 days ahead: 18 and 25 March (CET), 1, 8, 15 April (CEST)
    assert [s.date() for s in starts] == [
        date(2027, 3, 18),
        date(2027, 3, 25),
        date(2027, 4, 1),
        date(2027, 4, 8),
        date(2027, 4, 15),
    ]
    assert {(s.hour, s.minute, str(s.tzinfo)) for s in starts} == {(19, 0, "Europe/Amsterdam")}
    assert [s.astimezone(UTC).hour for s in starts] == [18, 18, 17, 17, 17]
    # every participant, and the host, got each date once (other networks of a shared test
    # database may get mail of their own from the same tick)
    ours = {person.email for person in circle.people}
    assert len([m for m in smtp_server.messages if m["To"] in ours]) == 5 * len(circle.people)


def test_a_second_tick_sends_nothing(circle, smtp_server):
    weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    first = tick_at(now)
    sent = len(smtp_server.messages)
    assert sent > 0
    second = tick_at(now + timedelta(minutes=5))
    assert len(smtp_server.messages) == sent
    assert sum(second.done.values()) == 0
    assert sum(first.done.values()) > 0


def test_a_moved_date_is_a_request_with_the_same_uid_and_a_higher_sequence(circle, smtp_server):
    routine = weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    tick_at(now)
    occurrence = Occurrence.objects.get(routine=routine, on=date(2027, 3, 25))
    before = [m for m in smtp_server.messages if "20270325" in str(event_of(m)["UID"])]
    (first,) = [m for m in before if m["To"] == "bram@example.org"]
    smtp_server.messages.clear()

    moved_to = datetime(2027, 3, 26, 16, 0, tzinfo=UTC)  # Friday 17:00 in Amsterdam
    services.occurrence_move(circle.steward, occurrence, moved_to)
    tick_at(now + timedelta(minutes=5))
    (update,) = [m for m in smtp_server.messages if m["To"] == "bram@example.org"]
    old, new = event_of(first), event_of(update)
    assert str(calendar_of(update)["METHOD"]) == "REQUEST"
    assert new["UID"] == old["UID"]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new["DTSTART"].dt == moved_to
    assert update["Subject"].startswith(("Changed", "Gewijzigd"))
    assert len(smtp_server.messages) == len(circle.people)  # only this date, once per person


def test_a_dropped_date_is_a_cancel_to_everyone_invited(circle, smtp_server):
    routine = weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    tick_at(now)
    occurrence = Occurrence.objects.get(routine=routine, on=date(2027, 4, 1))
    uid = next(
        event_of(m)["UID"] for m in smtp_server.messages if "20270401" in str(event_of(m)["UID"])
    )
    smtp_server.messages.clear()

    services.occurrence_drop(circle.steward, occurrence)
    tick_at(now + timedelta(minutes=5))
    assert len(smtp_server.messages) == len(circle.people)
    for message in smtp_server.messages:
        cancel = calendar_of(message)
        assert str(cancel["METHOD"]) == "CANCEL"
        (event,) = cancel.walk("VEVENT")
        assert event["UID"] == uid and int(event["SEQUENCE"]) == 1
        assert str(event["STATUS"]) == "CANCELLED"
    # the dropped date stays dropped: later ticks neither re-plan nor re-invite it
    smtp_server.messages.clear()
    tick_at(now + timedelta(hours=1))
    assert smtp_server.messages == []
    assert Occurrence.objects.filter(routine=routine, on=date(2027, 4, 1)).count() == 1


def test_an_edited_cadence_cancels_dates_it_no_longer_gives(circle, smtp_server):
    routine = weekly_thursday(circle)
    now = datetime.now(UTC)
    fields = services.RoutineFields(
        name=routine.name,
        format=routine.format,
        cadence=Cadence.CUSTOM,
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        started_on=routine.started_on,
        start_time=routine.start_time,
        duration_minutes=routine.duration_minutes,
        place=routine.place,
        video_link="",
        host=routine.steward,
        pairing_window=6,
    )
    tick_at(datetime(2027, 3, 17, 12, 0, tzinfo=UTC))
    assert now < datetime(2027, 3, 17, tzinfo=UTC)  # these dates are in the future
    smtp_server.messages.clear()
    services.routine_update(circle.steward, routine, fields)
    tick_at(datetime(2027, 3, 17, 12, 5, tzinfo=UTC))
    methods = {
        (event_of(m)["DTSTART"].dt.date(), str(calendar_of(m)["METHOD"]))
        for m in smtp_server.messages
    }
    assert methods == {
        (date(2027, 3, 18), "REQUEST"),
        (date(2027, 3, 25), "CANCEL"),
        (date(2027, 4, 1), "REQUEST"),
        (date(2027, 4, 8), "CANCEL"),
        (date(2027, 4, 15), "REQUEST"),
    }


def test_invitations_are_in_each_members_language(circle, smtp_server):
    circle.routine()
    tick_at(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    subjects = {m["To"]: m["Subject"] for m in smtp_server.messages}
    assert subjects["anna@example.org"].startswith("Uitnodiging")  # Anna reads Dutch
    assert subjects["bram@example.org"].startswith("Invitation")  # Bram reads English


def _by_uid(messages, to: str) -> dict[str, tuple[str, int]]:
    """UID → (METHOD, SEQUENCE) of the calendar mails ``to`` received."""
    return {
        str(event_of(m)["UID"]): (str(calendar_of(m)["METHOD"]), int(event_of(m)["SEQUENCE"]))
        for m in messages
        if m["To"] == to
    }


def _leave(circle, routine, person, how: str) -> None:
    if how == "snoozed":  # past every planned date
        services.participant_snooze(circle.actor(person), routine, date(2027, 5, 1))
    elif how == "opted_out":
        services.participant_set(circle.actor(person), routine, person, ParticipantStatus.OPTED_OUT)
    else:  # a steward pauses them by hand, as the tick does after three silent rounds
        services.participant_set(circle.steward, routine, person, ParticipantStatus.PAUSED)


@pytest.mark.parametrize("how", ["opted_out", "snoozed", "paused"])
def test_who_leaves_gets_a_cancel_of_every_date_they_were_invited_to(circle, smtp_server, how):
    routine = weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    bram = circle.people[1]
    tick_at(now)
    invited = _by_uid(smtp_server.messages, bram.email)
    assert len(invited) == 5 and {m for m, _s in invited.values()} == {"REQUEST"}
    smtp_server.messages.clear()

    _leave(circle, routine, bram, how)
    tick_at(now + timedelta(minutes=5))
    assert {m["To"] for m in smtp_server.messages} == {bram.email}  # the others hear nothing
    cancels = _by_uid(smtp_server.messages, bram.email)
    assert len(smtp_server.messages) == len(cancels) == 5
    assert cancels.keys() == invited.keys()
    for uid, (method, sequence) in cancels.items():
        assert method == "CANCEL" and sequence > invited[uid][1]
    assert all(str(event_of(m)["STATUS"]) == "CANCELLED" for m in smtp_server.messages)
    smtp_server.messages.clear()
    tick_at(now + timedelta(hours=1))
    assert smtp_server.messages == []


def test_opting_in_again_invites_again_above_the_cancel_and_a_later_change_reaches_all(
    circle, smtp_server
):
    routine = weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    bram, eva = circle.people[1], circle.people[4]
    member = circle.actor(bram)
    tick_at(now)
    services.participant_set(member, routine, bram, ParticipantStatus.OPTED_OUT)
    tick_at(now + timedelta(minutes=5))
    cancelled = _by_uid(smtp_server.messages, bram.email)
    smtp_server.messages.clear()

    services.participant_set(member, routine, bram, ParticipantStatus.ACTIVE)
    tick_at(now + timedelta(minutes=10))
    again = _by_uid(smtp_server.messages, bram.email)
    assert {m["To"] for m in smtp_server.messages} == {bram.email}
    assert again.keys() == cancelled.keys()
    for uid, (method, sequence) in again.items():
        assert method == "REQUEST" and sequence > cancelled[uid][1] > 0
    smtp_server.messages.clear()

    # A move after all that: one REQUEST each, above whatever each calendar holds.
    occurrence = Occurrence.objects.get(routine=routine, on=date(2027, 3, 25))
    services.occurrence_move(circle.steward, occurrence, datetime(2027, 3, 26, 16, 0, tzinfo=UTC))
    tick_at(now + timedelta(minutes=15))
    assert len(smtp_server.messages) == len(circle.people)
    (uid,) = _by_uid(smtp_server.messages, eva.email).keys()
    assert _by_uid(smtp_server.messages, eva.email)[uid] == ("REQUEST", occurrence.sequence)
    assert _by_uid(smtp_server.messages, bram.email)[uid][1] > again[uid][1]


def test_pausing_a_routine_cancels_the_dates_people_were_invited_to(circle, smtp_server):
    routine = weekly_thursday(circle)
    now = datetime(2027, 3, 17, 12, 0, tzinfo=UTC)
    tick_at(now)
    invited = {p.email: _by_uid(smtp_server.messages, p.email) for p in circle.people}
    smtp_server.messages.clear()

    services.routine_pause(circle.steward, routine, paused=True)
    tick_at(now + timedelta(minutes=5))
    assert len(smtp_server.messages) == 5 * len(circle.people)
    for person in circle.people:
        cancels = _by_uid(smtp_server.messages, person.email)
        assert cancels.keys() == invited[person.email].keys()
        for uid, (method, sequence) in cancels.items():
            assert method == "CANCEL" and sequence > invited[person.email][uid][1]
    smtp_server.messages.clear()

    # Resumed: the cancelled dates stay cancelled, the next one is planned anew.
    services.routine_pause(circle.steward, routine, paused=False)
    tick_at(now + timedelta(days=2))
    starts = {event_of(m)["DTSTART"].dt.date() for m in smtp_server.messages}
    assert starts == {date(2027, 4, 22)} and len(smtp_server.messages) == len(circle.people)


def calendar_mails(smtp_server) -> list[EmailMessage]:
    """The mails that carry a calendar (the same tick may send a Monday's weekly digest)."""
    return [
        m for m in smtp_server.messages if any(p.get_filename() == "invite.ics" for p in m.walk())
    ]


def test_whoever_loses_their_partner_joins_another_pair_and_the_trio_is_told(circle, smtp_server):
    routine = circle.routine(
        name="Random coffee",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.WEEKLY,
        started_on=date(2027, 3, 2),
    )
    anna, bram, chris, dewi = circle.people[:4]
    for person in circle.people[4:]:
        services.participant_set(circle.steward, routine, person, ParticipantStatus.OPTED_OUT)
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    tick_at(now)  # pairs the round of 2 March: two pairs of these four
    (round_,) = Occurrence.objects.filter(routine=routine, seats__isnull=False).distinct()
    seats = dict(RoundSeat.objects.filter(occurrence=round_).values_list("person_id", "group"))
    assert sorted(seats) == sorted(p.pk for p in (anna, bram, chris, dewi))
    partner = next(p for p in (anna, chris, dewi) if seats[p.pk] == seats[bram.pk])
    first = {m["To"]: int(event_of(m)["SEQUENCE"]) for m in calendar_mails(smtp_server)}
    smtp_server.messages.clear()

    services.participant_set(circle.actor(bram), routine, bram, ParticipantStatus.OPTED_OUT)
    tick_at(now + timedelta(minutes=5))

    trio = {anna, chris, dewi}
    assert set(RoundSeat.objects.filter(occurrence=round_).values_list("person_id", flat=True)) == {
        p.pk for p in trio
    }
    assert len(set(RoundSeat.objects.filter(occurrence=round_).values_list("group"))) == 1
    by_person = {m["To"]: m for m in calendar_mails(smtp_server)}
    assert sorted(by_person) == sorted(p.email for p in (*trio, bram))
    assert str(calendar_of(by_person[bram.email])["METHOD"]) == "CANCEL"
    for person in trio:
        message = by_person[person.email]
        assert str(calendar_of(message)["METHOD"]) == "REQUEST"
        assert int(event_of(message)["SEQUENCE"]) > first[person.email]
        body = message.get_body(("plain",)).get_content()
        others = trio - {person}
        assert all(f"{p.first_name} {p.last_name}" in body for p in others)
        assert f"{bram.first_name} {bram.last_name}" not in body
    assert partner in trio  # the one left alone is seated again, not dropped
    smtp_server.messages.clear()
    tick_at(now + timedelta(hours=1))
    assert calendar_mails(smtp_server) == []
