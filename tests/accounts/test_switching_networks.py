"""One login in several networks: the home page and the switcher list exactly those, and the
role is the one held in the network being looked at."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.helpers import PASSWORD, login_make
from netweave.networks.models import Membership, Network, Role

pytestmark = pytest.mark.django_db


def test_a_login_switches_between_its_networks_with_its_role_in_each(client, place):
    kennis = Network.objects.create(name="Kennisnetwerk", slug="kennis")
    Network.objects.create(name="Geheim Netwerk", slug="geheim")
    Membership.objects.create(user=place.steward, network=kennis, role=Role.MEMBER)
    client.force_login(place.steward)

    home = client.get(reverse("web:home"))
    assert [n.slug for n in home.context["networks"]] == ["kennis", "regio"]
    assert b"Geheim" not in home.content

    regio = client.get(reverse("web:network", args=["regio"]))
    switcher = [n.slug for n in regio.context["my_networks"]]
    assert switcher == ["kennis", "regio"]
    assert reverse("web:network", args=["kennis"]).encode() in regio.content
    assert reverse("accounts:members", args=["regio"]).encode() in regio.content

    other = client.get(reverse("web:network", args=["kennis"]))
    assert other.context["actor"].role == Role.MEMBER
    assert reverse("accounts:members", args=["kennis"]).encode() not in other.content
    assert client.get(reverse("accounts:members", args=["kennis"])).status_code == 403
    assert client.get(reverse("web:network", args=["geheim"])).status_code == 404


def test_a_login_without_networks_is_told_so(client, place):
    loner = login_make("loner", place.network, Role.MEMBER)
    loner.memberships.all().delete()
    client.force_login(loner)
    assert b"not a member of any network yet" in client.get(reverse("web:home")).content


def _log_in(client, username: str, **next_page: str):
    return client.post(
        reverse("web:login"), {"username": username, "password": PASSWORD, **next_page}
    )


def test_a_login_in_one_network_goes_straight_to_it(client, place):
    assert _log_in(client, "sanne").url == reverse("web:network", args=["regio"])


def test_a_login_in_one_network_asked_for_the_home_page_goes_to_the_network_too(client, place):
    # The header's "Log in" on the home page asks to come back to it: a list with one link.
    response = _log_in(client, "sanne", next=reverse("web:home"))
    assert response.url == reverse("web:network", args=["regio"])


def test_a_page_asked_for_comes_first(client, place):
    members = reverse("accounts:members", args=["regio"])
    assert _log_in(client, "sanne", next=members).url == members


def test_a_login_in_several_or_no_networks_gets_the_list(client, place):
    kennis = Network.objects.create(name="Kennisnetwerk", slug="kennis")
    Membership.objects.create(user=place.steward, network=kennis, role=Role.MEMBER)
    assert _log_in(client, "sanne").url == reverse("web:home")
    client.logout()
    loner = login_make("loner", place.network, Role.MEMBER)
    loner.memberships.all().delete()
    assert _log_in(client, "loner").url == reverse("web:home")
