"""A small network with a steward and members who have e-mail addresses, for routine tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest
from django.contrib.auth import get_user_model

from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Organisation, Person, Role, Sector
from netweave.routines import services
from netweave.routines.models import Cadence, Format, Participant, Routine


@dataclass
class Circle:
    network: Network
    steward: Actor
    people: list[Person]

    def actor(self, person: Person, role: Role = Role.MEMBER) -> Actor:
        user = get_user_model().objects.create_user(f"user-{person.pk}", password="pw-not-used")
        Membership.objects.create(user=user, network=self.network, role=role, person=person)
        return Actor(user=user, network=self.network, role=role, person=person)

    def routine(self, **overrides: object) -> Routine:
        fields = {
            "name": "Monthly breakfast",
            "format": Format.MEETUP,
            "cadence": Cadence.MONTHLY_WEEKDAY,
            "rrule": "",
            "started_on": date(2026, 3, 10),  # the second Tuesday of March
            "start_time": time(8, 30),
            "duration_minutes": 90,
            "place": "Stadhuis, Utrecht",
            "video_link": "",
            "host": self.people[0],
            "pairing_window": 6,
        }
        fields.update(overrides)
        routine = services.routine_create(self.steward, services.RoutineFields(**fields))  # type: ignore[arg-type]
        for person in self.people[1:]:
            Participant.objects.get_or_create(routine=routine, person=person)
        return routine


@pytest.fixture
def circle(db: None) -> Circle:
    network = Network.objects.create(name="Kring", slug="kring")
    sectors = [Sector.GOVERNMENT, Sector.BUSINESS, Sector.KNOWLEDGE]
    organisations = [
        Organisation.objects.create(network=network, name=f"Org {i}", slug=f"org-{i}", sector=s)
        for i, s in enumerate(sectors)
    ]
    names = ["Anna", "Bram", "Chris", "Dewi", "Eva", "Floor", "Gijs"]
    people = [
        Person.objects.create(
            network=network,
            organisation=organisations[i % 3],
            first_name=name,
            last_name="de Vries",
            email=f"{name.lower()}@example.org",
            language="en" if i % 2 else "nl",
            joined_on=date(2024, 1, 1),
        )
        for i, name in enumerate(names)
    ]
    user = get_user_model().objects.create_user("steward", password="pw-not-used")
    Membership.objects.create(user=user, network=network, role=Role.STEWARD, person=people[0])
    steward = Actor(user=user, network=network, role=Role.STEWARD, person=people[0])
    return Circle(network=network, steward=steward, people=people)
