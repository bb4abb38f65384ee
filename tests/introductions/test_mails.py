"""Introductions and the weekly digest through a real SMTP server: the mails are read, their
links followed with the test client, and a second tick sends nothing."""

from __future__ import annotations

import time as clock
from datetime import datetime, time, timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from netweave.introductions import links, selectors, services
from netweave.introductions.models import DigestMail, Introduction, Outcome, Status
from netweave.ledger.models import Interaction, Kind
from netweave.networks.models import Person
from netweave.routines.models import Cadence, Format, Occurrence, Participant, Routine
from ticks import tick_at

from .conftest import body_of, links_in, to

pytestmark = pytest.mark.django_db(transaction=True)


def send(chain, first: str, second: str) -> Introduction:
    today = timezone.localdate()
    a, b, reasons = selectors.pair_reasons(chain.network, chain.people[first], chain.people[second])
    return services.introduction_send(chain.steward, a, b, reasons=reasons, today=today)


def without_digests() -> None:
    Person.objects.update(weekly_digest=False)


def test_both_accept_meet_and_say_what_came_of_it(chain, smtp_server):
    without_digests()
    introduction = send(chain, "Chris", "Eva")
    now = timezone.now()
    tick_at(now)
    (to_chris,) = to(smtp_server.messages, "chris@example.org")
    (to_eva,) = to(smtp_server.messages, "eva@example.org")
    assert len(smtp_server.messages) == 2
    # Each in their own language, with the one sentence, and no address of the other yet.
    assert to_chris["Subject"] == "Een introductie: Eva Jansen"
    assert to_eva["Subject"] == "An introduction: Chris Jansen"
    chris_body, eva_body = body_of(to_chris), body_of(to_eva)
    assert "Anna Jansen would like to introduce you to Chris Jansen of Org 2." in eva_body
    assert "Chris asks about “Heat pumps for social housing" in eva_body
    assert "your offer covers that" in eva_body
    assert "You both know Dewi Jansen; Chris asks about" in eva_body
    assert "Jullie kennen allebei Dewi Jansen; je vraagt naar" in chris_body
    assert "eva@example.org" not in chris_body and "chris@example.org" not in eva_body

    client = Client()
    accept, _decline = links_in(to_chris)
    page = client.get(accept)
    assert page.status_code == 200 and b"Ja, stel ons voor" in page.content
    # A GET records nothing.
    assert Introduction.objects.get(network=chain.network).status == Status.SENT
    assert client.post(accept).status_code == 200
    smtp_server.messages.clear()
    tick_at(now + timedelta(minutes=5))
    assert smtp_server.messages == []  # one yes is not enough to share addresses

    eva_accept, _eva_decline = links_in(to_eva)
    done = client.post(eva_accept)
    assert b"you said yes" in done.content
    introduction.refresh_from_db()
    assert introduction.status == Status.ACCEPTED
    tick_at(now + timedelta(minutes=10))
    (contacts,) = to(smtp_server.messages, "chris@example.org")
    assert "eva@example.org" in body_of(contacts)
    assert "chris@example.org" in body_of(to(smtp_server.messages, "eva@example.org")[0])

    (met_link,) = links_in(contacts)
    met_on = timezone.localdate()
    assert client.post(met_link, {"met_on": met_on.isoformat()}).status_code == 200
    introduction.refresh_from_db()
    assert (introduction.status, introduction.met_on) == (Status.MET, met_on)
    logged = Interaction.objects.filter(network=chain.network, occurred_on=met_on)
    chris, eva, anna = (chain.people[n] for n in ("Chris", "Eva", "Anna"))
    assert logged.filter(kind=Kind.MEETING, person_a__in=[chris, eva], person_b__in=[chris, eva])
    credited = logged.filter(kind=Kind.INTRODUCTION, person_a=anna, directed=True)
    assert set(credited.values_list("person_b", flat=True)) == {chris.pk, eva.pk}
    assert client.post(met_link, {"met_on": met_on.isoformat()}).status_code == 200
    # Logged once, however often the link is used.
    assert Interaction.objects.filter(network=chain.network, occurred_on=met_on).count() == 3

    smtp_server.messages.clear()
    tick_at(now + timedelta(days=27))
    assert smtp_server.messages == []  # not yet four weeks
    tick_at(now + timedelta(days=29))
    (follow_up,) = to(smtp_server.messages, "eva@example.org")
    assert follow_up["Subject"] == "Did anything come of it? Chris Jansen"
    assert to(smtp_server.messages, "chris@example.org")[0]["Subject"].startswith(
        "Is er iets uit voortgekomen?"
    )
    (outcome_link,) = links_in(follow_up)
    answered = client.post(outcome_link, {"outcome": Outcome.WORKING_TOGETHER, "note": "A pilot"})
    assert answered.status_code == 200
    introduction.refresh_from_db()
    assert introduction.status == Status.FOLLOWED_UP
    assert introduction.outcome == Outcome.WORKING_TOGETHER
    assert introduction.outcome_note == "A pilot"

    smtp_server.messages.clear()
    second = tick_at(now + timedelta(days=29, minutes=5))
    assert smtp_server.messages == []
    assert sum(second.done.values()) == 0


