"""A whole network to netweave's JSON and back, under a new slug, identically.

The comparison is generic: every concrete field of every row of every model that belongs to a
network, read from the database (not from the document), references as row numbers. A model
that belongs to a network is either exported or named in ``NOT_EXPORTED`` with a reason, and
every field must hold something other than its default somewhere in the test network, so a
field added later and forgotten by the snapshot fails here rather than vanishing in a restore.
"""

from __future__ import annotations

import json
from datetime import time, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from netweave import tick
from netweave.initiatives.models import Initiative
from netweave.interop.importing.problems import ImportRefused
from netweave.interop.snapshot import NOT_EXPORTED, TABLES, network_snapshot
from netweave.interop.synthetic import network_load_synthetic
from netweave.introductions import selectors as introduction_selectors
from netweave.introductions import services as introduction_services
from netweave.introductions.models import DigestMail, Introduction, Outcome
from netweave.introductions.stored import suggestions_refresh
from netweave.ledger.models import Interaction
from netweave.ledger.services import Verb, interaction_log
from netweave.networks.models import Membership, Network, Person, Role
from netweave.networks.selectors import actor_for, in_network, tenant_path
from netweave.routines import services as routines
from netweave.routines.models import (
    Cadence,
    DoNotPair,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    RoundSeat,
)

from .conftest import run_import

pytestmark = pytest.mark.django_db

NEW_NETWORK = ("id", "slug", "created_at")
"""What a restore makes anew: the network row itself (the rest of it must come back)."""


def _tenant_models() -> set[type[models.Model]]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        try:
            tenant_path(model)
        except TypeError:
            continue
        found.add(model)
    return found


def _value(field: models.Field, value: Any, numbers: dict[Any, dict[int, int]]) -> Any:
    target = field.related_model
    if value is None or target is None:
        return value
    if target is get_user_model():
        return get_user_model().objects.get(pk=value).get_username()
    return numbers[target][value]  # KeyError: refers to a model exported later or not at all


def _everything(network: Network) -> dict[str, list[dict[str, Any]]]:
    """Every exported model's rows as {field: value}, in key order; references as the row
    number of the referred row, logins by name, the network itself left out."""
    numbers: dict[Any, dict[int, int]] = {}
    everything: dict[str, list[dict[str, Any]]] = {
        "network": [
            {
                f.name: getattr(network, f.attname)
                for f in Network._meta.concrete_fields
                if f.name not in NEW_NETWORK
            }
        ]
    }
    for table in TABLES:
        model = table.model
        rows = list(in_network(network, model).order_by("pk"))
        numbers[model] = {row.pk: number for number, row in enumerate(rows, start=1)}
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.related_model is not Network
        ]
        everything[table.name] = [
            {f.name: _value(f, getattr(row, f.attname), numbers) for f in fields} for row in rows
        ]
        for name, keys in table.nested.items():
            lookups = {key: numbers[MODELS[referred]] for key, referred in keys.items()}
            for row in everything[table.name]:
                row[name] = [_numbered(item, lookups) for item in row[name]]
    return everything


MODELS = {table.name: table.model for table in TABLES}


def _numbered(item: dict[str, Any], lookups: dict[str, dict[int, int]]) -> dict[str, Any]:
    """A JSON object's references (a key or a list of keys) as row numbers."""
    item = dict(item)
    for key, lookup in lookups.items():
        if isinstance(item.get(key), list):
            item[key] = [lookup[v] for v in item[key]]
        elif item.get(key) is not None:
            item[key] = lookup[item[key]]
    return item


