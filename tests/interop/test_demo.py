from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from netweave.interop.demo import DEMO_MEMBERS, demo_prepare
from netweave.ledger.models import Interaction
from netweave.networks.models import Network, Organisation, Person

pytestmark = pytest.mark.django_db


def test_demo_twice_neither_fails_nor_duplicates(settings, tmp_path, client):
    settings.NETWEAVE_HOME = tmp_path
    first = demo_prepare(today=date(2026, 6, 30))
    counts = (Network.objects.count(), Person.objects.count(), Interaction.objects.count())

    second = demo_prepare(today=date(2026, 7, 1))

    assert first.created and not second.created
    assert (Network.objects.count(), Person.objects.count(), Interaction.objects.count()) == counts
    assert first.password == second.password
    # The printed login works on the login page (which checks it through django-axes).
    login = {"username": second.username, "password": second.password}
    assert client.post(reverse("web:login"), login).status_code == 302


def test_demo_network_has_the_promised_size(settings, tmp_path):
    settings.NETWEAVE_HOME = tmp_path
    result = demo_prepare(today=date(2026, 6, 30))

    assert Person.objects.filter(network=result.network).count() >= DEMO_MEMBERS * 0.9
    assert 30 <= Organisation.objects.filter(network=result.network).count() <= 50
    years = {
        d.year
        for d in Interaction.objects.filter(network=result.network).dates("occurred_on", "year")
    }
    assert years >= {2024, 2025, 2026}
