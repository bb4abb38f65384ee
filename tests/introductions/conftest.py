"""A small network where the recommender has something to say: a chain of acquaintances, an ask
and an offer that match, a steward who introduces, members in Dutch and in English."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from netweave.introductions.stored import suggestions_refresh
from netweave.ledger.models import Ask, Interaction, Kind, Offer
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Organisation, Person, Role, Sector


@dataclass
class Chain:
    network: Network
    steward: Actor
    people: dict[str, Person]

    def actor(self, name: str, role: Role = Role.MEMBER) -> Actor:
        person = self.people[name]
        user = get_user_model().objects.create_user(f"user-{name}", password="pw-not-used")
        Membership.objects.create(user=user, network=self.network, role=role, person=person)
        return Actor(user=user, network=self.network, role=role, person=person)


NAMES = ("Anna", "Bram", "Chris", "Dewi", "Eva", "Floor")
LANGUAGES = {"Anna": "nl", "Bram": "en", "Chris": "nl", "Dewi": "en", "Eva": "en", "Floor": "nl"}


@pytest.fixture
def chain(db: None) -> Chain:
    """Anna – Bram – Chris – Dewi – Eva – Floor met in a chain; Anna (the steward) introduces.
    Chris asks about heat pumps for social housing and Eva offers exactly that. The suggestions
    are computed, as the background run does after these writes."""
    network = Network.objects.create(name="Warmte", slug="warmte")
    sectors = [Sector.GOVERNMENT, Sector.BUSINESS, Sector.KNOWLEDGE]
    organisations = [
        Organisation.objects.create(network=network, name=f"Org {i}", slug=f"org-{i}", sector=s)
        for i, s in enumerate(sectors)
    ]
    people = {
        name: Person.objects.create(
            network=network,
            organisation=organisations[i % 3],
            first_name=name,
            last_name="Jansen",
            email=f"{name.lower()}@example.org",
            language=LANGUAGES[name],
            joined_on=date(2024, 1, 1),
        )
        for i, name in enumerate(NAMES)
    }
    met_on = timezone.localdate() - timedelta(days=20)
    for first, second in itertools.pairwise(NAMES):
        Interaction.objects.create(
            network=network,
            occurred_on=met_on,
            kind=Kind.MEETING,
            person_a=people[first],
            person_b=people[second],
        )
    opened = date(2025, 1, 1)
    Ask.objects.create(
        network=network,
        person=people["Chris"],
        text="Heat pumps for social housing: who has installed them in older flats?",
        language="en",
        created_on=opened,
    )
    Offer.objects.create(
        network=network,
        person=people["Eva"],
        text="I installed heat pumps in social housing flats from the seventies.",
        language="en",
        created_on=opened,
    )
    user = get_user_model().objects.create_user("steward", password="pw-not-used")
    Membership.objects.create(user=user, network=network, role=Role.STEWARD, person=people["Anna"])
    steward = Actor(user=user, network=network, role=Role.STEWARD, person=people["Anna"])
    suggestions_refresh(network.pk)
    return Chain(network=network, steward=steward, people=people)


LINK = re.compile(r"https?://\S+/introductions/link/\S+/")


def links_in(message: EmailMessage) -> list[str]:
    """The introduction links in a mail's body, in order, as paths for the test client."""
    body = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    return [re.sub(r"^https?://[^/]+", "", url) for url in LINK.findall(body)]


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]
