"""A person's own data and their erasure: nothing identifying stays, every figure still adds up."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from netweave.insights import Period, analyse
from netweave.interop.privacy import person_data_export, person_erase
from netweave.interop.synthetic import network_load_synthetic
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.models import AuditEntry, Membership, Person, Role
from netweave.reports.selectors import network_tables

pytestmark = pytest.mark.django_db


def _actor(network, role, person, name):
    user = get_user_model().objects.create_user(name)
    Membership.objects.create(user=user, network=network, role=role, person=person)
    return Actor(user=user, network=network, role=role, person=person)


@pytest.fixture
def setting(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="privacy")
    people = list(Person.objects.filter(network=network).order_by("pk"))
    # The busiest member with an ask: erasing them moves figures if anything is lost.
    asker = Ask.objects.filter(network=network).values_list("person", flat=True)
    busiest = max(
        (p for p in people if p.pk in set(asker)),
        key=lambda p: Interaction.objects.filter(person_a=p).count(),
    )
    steward = _actor(network, Role.STEWARD, people[0] if people[0] != busiest else people[1], "s")
    member = _actor(network, Role.MEMBER, busiest, "m")
    return network, busiest, steward, member


def test_a_member_downloads_everything_about_themselves(setting):
    _network, person, _steward, member = setting

    document = person_data_export(member, person)

    json.dumps(document)  # the download is JSON
    assert document["person"]["email"] == person.email
    expected = (
        Interaction.objects.filter(person_a=person).count()
        + Interaction.objects.filter(person_b=person).count()
    )
    assert len(document["interactions"]) == expected > 0
    assert [a["text"] for a in document["asks"]] == list(
        Ask.objects.filter(person=person).values_list("text", flat=True)
    )
    assert document["memberships"] == [{"user__username": "m", "role": "member"}]
    assert AuditEntry.objects.filter(verb="person.data_exported", target_id=str(person.pk)).exists()


def test_a_member_may_not_download_someone_elses_data(setting):
    network, person, steward, member = setting
    other = Person.objects.filter(network=network).exclude(pk=person.pk).first()

    with pytest.raises(PermissionDenied):
        person_data_export(member, other)
    assert person_data_export(steward, other)["person"]["email"] == other.email


def test_erasure_removes_identity_and_keeps_every_figure(setting):
    network, person, steward, _member = setting
    audit.record(steward, "person.updated", person)  # an earlier entry naming them
    name, email = str(person), person.email
    interactions = Interaction.objects.filter(network=network).count()
    asks = Ask.objects.filter(network=network).count()
    figures = analyse(network_tables(network), Period.year(2025)).headline()

    person_erase(steward, person)

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == ("Anonymous", "member", "")
    assert person.organisation is not None and not person.consents_to_reports
    assert Interaction.objects.filter(network=network).count() == interactions
    assert Ask.objects.filter(network=network).count() == asks
    assert set(Ask.objects.filter(person=person).values_list("text", flat=True)) == {""}
    assert not Offer.objects.filter(person=person).exclude(text="").exists()
    assert not Membership.objects.filter(person=person).exists()
    assert analyse(network_tables(network), Period.year(2025)).headline() == figures
    entries = AuditEntry.objects.filter(target_id=str(person.pk), target_type="person")
    assert {e.verb for e in entries} == {"person.updated", "person.erased"}
    assert not any(name in e.target_label or email in e.detail for e in entries)


def test_only_a_steward_erases(setting):
    _network, person, _steward, member = setting

    with pytest.raises(PermissionDenied):
        person_erase(member, person)
    person.refresh_from_db()
    assert person.email