def test_one_no_ends_it_and_no_addresses_are_shared(chain, smtp_server):
    without_digests()
    send(chain, "Chris", "Eva")
    now = timezone.now()
    tick_at(now)
    client = Client()
    _accept, decline = links_in(to(smtp_server.messages, "chris@example.org")[0])
    eva_accept, _decline = links_in(to(smtp_server.messages, "eva@example.org")[0])
    assert client.post(decline).status_code == 200
    assert Introduction.objects.get(network=chain.network).status == Status.DECLINED
    late = client.post(eva_accept)
    assert late.status_code == 400 and b"answered already" in late.content
    smtp_server.messages.clear()
    tick_at(now + timedelta(minutes=5))
    assert smtp_server.messages == []


def test_an_altered_expired_or_foreign_link_is_refused(chain, smtp_server):
    without_digests()
    introduction = send(chain, "Chris", "Eva")
    tick_at(timezone.now())
    accept, _decline = links_in(to(smtp_server.messages, "chris@example.org")[0])
    client = Client()
    assert client.get(accept[:-3] + "xx/").status_code == 404
    # A valid signature for someone who is not one of the two.
    bram = links.token(introduction, chain.people["Bram"], links.Do.ACCEPT)
    assert client.get(f"/introductions/link/{bram}/").status_code == 404
    later = clock.time() + links.MAX_AGE[links.Do.ACCEPT].total_seconds() + 86400
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later)
        assert client.get(accept).status_code == 404
        assert client.post(accept).status_code == 404
    assert Introduction.objects.get(network=chain.network).answer_a == "pending"


def _monday_morning_passed() -> datetime:
    """Now, or this week's Monday 09:00 if now is earlier in the week than the digest."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return max(timezone.now(), timezone.make_aware(datetime.combine(monday, time(9, 0))))


def test_the_weekly_digest_lists_each_members_week_once(chain, smtp_server):
    people = chain.people
    waiting = send(chain, "Bram", "Dewi")
    # A tie that cooled: Anna and Floor worked together a lot, months ago.
    long_ago = timezone.localdate() - timedelta(days=150)
    for days in range(3):
        Interaction.objects.create(
            network=chain.network,
            occurred_on=long_ago + timedelta(days=days),
            kind=Kind.JOINT_WORK,
            person_a=people["Anna"],
            person_b=people["Floor"],
        )
    routine = Routine.objects.create(
        network=chain.network,
        name="Warmtecafé",
        format=Format.MEETUP,
        cadence=Cadence.MONTHLY_WEEKDAY,
        started_on=long_ago,
        paused=True,  # no invitations in this test: only the digest's list
    )
    Participant.objects.create(routine=routine, person=people["Anna"])
    soon = timezone.localdate() + timedelta(days=3)
    Occurrence.objects.create(routine=routine, on=soon, scheduled_for=soon, held=True)
    Person.objects.filter(pk=people["Dewi"].pk).update(weekly_digest=False)

    now = _monday_morning_passed()
    tick_at(now)
    digests = [m for m in smtp_server.messages if "Warmte" in m["Subject"]]
    assert "dewi@example.org" not in {m["To"] for m in digests}  # opted out
    (anna,) = to(digests, "anna@example.org")
    assert anna["Subject"] == "Je week in Warmte"
    anna_body = body_of(anna)
    assert "Banden om te vernieuwen" in anna_body and "Floor Jansen" in anna_body
    assert "Warmtecafé" in anna_body
    (eva,) = to(digests, "eva@example.org")
    assert eva["Subject"] == "Your week in Warmte"
    eva_body = body_of(eva)
    assert "Open asks your offers could answer:" in eva_body
    assert "Chris Jansen: Heat pumps for social housing" in eva_body
    (bram,) = to(digests, "bram@example.org")
    accept = links_in(bram)[0]
    assert Client().post(accept).status_code == 200
    waiting.refresh_from_db()
    assert waiting.answer_of(people["Bram"]) == "accepted"

    sent = len(smtp_server.messages)
    again = tick_at(now + timedelta(minutes=5))
    assert len(smtp_server.messages) == sent
    assert sum(again.done.values()) == 0
    today = timezone.localdate(now)
    weeks = DigestMail.objects.values_list("week", flat=True).distinct()
    assert list(weeks) == [today - timedelta(days=today.weekday())]
    assert not DigestMail.objects.filter(person=people["Dewi"]).exists()
