"""The dashboard's rendered figures are kept (dashboard.fragments), and never shown stale: a new
snapshot, another language, a renamed person or another network each gets its own rendering."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netweave.dashboard.fragments import fragment_key
from netweave.dashboard.models import HealthSnapshot
from netweave.dashboard.selectors import dashboard_figures, health_snapshot
from netweave.dashboard.services import health_refresh
from netweave.networks.models import Person, Role
from netweave.networks.selectors import actor_for
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    return tenant_make("alpha", seed=11)


def _figures(client, network, language: str = "en") -> str:
    """The figures fragment as the steward's browser gets it (after the page computed them)."""
    url = reverse("dashboard:figures", args=[network.slug])
    return client.get(url, headers={"accept-language": language}).content.decode()


@pytest.fixture
def steward_client(client, alpha, django_capture_on_commit_callbacks):
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=True):  # the first visit computes them
        client.get(reverse("web:network", args=[alpha.network.slug]))
    assert "data-figure" in _figures(client, alpha.network)
    return client


def _store(network, **changes: object) -> None:
    snapshot = HealthSnapshot.objects.get(network=network)
    snapshot.content = {**snapshot.content, **changes}
    snapshot.save(update_fields=["content"])


def test_a_new_snapshot_is_shown_at_once_in_each_language(steward_client, alpha):
    _figures(steward_client, alpha.network, "nl")  # both languages rendered and kept
    _store(alpha.network, cooling_total=4321)
    assert "4,321 ties are cooling" in _figures(steward_client, alpha.network, "en")
    dutch = _figures(steward_client, alpha.network, "nl")
    assert "4.321" in dutch and "ties are cooling" not in dutch
    _store(alpha.network, cooling_total=4322)
    assert "4,322 ties are cooling" in _figures(steward_client, alpha.network, "en")
    page = steward_client.get(reverse("web:network", args=[alpha.network.slug]))
    assert "4,322 ties are cooling" in page.content.decode()


def test_a_renamed_or_erased_person_is_never_shown_by_their_old_name(steward_client, alpha):
    snapshot = HealthSnapshot.objects.get(network=alpha.network)
    listed = snapshot.content["unconnected"] or [t["a"] for t in snapshot.content["cooling"]]
    person = Person.objects.get(pk=listed[0])
    old = str(person)
    assert old in _figures(steward_client, alpha.network)
    Person.objects.filter(pk=person.pk).update(first_name="Zebedeus", last_name="Quast")
    shown = _figures(steward_client, alpha.network)
    assert "Zebedeus Quast" in shown and old not in shown


def test_each_network_has_its_own_fragment(alpha):
    beta = tenant_make("beta", seed=11)  # the same generated people and figures
    keys = set()
    for tenant in (alpha, beta):
        actor = actor_for(tenant.logins[Role.STEWARD], tenant.network.slug)
        health_refresh(tenant.network.pk)
        figures = dashboard_figures(actor, health_snapshot(tenant.network))
        keys.add(fragment_key(tenant.network, figures))
    assert len(keys) == 2


def test_no_member_without_a_tie_is_said_in_words_not_as_a_zero(steward_client, alpha):
    _store(alpha.network, unconnected_total=0, unconnected=[])
    english = _figures(steward_client, alpha.network, "en")
    assert "Every member has met someone in the network." in english
    assert "0 members have not met" not in english
    assert "Ieder lid heeft al iemand in het netwerk ontmoet." in _figures(
        steward_client, alpha.network, "nl"
    )
    _store(alpha.network, unconnected_total=2)
    assert "2 members have not met anyone in the network yet." in _figures(
        steward_client, alpha.network, "en"
    )