def _give_every_field_a_value(network: Network) -> None:
    """What the generated network leaves at defaults, made through the services: a login's
    quick-log entry, a random-coffee routine with a custom rule, paired, invited, one date
    dropped, one answered; an opt-out, a snooze, a do-not-pair, a paused routine."""
    current = Person.objects.filter(network=network, email__gt="", left_on__isnull=True)
    people = list(current.order_by("pk")[:8])
    Network.objects.filter(pk=network.pk).update(
        language="en",
        purpose="Werk vinden voor iedereen",
        values="Open\nWederkerig",
        rules="Wie vraagt, biedt ook aan",
        metric_settings={"half_life_days": 120.0},
    )
    steward = get_user_model().objects.create_user("steward@example.org")
    Membership.objects.create(user=steward, network=network, role=Role.STEWARD, person=people[0])
    actor = actor_for(steward, network.slug)
    today = timezone.localdate()
    interaction_log(
        actor, subject=people[0], verb=Verb.MET, other=people[1], occurred_on=today, note="Koffie"
    )
    fields = routines.RoutineFields(
        name="Koffie op dinsdag",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.CUSTOM,
        rrule="FREQ=WEEKLY;INTERVAL=1",
        started_on=today + timedelta(days=2),
        start_time=time(15, 30),
        duration_minutes=45,
        place="Stadskantoor",
        video_link="https://meet.example.org/koffie",
        host=people[0],
        pairing_window=3,
        ended_on=today + timedelta(days=400),
    )
    coffee = routines.routine_create(actor, fields)
    for person in people[1:]:
        Participant.objects.get_or_create(routine=coffee, person=person)
    routines.participant_set(actor, coffee, people[7], ParticipantStatus.OPTED_OUT)
    Participant.objects.filter(routine=coffee, person=people[6]).update(
        snoozed_until=today + timedelta(days=60)
    )
    DoNotPair.objects.create(person=people[1], other=people[2])
    tick.tick(timezone.now())  # plans, pairs the first round, invites
    first, *later = Occurrence.objects.filter(routine=coffee).order_by("on")
    # someone of the first round leaves it: the next tick re-seats their partner
    seated = RoundSeat.objects.filter(occurrence=first).exclude(person=people[1]).first()
    routines.participant_set(actor, coffee, seated.person, ParticipantStatus.OPTED_OUT)
    routines.occurrence_drop(actor, later[0])
    routines.occurrence_move(actor, first, first.starts_at + timedelta(hours=1))
    tick.tick(timezone.now())  # re-seats, sends the changed invitations
    Person.objects.filter(pk=people[1].pk).update(language="en", consents_to_reports=False)
    people[1].refresh_from_db()
    routines.answer_record(first, people[1], happened=True, reflection="Good talk.")
    # What the generated network does not write: an import's key, free texts.
    Interaction.objects.filter(pk=Interaction.objects.filter(network=network).first().pk).update(
        import_key="leden.csv:2"
    )
    Introduction.objects.filter(network=network).update(reason="Both work on inclusion")
    Initiative.objects.filter(network=network).update(description="A shared job fair")
    paused = routines.routine_create(actor, fields)
    routines.routine_pause(actor, paused, paused=True)
    _introduce_through_netweave(network, actor, today)


def _introduce_through_netweave(network: Network, actor, today) -> None:
    """An introduction suggested by the recommender (reasons naming people, asks and offers),
    mailed, accepted by both, met and followed up; a digest sent; someone opted out."""
    suggestions_refresh(network.pk, today)  # what the background task does after writes
    suggested = introduction_selectors.network_suggestions(network, today)
    a, b, reasons = next(
        (first, second, reasons)
        for first, second, reasons in (
            introduction_selectors.pair_reasons(network, s.first, s.second) for s in suggested
        )
        if reasons and first.email and second.email
    )
    made = introduction_services.introduction_send(actor, a, b, reasons=reasons, today=today)
    tick.tick(timezone.now())  # mails both
    for person in (a, b):
        made = introduction_services.introduction_answer(made, person, accept=True, today=today)
    made = introduction_services.introduction_met(made, a, on=today)
    introduction_services.introduction_outcome(
        made, a, outcome=Outcome.WORKING_TOGETHER, note="Samen een subsidie aangevraagd"
    )
    DigestMail.objects.create(person=a, week=today, sent_at=timezone.now(), items=3)
    Person.objects.filter(pk=b.pk).update(open_to_introductions=False, weekly_digest=False)


