"""The memberships page: roles change, logins leave, and a network keeps its last steward."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.helpers import login_make
from netweave.networks.models import AuditEntry, Membership, Network, Person, Role

pytestmark = pytest.mark.django_db


def _role(client, membership: Membership, role: str):
    return client.post(
        reverse("accounts:role", args=[membership.network.slug, membership.pk]), {"role": role}
    )


def _remove(client, membership: Membership):
    return client.post(reverse("accounts:remove", args=[membership.network.slug, membership.pk]))


def test_the_page_lists_every_login_with_role_and_member_record(client, place):
    jan = Person.objects.create(
        network=place.network, first_name="Jan", last_name="Smit", joined_on=date(2025, 1, 1)
    )
    login_make("jan", place.network, Role.MEMBER, jan)
    login_make("wethouder", place.network, Role.SPONSOR)
    elsewhere = Network.objects.create(name="Elders", slug="elders")
    login_make("stranger", elsewhere, Role.MEMBER)
    client.force_login(place.steward)

    response = client.get(reverse("accounts:members", args=["regio"]))

    rows = [(m.user.username, m.role, m.person) for m in response.context["memberships"]]
    assert rows == [
        ("sanne", Role.STEWARD, place.steward.memberships.get().person),
        ("jan", Role.MEMBER, jan),
        ("wethouder", Role.SPONSOR, None),
    ]
    assert b"stranger" not in response.content


def test_a_steward_changes_a_role_and_the_audit_list_says_so(client, place):
    jan = login_make("jan", place.network, Role.MEMBER)
    client.force_login(place.steward)
    membership = jan.memberships.get()

    assert _role(client, membership, "sponsor").status_code == 302

    membership.refresh_from_db()
    assert membership.role == Role.SPONSOR
    entry = AuditEntry.objects.get(verb="membership.role_changed")
    assert entry.user == place.steward and entry.target_id == str(membership.pk)
    # Stored as codes, shown in the reader's language (a Dutch steward read "Member → Sponsor").
    assert entry.detail == "member → sponsor"
    audit = client.get(reverse("accounts:audit", args=["regio"]), HTTP_ACCEPT_LANGUAGE="nl")
    assert '<td data-label="Toelichting">Lid → Sponsor</td>' in audit.content.decode()


def test_the_last_steward_cannot_step_down_or_be_removed(client, place):
    client.force_login(place.steward)
    own = place.steward.memberships.get()

    demoted = _role(client, own, "member")
    removed = _remove(client, own)

    assert demoted.status_code == removed.status_code == 400
    assert "at least one steward" in demoted.content.decode()
    assert "at least one steward" in removed.content.decode()
    own.refresh_from_db()
    assert own.role == Role.STEWARD
    assert not AuditEntry.objects.exists()


def test_with_a_second_steward_the_first_may_step_down(client, place):
    login_make("piet", place.network, Role.STEWARD)
    client.force_login(place.steward)
    own = place.steward.memberships.get()

    assert _role(client, own, "member").status_code == 302

    own.refresh_from_db()
    assert own.role == Role.MEMBER
    # Now a member: the memberships page is closed to them.
    assert client.get(reverse("accounts:members", args=["regio"])).status_code == 403


def test_a_removed_login_loses_the_network_but_the_person_stays(client, place):
    person = Person.objects.create(
        network=place.network, first_name="Jan", last_name="Smit", joined_on=date(2025, 1, 1)
    )
    jan = login_make("jan", place.network, Role.MEMBER, person)
    client.force_login(place.steward)
    confirm = client.get(reverse("accounts:remove", args=["regio", jan.memberships.get().pk]))
    assert confirm.status_code == 200 and b"Remove access" in confirm.content

    assert _remove(client, jan.memberships.get()).status_code == 302

    assert not Membership.objects.filter(user=jan).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(verb="membership.removed").count() == 1
    client.force_login(jan)
    assert client.get(reverse("web:network", args=["regio"])).status_code == 404


def test_an_unknown_role_is_refused_with_a_message(client, place):
    jan = login_make("jan", place.network, Role.MEMBER)
    client.force_login(place.steward)
    response = _role(client, jan.memberships.get(), "admiral")
    assert response.status_code == 400
    assert "Choose one of the roles." in response.content.decode()
    assert jan.memberships.get().role == Role.MEMBER


def test_the_role_button_says_what_it_does_in_dutch(client, place):
    # "Change" alone shared its Dutch with the report's column "Change" (a noun: "Verandering").
    client.force_login(place.steward)

    response = client.get(reverse("accounts:members", args=["regio"]), HTTP_ACCEPT_LANGUAGE="nl")

    assert "Rol wijzigen</button>" in response.content.decode()
