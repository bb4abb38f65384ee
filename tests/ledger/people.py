"""A small hand-made network for the ledger and people pages: names the tests can type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from netweave.networks.models import (
    Membership,
    Network,
    Organisation,
    Person,
    Role,
    Sector,
    Theme,
)


@dataclass(frozen=True)
class Circle:
    network: Network
    people: dict[str, Person]  # by last name
    logins: dict[str, User]  # by last name of the person the login belongs to
    themes: dict[str, Theme]
    organisations: dict[str, Organisation]


def person_add(
    network: Network, first: str, last: str, organisation: Organisation, **extra
) -> Person:
    return Person.objects.create(
        network=network,
        first_name=first,
        last_name=last,
        organisation=organisation,
        joined_on=date(2024, 1, 1),
        **extra,
    )


def circle_make(slug: str = "circle") -> Circle:
    """Five people in three organisations; Bakker is a member, Visser a steward, De Wit a
    sponsor, Mulder a member who does not consent to be named; Jansen has no login."""
    network = Network.objects.create(name=f"Circle {slug}", slug=slug)
    organisations = {
        "hanze": Organisation.objects.create(
            network=network, name="Hanzehogeschool", slug="hanze", sector=Sector.KNOWLEDGE
        ),
        "gemeente": Organisation.objects.create(
            network=network, name="Gemeente Groningen", slug="gemeente", sector=Sector.GOVERNMENT
        ),
        "bakkerij": Organisation.objects.create(
            network=network, name="Bakkerij Zoet", slug="bakkerij", sector=Sector.BUSINESS
        ),
    }
    people = {
        "Bakker": person_add(network, "Anna", "Bakker", organisations["hanze"]),
        "Visser": person_add(network, "Bram", "Visser", organisations["gemeente"]),
        "de Wit": person_add(network, "Carla", "de Wit", organisations["gemeente"]),
        "Mulder": person_add(
            network, "Daan", "Mulder", organisations["bakkerij"], consents_to_reports=False
        ),
        "Jansen": person_add(network, "Eva", "Jansen", organisations["bakkerij"]),
    }
    roles = {"Bakker": Role.MEMBER, "Visser": Role.STEWARD, "de Wit": Role.SPONSOR}
    roles["Mulder"] = Role.MEMBER
    logins = {}
    for last, role in roles.items():
        user = get_user_model().objects.create_user(f"{slug}-{last}", password="pw-circle-123")
        Membership.objects.create(user=user, network=network, role=role, person=people[last])
        logins[last] = user
    themes = {
        "energy": Theme.objects.create(
            network=network, slug="energy", name_en="Energy", name_nl="Energie"
        ),
        "care": Theme.objects.create(network=network, slug="care", name_en="Care", name_nl="Zorg"),
    }
    return Circle(network, people, logins, themes, organisations)
