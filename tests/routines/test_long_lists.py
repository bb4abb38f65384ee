"""A network with many routines, and a routine with many participants, are shown a page at a
time: one's own routines first, then the running ones; found by name or format; every
participant once over the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from netweave.networks.models import Person
from netweave.routines.models import Cadence, Format, Participant, Routine
from netweave.routines.views import PARTICIPANTS_PAGE_SIZE, ROUTINES_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _steward(circle) -> Client:
    client = Client()
    client.force_login(circle.steward.user)
    return client


def _routine(circle, name: str, **fields) -> Routine:
    return Routine.objects.create(
        network=circle.network,
        name=name,
        cadence=Cadence.MONTHLY,
        started_on=date(2025, 1, 1),
        **{"format": Format.MEETUP, **fields},
    )


def _pages(client: Client, url: str, context_name: str, count: int) -> list:
    rows = []
    for number in range(1, count + 1):
        rows += list(client.get(url, {"page": number}).context[context_name])
    return rows


def test_the_routines_list_shows_running_then_paused_then_the_last_ended(circle):
    ended = [_routine(circle, f"Oud {n:02}", ended_on=date(2025, 3, n + 1)) for n in range(20)]
    paused = _routine(circle, "Stilgezet", paused=True)
    running = [_routine(circle, f"Loopt {n:02}") for n in range(ROUTINES_PAGE_SIZE)]
    url = reverse("routines:list", args=[circle.network.slug])
    shown = _pages(_steward(circle), url, "page", 2)
    assert shown == [*running, paused, *ended[::-1]]
    first = _steward(circle).get(url).content.decode()
    assert "Oud" not in first and 'rel="next"' in first


def test_a_routines_participants_are_paged_by_name_with_their_count(circle):
    routine = _routine(circle, "Koffie")
    many = PARTICIPANTS_PAGE_SIZE + 5
    people = Person.objects.bulk_create(
        Person(
            network=circle.network,
            first_name="Lid",
            last_name=f"{n:03}",
            joined_on=date(2025, 1, 1),
        )
        for n in range(many)
    )
    Participant.objects.bulk_create(Participant(routine=routine, person=p) for p in people)
    url = reverse("routines:detail", args=[circle.network.slug, routine.pk])
    client = _steward(circle)
    shown = _pages(client, url, "participants", 2)
    assert [p.person.last_name for p in shown] == [f"{n:03}" for n in range(many)]
    first = client.get(url).content.decode()
    assert f"({many})" in first and 'href="?page=2#participants"' in first


def test_a_member_finds_their_own_routines_first_and_others_by_name_or_format(circle):
    running = [_routine(circle, f"Loopt {n:02}") for n in range(3)]
    mine = _routine(circle, "Oude leerkring", ended_on=date(2025, 6, 1), format=Format.INTERVISION)
    Participant.objects.create(routine=mine, person=circle.steward.person)
    url = reverse("routines:list", args=[circle.network.slug])
    client = _steward(circle)
    listed = client.get(url)
    assert list(listed.context["page"]) == [mine, *running]
    assert "you take part" in listed.content.decode()
    assert list(client.get(url, {"q": "LEER"}).context["page"]) == [mine]
    assert list(client.get(url, {"format": "intervision"}).context["page"]) == [mine]
    nothing = client.get(url, {"q": "koffie"})
    assert "No routine matches these filters." in nothing.content.decode()
    # A format that is not one, or a NUL byte, filters nothing rather than failing.
    assert len(client.get(url, {"format": "picnic", "q": "a\x00"}).context["page"]) == 4
