"""The dashboard's live lists show their first rows and how many there are in all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netweave.dashboard.selectors import LISTED, asks_without_offer, pending_introductions
from netweave.introductions.models import Introduction, Status
from netweave.ledger.models import Ask, Offer
from netweave.networks.models import Network, Person, Theme

pytestmark = pytest.mark.django_db

START = date(2026, 1, 1)


def network_with_people(slug: str, count: int) -> tuple[Network, list[Person]]:
    network = Network.objects.create(name=slug.title(), slug=slug)
    people = [
        Person.objects.create(network=network, first_name=f"P{i}", last_name="Vos", joined_on=START)
        for i in range(count)
    ]
    return network, people


def ask(person: Person, day: int, theme: Theme | None = None, closed: bool = False) -> Ask:
    return Ask.objects.create(
        network=person.network,
        person=person,
        theme=theme,
        text=f"ask {day}",
        created_on=START + timedelta(days=day),
        closed_on=START if closed else None,
    )


def test_asks_without_offer_lists_the_oldest_and_counts_them_all():
    network, people = network_with_people("vragen", 3)
    covered = Theme.objects.create(network=network, slug="heat", name_en="Heat", name_nl="Warmte")
    uncovered = Theme.objects.create(network=network, slug="food", name_en="Food", name_nl="Eten")
    Offer.objects.create(
        network=network, person=people[0], theme=covered, text="heat", created_on=START
    )
    waiting = [ask(people[1], day, uncovered if day % 2 else None) for day in range(LISTED + 3)]
    ask(people[1], 50, covered)  # an offer covers it
    ask(people[2], 60, closed=True)
    _elsewhere, strangers = network_with_people("elders", 1)
    ask(strangers[0], 0)

    listed = asks_without_offer(network)
    assert listed.total == LISTED + 3
    assert listed.rows == waiting[:LISTED]


def test_no_asks_without_offer_count_zero():
    network, _people = network_with_people("leeg", 1)
    assert asks_without_offer(network).total == 0
    assert asks_without_offer(network).rows == []
    assert pending_introductions(network).total == 0


def test_pending_introductions_list_the_oldest_and_count_them_all():
    network, people = network_with_people("intro", 4)
    statuses = [Status.SUGGESTED, Status.SENT, Status.ACCEPTED]
    pending = [
        Introduction.objects.create(
            network=network,
            person_a=people[0],
            person_b=people[1 + day % 3],
            status=statuses[day % 3],
            suggested_on=START + timedelta(days=day),
        )
        for day in range(LISTED + 2)
    ]
    Introduction.objects.create(
        network=network,
        person_a=people[0],
        person_b=people[1],
        status=Status.MET,
        suggested_on=START,
    )
    listed = pending_introductions(network)
    assert listed.total == LISTED + 2
    assert listed.rows == pending[:LISTED]
