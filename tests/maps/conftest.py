"""The map fixture network: a generated network imported once per session (the import queues
the map computation, which the test settings' immediate task backend runs at commit), with a
steward, a member, a sponsor, and two people who do not consent to be named."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Membership, Network, Person, Role

PASSWORD = "map-test-password-123"


@dataclass(eq=False)
class MapFixture:
    network: Network
    steward: object
    member: object
    sponsor: object
    refusers: list[Person]


@pytest.fixture(scope="module")
def mapped(django_db_setup, django_db_blocker, small_synthetic) -> Iterator[MapFixture]:
    """Made per module and removed after it: other modules' tests (and transactional tests that
    count every row) never see it."""
    with django_db_blocker.unblock():
        network = network_load_synthetic(synthetic=small_synthetic, slug="map-fixture")
        users = get_user_model().objects
        logins = {}
        for role in Role:
            logins[role] = users.create_user(f"map-{role.value}", password=PASSWORD)
            Membership.objects.create(user=logins[role], network=network, role=role)
        refusers = list(Person.objects.filter(network=network).order_by("pk")[:2])
        Person.objects.filter(pk__in=[p.pk for p in refusers]).update(consents_to_reports=False)
    yield MapFixture(
        network, logins[Role.STEWARD], logins[Role.MEMBER], logins[Role.SPONSOR], refusers
    )
    with django_db_blocker.unblock():
        Person.objects.filter(network=network).delete()  # organisations protect their people
        network.delete()
        for user in logins.values():
            user.delete()