def test_every_model_of_a_network_is_exported_or_left_out_for_a_reason():
    exported = {table.model for table in TABLES}
    left_out = {apps.get_model(label) for label in NOT_EXPORTED}
    assert not exported & left_out
    assert _tenant_models() == exported | left_out
    assert all(NOT_EXPORTED.values()), "say why a model is left out"


def test_a_network_is_restored_identically_field_by_field(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    _give_every_field_a_value(original)
    original.refresh_from_db()
    before = _everything(original)
    unset = []
    for table, rows in before.items():
        model = Network if table == "network" else next(t.model for t in TABLES if t.name == table)
        assert rows, f"no {table} in the test network"
        for name in rows[0]:
            default = model._meta.get_field(name).get_default()
            if all(row[name] == default for row in rows):
                unset.append(f"{table}.{name}")
    # Give these a value in _give_every_field_a_value, so the round trip shows they are kept.
    assert not unset, f"at their default in every row: {unset}"
    path = tmp_path / "network.json"
    path.write_text(json.dumps(network_snapshot(original)))

    result = run_import(path, None, slug="kopie")

    after = _everything(Network.objects.get(slug="kopie"))
    for table, rows in before.items():
        assert after[table] == rows, table
    assert set(result.created) == {table.name for table in TABLES}


def test_a_generated_network_is_restored_identically(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    exported = network_snapshot(original)
    path = tmp_path / "network.json"
    path.write_text(json.dumps(exported))

    result = run_import(path, None, slug="kopie")

    restored = network_snapshot(Network.objects.get(slug="kopie"))
    assert restored["network"].pop("slug") == "kopie"
    assert exported["network"].pop("slug") == "origineel"
    assert restored == exported
    # Every table is really there (the comparison above would also hold for empty ones).
    for table in ("people", "interactions", "attendance", "asks", "introductions"):
        assert len(exported[table]["rows"]) > 0, table
    assert result.created["interactions"] == len(exported["interactions"]["rows"])
    assert set(result.created) == {table.name for table in TABLES}


def test_restoring_over_an_existing_slug_is_refused(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    path = tmp_path / "network.json"
    path.write_text(json.dumps(network_snapshot(original)))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None, slug="origineel")

    assert "exists already" in caught.value.problems[0].reason


def test_a_damaged_document_names_its_table_and_row(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    document = network_snapshot(original)
    document["people"]["rows"][4] = ["too", "short"]
    document["asks"]["rows"][0][0] = 99_999  # a member the document does not have
    path = tmp_path / "network.json"
    path.write_text(json.dumps(document))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None, slug="kopie")

    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "asks"), (5, "people")]
    assert not Network.objects.filter(slug="kopie").exists()


def test_unreadable_values_are_named_not_a_traceback(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    _give_every_field_a_value(original)
    document = network_snapshot(original)
    people, interactions = document["people"], document["interactions"]
    people["rows"][2][people["columns"].index("joined_on")] = "gisteren"
    people["rows"][3][people["columns"].index("consents_to_reports")] = "ja"
    at = interactions["columns"].index("logged_at")
    logged = next(i for i, row in enumerate(interactions["rows"]) if row[at] is not None)
    interactions["rows"][logged][at] = "12:00"
    routines_table = document["routines"]
    routines_table["rows"][0][routines_table["columns"].index("start_time")] = "half vier"
    path = tmp_path / "network.json"
    path.write_text(json.dumps(document))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None, slug="kopie")

    named = {(p.row, p.column, p.reason) for p in caught.value.problems}
    assert named == {
        (3, "people", 'joined_on cannot be "gisteren"'),
        (4, "people", 'consents_to_reports cannot be "ja"'),
        (logged + 1, "interactions", 'logged_at cannot be "12:00"'),
        (1, "routines", 'start_time cannot be "half vier"'),
    }
    assert not Network.objects.filter(slug="kopie").exists()
