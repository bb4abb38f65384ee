"""Every page with a network or an object in its URL, tried by everyone who should not get in.

The walk covers the URL patterns as they are, so a new page is covered without editing this
file: a pattern with a ``slug`` or an ``<int:…>`` must be a ``network_page`` and declare each id
as an object, or the first test fails. Then, for every such page and each of its methods:
- an anonymous visitor is sent to the login page;
- a steward of another network gets the same 404 as for a network that does not exist, and a
  steward of this network asking for another network's object gets 404 too;
- a member or sponsor gets 403 wherever the policy table does not allow their role;
- this network's steward gets neither 403, nor 404, nor a server error.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from netweave.networks.models import Role
from netweave.networks.policy import allowed
from web.routes import cases, route_url, scoped_routes
from web.tenants import Tenant, tenant_make

pytestmark = pytest.mark.django_db


def test_every_page_with_a_network_or_id_goes_through_the_framework():
    routes = scoped_routes()
    assert routes, "no network pages found: the URL walk is broken"
    unguarded = [r.route for r in routes if r.spec is None]
    assert not unguarded, f"views not wrapped in network_page: {unguarded}"
    undeclared = [
        (r.route, name)
        for r in routes
        for name, conv in r.kwargs
        if conv == "IntConverter" and name not in r.spec.objects  # type: ignore[union-attr]
    ]
    assert not undeclared, f"ids not declared as network_page objects: {undeclared}"


@pytest.fixture
def tenants() -> tuple[Tenant, Tenant]:
    return tenant_make("alpha", seed=11), tenant_make("beta", seed=12)


def _request(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


def _unmasked(page: bytes) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"<csrf>", page)


def test_anonymous_visitors_are_sent_to_the_login_page(client, tenants):
    alpha, _beta = tenants
    login = reverse("web:login")
    for route, method in cases():
        response = _request(client, method, route_url(route, alpha.network.slug, alpha))
        assert response.status_code == 302, (route.route, method, response.status_code)
        assert response["Location"].startswith(login), (route.route, method)


def test_another_networks_steward_gets_the_404_of_a_missing_network(client, tenants):
    alpha, beta = tenants
    client.force_login(beta.logins[Role.STEWARD])
    for route, method in cases():
        foreign = _request(client, method, route_url(route, alpha.network.slug, alpha))
        missing = _request(client, method, route_url(route, "no-such-network", alpha))
        assert foreign.status_code == missing.status_code == 404, (route.route, method)
        # Apart from its own address (the language form) and the per-request CSRF mask: identical.
        same = foreign.content.replace(alpha.network.slug.encode(), b"no-such-network")
        assert _unmasked(same) == _unmasked(missing.content), (route.route, method)


def test_another_networks_objects_are_404_in_your_own_network(client, tenants):
    alpha, beta = tenants
    client.force_login(alpha.logins[Role.STEWARD])
    for route, method in cases():
        assert route.spec is not None
        if not route.spec.objects:
            continue
        response = _request(client, method, route_url(route, alpha.network.slug, beta))
        assert response.status_code == 404, (route.route, method, response.status_code)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.SPONSOR])
def test_roles_the_policy_does_not_allow_get_403(client, tenants, role):
    alpha, _beta = tenants
    client.force_login(alpha.logins[role])
    refused = 0
    for route, method in cases():
        assert route.spec is not None
        if allowed(role, route.spec.action):
            continue
        response = _request(client, method, route_url(route, alpha.network.slug, alpha))
        assert response.status_code == 403, (route.route, method, response.status_code)
        refused += 1
    assert refused, f"no page refuses a {role.value}: the policy table is not being applied"


def test_the_networks_own_steward_gets_every_page(client, tenants):
    alpha, _beta = tenants
    client.force_login(alpha.logins[Role.STEWARD])
    for route, method in cases():
        response = _request(client, method, route_url(route, alpha.network.slug, alpha))
        assert response.status_code not in (403, 404), (route.route, method, response.status_code)
        assert response.status_code < 500, (route.route, method, response.status_code)


def test_home_and_switcher_list_only_your_own_networks(client, tenants):
    alpha, beta = tenants
    client.force_login(alpha.logins[Role.MEMBER])
    home = client.get(reverse("web:home"))
    assert list(home.context["networks"]) == [alpha.network]
    page = client.get(reverse("web:network", kwargs={"slug": alpha.network.slug}))
    assert list(page.context["my_networks"]) == [alpha.network]
    assert beta.network.name.encode() not in page.content
