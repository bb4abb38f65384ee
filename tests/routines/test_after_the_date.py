"""Reminders, the "did it happen?" link, pausing the silent, random-coffee rounds, the feed."""

from __future__ import annotations

import itertools
import re
import time as clock
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from netweave.ledger.models import Interaction, Source
from netweave.networks.models import Role
from netweave.routines import mail, services
from netweave.routines.models import (
    Attendance,
    Cadence,
    Dispatch,
    DoNotPair,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    Purpose,
    Reflection,
    RoundSeat,
)
from ticks import tick_at

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/routines/answer/\S+/")


def weekly(circle, **overrides):
    fields = {
        "name": "Intervision",
        "format": Format.INTERVISION,
        "cadence": Cadence.WEEKLY,
        "started_on": date(2027, 5, 4),  # Tuesdays
        "start_time": time(10, 0),
        "duration_minutes": 60,
    }
    return circle.routine(**{**fields, **overrides})


def first_meeting(routine) -> Occurrence:
    return routine.occurrences.order_by("on").first()


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def answer_link(smtp_server, to: str) -> str:
    (message,) = [m for m in smtp_server.messages if m["To"] == to and "?" in str(m["Subject"])]
    return LINK.search(text_of(message)).group(0)


def test_reminder_the_day_before_then_the_link_after_the_meeting(circle, smtp_server):
    routine = weekly(circle)
    tick_at(datetime(2027, 5, 1, 9, 0, tzinfo=UTC))
    meeting = first_meeting(routine)
    assert meeting.on == date(2027, 5, 4)
    smtp_server.messages.clear()

    tick_at(datetime(2027, 5, 3, 12, 0, tzinfo=UTC))  # 22 h before 10:00 Amsterdam
    reminders = [
        m
        for m in smtp_server.messages
        if "Reminder" in m["Subject"] or "Herinnering" in m["Subject"]
    ]
    assert sorted(m["To"] for m in reminders) == sorted(p.email for p in circle.people)
    smtp_server.messages.clear()

    tick_at(datetime(2027, 5, 4, 8, 30, tzinfo=UTC))  # 10:30 local: still meeting
    assert not [m for m in smtp_server.messages if LINK.search(text_of(m))]
    tick_at(datetime(2027, 5, 4, 9, 5, tzinfo=UTC))  # it ended at 11:00 local
    links = {m["To"]: LINK.search(text_of(m)) for m in smtp_server.messages}
    assert all(links[p.email] for p in circle.people)


def test_it_happened_records_attendance_the_interaction_and_a_reflection(circle, smtp_server):
    routine = weekly(circle)
    # Only this routine's rows: the shared test database may hold other networks' (the
    # report tests keep one for the whole session).
    attendance = Attendance.objects.filter(occurrence__routine=routine)
    interactions = Interaction.objects.filter(network=circle.network)
    tick_at(datetime(2027, 5, 1, 9, 0, tzinfo=UTC))
    tick_at(datetime(2027, 5, 4, 9, 5, tzinfo=UTC))
    bram, host = circle.people[1], circle.people[0]
    url = answer_link(smtp_server, bram.email)
    client = Client()

    page = client.get(url)  # a mail scanner opening the link records nothing
    assert page.status_code == 200 and not attendance.exists()
    response = client.post(url, {"happened": "yes", "reflection": "We solved Eva's puzzle."})
    assert response.status_code == 200
    meeting = first_meeting(routine)
    meeting.refresh_from_db()
    assert meeting.held
    assert set(attendance.values_list("person_id", flat=True)) == {bram.pk, host.pk}
    (interaction,) = interactions
    assert interaction.source == Source.ROUTINE and interaction.occurrence == meeting
    assert {interaction.person_a, interaction.person_b} == {bram, host}
    assert Reflection.objects.get(occurrence=meeting).text == "We solved Eva's puzzle."

    client.post(url, {"happened": "yes"})  # a second click adds nothing
    assert interactions.count() == 1 and attendance.count() == 2


