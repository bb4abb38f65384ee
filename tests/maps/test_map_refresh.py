"""The maps are refreshed in the background, debounced: a burst of quick logs queues one task."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from netweave.ledger.services import Verb, interaction_log
from netweave.maps.models import MapState, NetworkMap
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Person, Role

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def member_and_others(names: tuple[str, ...]) -> tuple[Actor, list[Person]]:
    network = Network.objects.create(name="Kaart", slug="kaart")
    people = [
        Person.objects.create(
            network=network, first_name=name, last_name="Smit", joined_on=date(2024, 1, 1)
        )
        for name in names
    ]
    user = get_user_model().objects.create_user("kaart-member", password="pw-not-used")
    Membership.objects.create(user=user, network=network, role=Role.MEMBER, person=people[0])
    return Actor(user=user, network=network, role=Role.MEMBER, person=people[0]), people[1:]


def log_meetings(actor: Actor, others: list[Person]) -> None:
    for other in others:
        interaction_log(
            actor,
            verb=Verb.MET,
            subject=actor.person,
            other=other,
            occurred_on=timezone.localdate(),
        )


def map_tasks():
    return DBTaskResult.objects.filter(task_path__contains="network_map_refresh")


def test_a_burst_of_quick_logs_queues_one_map_refresh_that_a_worker_does(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    actor, others = member_and_others(("Anna", "Bram", "Chris", "Dewi"))
    with django_capture_on_commit_callbacks(execute=True):
        log_meetings(actor, others)
    assert map_tasks().count() == 1
    assert map_tasks().get().run_after > timezone.now() + timedelta(seconds=30), "it waits"
    assert not NetworkMap.objects.filter(network=actor.network).exists()

    DBTaskResult.objects.update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert NetworkMap.objects.filter(network=actor.network).exists()
    state = MapState.objects.get(network=actor.network)
    assert state.refresh_queued_at is None and state.seconds is not None

    with django_capture_on_commit_callbacks(execute=True):
        log_meetings(actor, others[:1])
    assert map_tasks().count() == 2, "a write after the refresh ran queues the next one"


def test_a_map_that_takes_long_waits_longer_before_the_next_refresh(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    actor, others = member_and_others(("Anna", "Bram"))
    MapState.objects.create(network=actor.network, seconds=30.0)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        log_meetings(actor, others)
    assert map_tasks().get().run_after >= before + timedelta(seconds=300)
