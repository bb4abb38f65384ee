from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from netweave.dashboard.figures import DashboardFigures
from netweave.dashboard.models import HealthSnapshot
from netweave.interop.demo import DEMO_MEMBERS, demo_prepare
from netweave.ledger.models import Interaction
from netweave.networks.models import Membership, Network, Organisation, Person, Role
from netweave.routines.models import (
    Cadence,
    Format,
    Occurrence,
    ParticipantStatus,
    RoundSeat,
    Routine,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
MIDSUMMER = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)


def test_demo_twice_neither_fails_nor_duplicates(settings, tmp_path, client):
    settings.NETWEAVE_HOME = tmp_path
    first = demo_prepare(now=MIDSUMMER)
    counts = (Network.objects.count(), Person.objects.count(), Interaction.objects.count())

    second = demo_prepare(now=MIDSUMMER + timedelta(days=1))

    assert first.created and not second.created
    assert (Network.objects.count(), Person.objects.count(), Interaction.objects.count()) == counts
    assert first.steward == second.steward
    # The printed login works on the login page (which checks it through django-axes).
    login = {"username": second.steward.username, "password": second.steward.password}
    assert client.post(reverse("web:login"), login).status_code == 302


def test_demo_network_has_the_promised_size(settings, tmp_path):
    settings.NETWEAVE_HOME = tmp_path
    result = demo_prepare(now=MIDSUMMER)

    assert Person.objects.filter(network=result.network).count() >= DEMO_MEMBERS * 0.9
    assert 30 <= Organisation.objects.filter(network=result.network).count() <= 50
    years = {
        d.year
        for d in Interaction.objects.filter(network=result.network).dates("occurred_on", "year")
    }
    assert years >= {2024, 2025, 2026}


def test_demo_leaves_an_existing_steward_account_alone(settings, tmp_path, client):
    settings.NETWEAVE_HOME = tmp_path
    theirs = User.objects.create_user(username="steward", password="their own secret 1")

    result = demo_prepare(now=MIDSUMMER)

    theirs.refresh_from_db()
    assert theirs.check_password("their own secret 1")
    assert not theirs.is_superuser and not theirs.is_staff
    assert not Membership.objects.filter(user=theirs).exists()
    assert result.steward.username == "steward-2"
    login = {"username": "steward", "password": "their own secret 1"}
    assert client.post(reverse("web:login"), login).status_code == 302


def test_demo_steward_steers_the_demo_network_only(settings, tmp_path, client):
    settings.NETWEAVE_HOME = tmp_path
    other = Network.objects.create(name="Elders", slug="elders")

    result = demo_prepare(now=MIDSUMMER)

    steward = User.objects.get(username=result.steward.username)
    assert not steward.is_superuser and not steward.is_staff
    assert list(Membership.objects.filter(user=steward).values_list("network", "role")) == [
        (result.network.pk, Role.STEWARD)
    ]
    client.force_login(steward)
    own = client.get(reverse("web:network", kwargs={"slug": result.network.slug}))
    foreign = client.get(reverse("web:network", kwargs={"slug": other.slug}))
    assert own.status_code == 200
    assert foreign.status_code in (403, 404)
    assert client.get("/admin/").status_code == 302  # to the admin's login: no admin access


def test_demo_makes_the_installation_admin_once_and_only_without_one(settings, tmp_path):
    settings.NETWEAVE_HOME = tmp_path
    first = demo_prepare(now=MIDSUMMER)
    second = demo_prepare(now=MIDSUMMER)

    assert first.admin is not None and second.admin is None
    admin = User.objects.get(username=first.admin.username)
    assert admin.is_superuser and admin.check_password(first.admin.password)
    assert admin.username != first.steward.username
    assert User.objects.filter(is_superuser=True).count() == 1
    # The admin's password is kept nowhere in NETWEAVE_HOME.
    assert not any(
        first.admin.password in path.read_text(errors="ignore")
        for path in tmp_path.rglob("*")
        if path.is_file() and path.suffix != ".sqlite3"
    )


def test_demo_makes_no_admin_when_the_installation_has_one(settings, tmp_path):
    settings.NETWEAVE_HOME = tmp_path
    User.objects.create_superuser(username="root", email="", password="x" * 20)

    assert demo_prepare(now=MIDSUMMER).admin is None


def test_the_demo_opens_on_routines_with_participants_and_meetings_planned(settings, tmp_path):
    # Before anyone ran `netweave tick`, a stranger sees who takes part and what comes next.
    settings.NETWEAVE_HOME = tmp_path
    network = demo_prepare(now=MIDSUMMER).network

    running = Routine.objects.filter(network=network, ended_on__isnull=True)
    assert running.exists()
    for routine in running:
        taking_part = routine.participants.filter(status=ParticipantStatus.ACTIVE)
        assert taking_part.exists(), routine
        # Only members who are still in the network take part.
        assert not taking_part.filter(person__left_on__isnull=False).exists()
        coming = routine.occurrences.filter(starts_at__gt=MIDSUMMER, cancelled=False)
        if routine.cadence != Cadence.QUARTERLY:  # planned 35 days ahead: one is due
            assert coming.exists(), routine
    # A random-coffee round due within the week is paired, as the tick pairs it.
    due = Occurrence.objects.filter(
        routine__network=network,
        routine__format=Format.RANDOM_COFFEE,
        starts_at__gt=MIDSUMMER,
        starts_at__lte=MIDSUMMER + timedelta(days=7),
    )
    assert all(RoundSeat.objects.filter(occurrence=o).exists() for o in due)
    # Ended routines plan nothing.
    ended = Routine.objects.filter(network=network, ended_on__isnull=False)
    assert not Occurrence.objects.filter(routine__in=ended, starts_at__gt=MIDSUMMER).exists()


def test_the_demo_steward_is_a_member_who_hosts_a_running_routine(settings, tmp_path, client):
    # "My page" and "My introductions" show a coordinator's own network, not "no member linked".
    settings.NETWEAVE_HOME = tmp_path
    result = demo_prepare(now=MIDSUMMER)

    membership = Membership.objects.get(user__username=result.steward.username)
    person = membership.person
    assert person is not None and person.network == result.network and person.left_on is None
    assert Routine.objects.filter(steward=person, ended_on__isnull=True).exists()
    client.force_login(membership.user)
    page = client.get(reverse("networks:me", kwargs={"slug": result.network.slug}))
    assert person.first_name in page.content.decode()


def test_the_demo_opens_with_its_dashboard_figures(settings, tmp_path):
    """The first page a demo user sees is the dashboard: its figures are there, not queued."""
    settings.NETWEAVE_HOME = tmp_path
    result = demo_prepare(now=MIDSUMMER)

    snapshot = HealthSnapshot.objects.get(network=result.network)
    assert snapshot.computed_at is not None
    assert DashboardFigures.from_json(snapshot.content).numbers["members"].now > 0
