"""The audit list: the network's own entries, newest first, fifty a page, verbs in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netweave.networks.actor import Actor
from netweave.networks.audit import Verb, record
from netweave.networks.models import AuditEntry, Network, Role

pytestmark = pytest.mark.django_db


def test_entries_are_paginated_newest_first_and_only_this_networks(client, place):
    actor = Actor(place.steward, place.network, Role.STEWARD, None)
    for number in range(60):
        record(actor, "custom.step", detail=f"step {number}")
    elsewhere = Network.objects.create(name="Elders", slug="elders")
    AuditEntry.objects.create(network=elsewhere, verb="custom.step", detail="not ours")
    client.force_login(place.steward)
    url = reverse("accounts:audit", args=["regio"])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    details = [entry.detail for entry, _what, _detail in first.context["entries"]]
    assert details == [f"step {n}" for n in range(59, 9, -1)]
    assert [entry.detail for entry, _what, _detail in second.context["entries"]] == [
        f"step {n}" for n in range(9, -1, -1)
    ]
    assert b"not ours" not in first.content + second.content
    assert client.get(url, {"page": "nonsense"}).status_code == 200


def test_known_verbs_are_words_in_the_visitors_language(client, place):
    actor = Actor(place.steward, place.network, Role.STEWARD, None)
    record(actor, Verb.MEMBERSHIP_REMOVED, place.steward.memberships.get())
    record(actor, "something.new")
    client.force_login(place.steward)
    url = reverse("accounts:audit", args=["regio"])

    english = client.get(url).context["entries"]
    dutch = client.get(url, headers={"accept-language": "nl"}).context["entries"]

    assert [str(what) for _entry, what, _detail in english] == ["something.new", "removed"]
    assert [str(what) for _entry, what, _detail in dutch] == ["something.new", "verwijderde"]
