"""The REST API: tokens, roles and tenant scoping as on the pages; bulk logging all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netweave.api.models import ApiToken
from netweave.api.services import token_create
from netweave.ledger.models import Interaction
from netweave.networks.models import Person, Role
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return tenant_make("eerste", seed=3), tenant_make("tweede", seed=4)


def _bearer(user) -> dict[str, str]:
    _token, plain = token_create(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_a_token_is_stored_only_as_a_digest_and_can_be_revoked(two, client):
    first, _second = two
    user = first.logins[Role.STEWARD]
    token, plain = token_create(user, name="crm")

    assert plain not in {token.digest, token.prefix} and len(token.digest) == 64
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    assert client.get("/api/v1/networks/eerste/members", **headers).status_code == 200

    client.force_login(user)
    client.post("/account/tokens/", {"revoke": token.pk})

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client().get("/api/v1/networks/eerste/members", **headers).status_code == 401


def test_another_networks_data_is_not_found_with_a_valid_token(two, client):
    first, second = two
    headers = _bearer(first.logins[Role.STEWARD])
    person = Person.objects.filter(network=second.network).first()

    for path in ("members", "interactions", "asks", "organisations", "reports"):
        assert client.get(f"/api/v1/networks/tweede/{path}", **headers).status_code == 404
    assert (
        client.get(f"/api/v1/networks/eerste/interactions?person={person.pk}", **headers).json()[
            "items"
        ]
        == []
    )


def test_members_paginate_and_filter_and_hide_emails_from_members(two, client):
    first, _second = two
    steward, member = _bearer(first.logins[Role.STEWARD]), _bearer(first.logins[Role.MEMBER])

    page = client.get("/api/v1/networks/eerste/members?limit=5&offset=5", **steward).json()

    everyone = list(Person.objects.filter(network=first.network).order_by("pk"))
    assert page["count"] == len(everyone)
    assert [m["id"] for m in page["items"]] == [p.pk for p in everyone[5:10]]
    assert all(m["email"] for m in page["items"])
    seen_by_member = client.get("/api/v1/networks/eerste/members?limit=5", **member).json()
    assert {m["email"] for m in seen_by_member["items"]} == {None}
    current = client.get("/api/v1/networks/eerste/members?current=true", **steward).json()
    assert current["count"] == sum(1 for p in everyone if p.left_on is None)


def test_bulk_logging_is_all_or_nothing(two, client):
    first, second = two
    steward = first.logins[Role.STEWARD]
    people = list(Person.objects.filter(network=first.network, left_on__isnull=True)[:3])
    stranger = Person.objects.filter(network=second.network).first()
    before = Interaction.objects.count()
    url = "/api/v1/networks/eerste/interactions"
    good = {
        "subject": people[0].pk,
        "verb": "helped",
        "other": people[1].pk,
        "occurred_on": "2026-01-05",
    }
    bad = {
        "subject": people[0].pk,
        "verb": "met",
        "other": stranger.pk,
        "occurred_on": "2026-01-05",
    }

    refused = client.post(url, [good, bad], content_type="application/json", **_bearer(steward))

    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {"index": 1, "field": "other", "message": "No such member."}
    ]
    assert Interaction.objects.count() == before

    done = client.post(url, [good, good], content_type="application/json", **_bearer(steward))
    assert done.status_code == 201 and done.json()["created"] == 2
    assert Interaction.objects.filter(logged_via="api").count() == 2


def test_bulk_logging_names_a_day_further_back_than_ten_years(two, client):
    first, _second = two
    people = list(Person.objects.filter(network=first.network, left_on__isnull=True)[:2])
    too_old = date(timezone.localdate().year - 11, 6, 1)
    item = {"subject": people[0].pk, "verb": "met", "other": people[1].pk}

    refused = client.post(
        "/api/v1/networks/eerste/interactions",
        [{**item, "occurred_on": "2026-01-05"}, {**item, "occurred_on": too_old.isoformat()}],
        content_type="application/json",
        **_bearer(first.logins[Role.STEWARD]),
    )

    assert refused.status_code == 422
    [problem] = refused.json()["problems"]
    assert (problem["index"], problem["field"]) == (1, "occurred_on")
    assert problem["message"].startswith("Choose a date from ")
    assert not Interaction.objects.filter(logged_via="api").exists()


def test_a_sponsor_may_read_but_not_log(two, client):
    first, _second = two
    sponsor = _bearer(first.logins[Role.SPONSOR])

    assert client.get("/api/v1/networks/eerste/asks", **sponsor).status_code == 200
    response = client.post(
        "/api/v1/networks/eerste/interactions", [], content_type="application/json", **sponsor
    )
    assert response.status_code == 403


def test_metrics_are_the_report_figures(two, client):
    first, _second = two
    headers = _bearer(first.logins[Role.MEMBER])

    response = client.get("/api/v1/networks/eerste/metrics?year=2025", **headers)

    from netweave.insights import Period, analyse
    from netweave.reports.selectors import network_tables

    expected = analyse(network_tables(first.network), Period.year(2025)).headline()
    assert response.status_code == 200 and response.json()["figures"] == pytest.approx(expected)
    assert client.get("/api/v1/networks/eerste/metrics?year=1990", **headers).status_code == 404


def test_a_nul_character_is_refused_as_bad_input_not_a_server_error(two, client):
    """PostgreSQL cannot hold NUL; a client sending one gets a 422, and nothing is written."""
    first, _second = two
    steward = _bearer(first.logins[Role.STEWARD])
    searched = client.get("/api/v1/networks/eerste/members?name=an%00na", **steward)
    assert searched.status_code == 422

    people = list(Person.objects.filter(network=first.network, left_on__isnull=True)[:2])
    before = Interaction.objects.count()
    logged = client.post(
        "/api/v1/networks/eerste/interactions",
        [
            {
                "subject": people[0].pk,
                "verb": "met",
                "other": people[1].pk,
                "occurred_on": "2026-01-05",
                "note": "coffee\x00",
            }
        ],
        content_type="application/json",
        **steward,
    )
    assert logged.status_code == 422
    assert Interaction.objects.count() == before


@pytest.mark.parametrize("role", [Role.STEWARD, Role.MEMBER, Role.SPONSOR])
def test_every_login_finds_its_tokens_page_in_its_menu(two, client, role):
    """A token acts with its user's roles, so every role may have one; the page must be found
    from the login's menu on every page, not only by typing its address."""
    first, _second = two
    client.force_login(first.logins[role])
    tokens = reverse("api-tokens")
    link = f'href="{tokens}"'

    for page in (reverse("web:home"), reverse("web:network", args=["eerste"]), tokens):
        response = client.get(page)
        assert response.status_code == 200, page
        assert link in response.content.decode(), page
    assert link not in Client().get(reverse("web:home")).content.decode()


def test_the_tokens_page_says_a_token_was_revoked_once(two, client):
    user = two[0].logins[Role.MEMBER]
    token, _plain = token_create(user, name="crm")
    client.force_login(user)
    page = client.post(reverse("api-tokens"), {"revoke": token.pk}, follow=True)
    assert page.content.decode().count("The token was revoked.") == 1