def test_an_altered_or_expired_link_is_refused(circle, smtp_server, monkeypatch):
    routine = weekly(circle)
    tick_at(datetime(2027, 5, 1, 9, 0, tzinfo=UTC))
    tick_at(datetime(2027, 5, 4, 9, 5, tzinfo=UTC))
    url = answer_link(smtp_server, circle.people[2].email)
    client = Client()
    assert client.get(url[:-3] + "xx/").status_code == 404
    later = clock.time() + (mail.ANSWER_MAX_AGE_DAYS + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(url).status_code == 404
    assert client.post(url, {"happened": "yes"}).status_code == 404
    assert not Attendance.objects.filter(occurrence__routine=routine).exists()


def test_three_unanswered_rounds_pause_a_participant_and_tell_the_host(circle, smtp_server):
    routine = weekly(circle)
    start = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    answerer = circle.people[1]
    for week in range(3):
        tick_at(start + timedelta(weeks=week))
        tick_at(start + timedelta(weeks=week, days=3, hours=0, minutes=5))  # Tue 11:05 local
        Client().post(answer_link(smtp_server, answerer.email), {"happened": "yes"})
        smtp_server.messages.clear()
    tick_at(start + timedelta(weeks=3, days=4))  # a week after the third follow-up
    paused = set(
        Participant.objects.filter(routine=routine, status=ParticipantStatus.PAUSED).values_list(
            "person__first_name", flat=True
        )
    )
    assert paused == {p.first_name for p in circle.people[2:]}  # the host answers via Bram
    to_host = [m for m in smtp_server.messages if m["To"] == circle.people[0].email]
    named = [
        p.first_name
        for p in circle.people
        if any(str(m["Subject"]).startswith(f"{p.first_name} de Vries") for m in to_host)
    ]
    assert set(named) == paused and len(named) == len(paused)  # one notice per paused person
    # and in the same tick each paused person's calendar gives back the dates ahead
    ahead = routine.occurrences.filter(starts_at__gt=start + timedelta(weeks=3, days=4))
    assert ahead.exists()
    for person in circle.people:
        methods = [
            str(Calendar.from_ical(part.get_content())["METHOD"])
            for m in smtp_server.messages
            if m["To"] == person.email
            for part in m.walk()
            if part.get_content_type() == "text/calendar"
        ]
        if person.first_name in paused:
            invited = Dispatch.objects.filter(
                person=person, purpose=Purpose.INVITATION, occurrence__in=ahead
            )
            assert methods == ["CANCEL"] * invited.count() and methods
        else:
            assert set(methods) <= {"REQUEST"}  # the newly planned date
    smtp_server.messages.clear()
    tick_at(start + timedelta(weeks=3, days=4, minutes=5))
    assert smtp_server.messages == []  # no second notice, and the paused get nothing


def test_a_random_coffee_round_pairs_everyone_once_with_one_trio(circle, smtp_server):
    routine = circle.routine(
        name="Random coffee", format=Format.RANDOM_COFFEE, cadence=Cadence.MONTHLY
    )
    dnp = DoNotPair.objects.create(person=circle.people[1], other=circle.people[2])
    tick_at(datetime(2027, 3, 5, 9, 0, tzinfo=UTC))  # pairs the round of 10 March
    occurrence = first_meeting(routine)
    seats = list(RoundSeat.objects.filter(occurrence=occurrence))
    groups: dict[int, set[int]] = {}
    for seat in seats:
        groups.setdefault(seat.group, set()).add(seat.person_id)
    assert sorted(len(g) for g in groups.values()) == [2, 2, 3]  # seven people
    assert {s.person_id for s in seats} == {p.pk for p in circle.people}
    for group in groups.values():
        assert not {dnp.person_id, dnp.other_id} <= group
    # each invitation names exactly the partners of its recipient's group
    for person in circle.people:
        (message,) = [m for m in smtp_server.messages if m["To"] == person.email]
        text = text_of(message)
        partners = next(g for g in groups.values() if person.pk in g) - {person.pk}
        named = {p.pk for p in circle.people if f"{p.first_name} de Vries" in text.split("\n")[2]}
        assert named == partners


def test_no_pair_meets_again_within_the_window(circle, smtp_server):
    routine = circle.routine(
        name="Random coffee",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.WEEKLY,
        pairing_window=2,
        started_on=date(2027, 3, 2),
    )
    for week in range(4):
        tick_at(datetime(2027, 3, 1, 9, 0, tzinfo=UTC) + timedelta(weeks=week))
    rounds = []
    for occurrence in routine.occurrences.filter(seats__isnull=False).distinct().order_by("on"):
        groups: dict[int, list[int]] = {}
        for seat in occurrence.seats.all():
            groups.setdefault(seat.group, []).append(seat.person_id)
        rounds.append({frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)})
    assert len(rounds) >= 3
    for i, pairs in enumerate(rounds):
        for earlier in rounds[max(0, i - 2) : i]:
            assert not pairs & earlier


def test_the_personal_calendar_feed_and_its_revocation(circle):
    routine = weekly(circle)
    tick_at(datetime(2027, 5, 1, 9, 0, tzinfo=UTC))
    member = circle.actor(circle.people[3], Role.MEMBER)
    client = Client()
    client.force_login(member.user)
    slug = circle.network.slug
    client.post(reverse("routines:calendar_rotate", kwargs={"slug": slug}))
    page = client.get(reverse("routines:list", kwargs={"slug": slug}))
    url = re.search(rb'id="feed-url">([^<]+)<', page.content).group(1).decode()
    anonymous = Client()
    feed = Calendar.from_ical(anonymous.get(url).content)
    events = feed.walk("VEVENT")
    assert {e["DTSTART"].dt.date() for e in events} == {o.on for o in routine.occurrences.all()}
    assert {str(e["UID"]) for e in events} == {
        f"routine-{routine.pk}-{o.on:%Y%m%d}@127.0.0.1" for o in routine.occurrences.all()
    }
    client.post(reverse("routines:calendar_rotate", kwargs={"slug": slug}))
    assert anonymous.get(url).status_code == 404
    services.participant_set(member, routine, circle.people[3], ParticipantStatus.OPTED_OUT)
    page = client.get(reverse("routines:list", kwargs={"slug": slug}))
    url = re.search(rb'id="feed-url">([^<]+)<', page.content).group(1).decode()
    assert Calendar.from_ical(anonymous.get(url).content).walk("VEVENT") == []
