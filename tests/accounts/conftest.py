"""A small network with a steward for the accounts tests (cross-tenant tests use web.tenants)."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.helpers import Place, login_make
from netweave.networks.models import Network, Organisation, Person, Role


@pytest.fixture
def place() -> Place:
    network = Network.objects.create(name="Regio Netwerk", slug="regio", language="nl")
    organisation = Organisation.objects.create(
        network=network, name="Hogeschool", slug="hogeschool", sector="knowledge"
    )
    sanne = Person.objects.create(
        network=network,
        organisation=organisation,
        first_name="Sanne",
        last_name="Bakker",
        email="sanne@example.org",
        joined_on=date(2024, 1, 1),
    )
    return Place(network, login_make("sanne", network, Role.STEWARD, sanne))
