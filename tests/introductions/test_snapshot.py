"""An introduction's life cycle and reasons survive the network JSON round trip, and a document
written before they existed still imports."""

from __future__ import annotations

import pytest
from django.utils import timezone

from netweave.interop.importing.problems import Problems
from netweave.interop.snapshot import network_restore, network_snapshot, snapshot_check
from netweave.introductions import selectors, services
from netweave.introductions.models import Answer, Introduction, Status
from netweave.ledger.models import Ask, Offer
from netweave.networks.models import Person

pytestmark = pytest.mark.django_db

NEW_COLUMNS = ("reasons", "sent_on", "answer_a", "answer_b", "accepted_on", "outcome")
NEW_COLUMNS += ("outcome_note", "outcome_on")


def sent(chain) -> Introduction:
    today = timezone.localdate()
    people = chain.people
    a, b, reasons = selectors.pair_reasons(chain.network, people["Chris"], people["Eva"])
    introduction = services.introduction_send(chain.steward, a, b, reasons=reasons, today=today)
    return services.introduction_answer(introduction, people["Chris"], accept=True)


def test_reasons_and_answers_round_trip_with_their_references_renumbered(chain):
    original = sent(chain)
    exported = network_snapshot(chain.network)
    (row,) = exported["introductions"]["rows"]
    reasons = dict(zip(exported["introductions"]["columns"], row, strict=True))["reasons"]
    # References inside the reasons are row numbers of the document, not database keys.
    dewi_number = [p[1] for p in exported["people"]["rows"]].index("Dewi") + 1
    assert any(r.get("people") == [dewi_number] for r in reasons)

    restored_network = network_restore(exported, slug="kopie")
    again = network_snapshot(restored_network)
    assert again["network"].pop("slug") == "kopie"
    assert exported["network"].pop("slug") == chain.network.slug
    assert again == exported

    copy = Introduction.objects.get(network=restored_network)
    assert copy.status == Status.SENT and copy.sent_on == original.sent_on
    assert Answer.ACCEPTED in (copy.answer_a, copy.answer_b)
    mentioned = {pk for r in copy.reasons for pk in r.get("people", [])}
    assert set(Person.objects.filter(pk__in=mentioned).values_list("network", "first_name")) == {
        (restored_network.pk, "Dewi")
    }
    for reason in copy.reasons:
        if "ask_id" in reason:
            assert Ask.objects.get(pk=reason["ask_id"]).network == restored_network
            assert Offer.objects.get(pk=reason["offer_id"]).network == restored_network


def test_a_document_from_before_the_life_cycle_imports_with_defaults(chain):
    sent(chain)
    document = network_snapshot(chain.network)
    part = document["introductions"]
    keep = [i for i, c in enumerate(part["columns"]) if c not in NEW_COLUMNS]
    part["columns"] = [part["columns"][i] for i in keep]
    part["rows"] = [[row[i] for i in keep] for row in part["rows"]]
    people = document["people"]
    keep = [
        i
        for i, c in enumerate(people["columns"])
        if c not in ("open_to_introductions", "weekly_digest")
    ]
    people["columns"] = [people["columns"][i] for i in keep]
    people["rows"] = [[row[i] for i in keep] for row in people["rows"]]
    problems = Problems("network.json")
    snapshot_check(document, problems)
    assert problems.found == []
    restored = network_restore(document, slug="oud")
    copy = Introduction.objects.get(network=restored)
    assert copy.reasons == [] and copy.sent_on is None
    assert copy.answer_a == copy.answer_b == Answer.PENDING
    assert Person.objects.filter(network=restored, weekly_digest=True).count() == len(chain.people)
