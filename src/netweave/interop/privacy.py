"""A person's own data (GDPR access, art. 15) and their erasure (art. 17).

Access: everything netweave holds about one member, as one JSON document — their record,
organisation, themes, logins' roles, the interactions, asks, offers, introductions,
attendance, routines and initiatives they are part of, and the audit entries about them. A
member may download their own; a steward anyone's (for a request that came by mail).

Erasure keeps the network's history whole: the record stays as an anonymous member of the
same organisation and sector, with the same dates and themes, so every interaction, tie and
figure of past reports still adds up. What identifies the person goes: name, e-mail, the free
texts they wrote or that describe them (asks and offers, notes of their interactions, reasons
of their introductions), calendar import keys (digests of their e-mail), their login's access
to the network, and their name in earlier audit entries. Both are recorded in the audit list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from netweave.initiatives.models import Initiative
from netweave.introductions.models import Introduction, StoredSuggestion
from netweave.introductions.stored import suggestions_changed
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.models import AuditEntry, Membership, Person
from netweave.networks.policy import Action
from netweave.routines.models import Attendance, Routine

ANONYMOUS_FIRST_NAME = "Anonymous"
ANONYMOUS_LAST_NAME = "member"


def _rows(queryset: Any, *fields: str) -> list[dict[str, Any]]:
    return [
        {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in row.items()
        }
        for row in queryset.values(*fields)
    ]


def person_data(actor: Actor, person: Person) -> dict[str, Any]:
    """Everything about ``person`` in ``actor``'s network (their own, or a steward's request)."""
    if person.network_id != actor.network.pk:
        raise PermissionDenied
    if actor.person != person and not actor.may(Action.ERASE_PERSON):
        raise PermissionDenied(_("You may download only your own data."))
    either = Q(person_a=person) | Q(person_b=person)
    return {
        "network": actor.network.name,
        "person": _rows(
            Person.objects.filter(pk=person.pk),
            "first_name", "last_name", "email", "language", "joined_on", "left_on",
            "consents_to_reports", "open_to_introductions", "weekly_digest", "organisation__name",
            "organisation__sector",
        )[0]
        | {"themes": list(person.themes.values_list("name_en", flat=True))},
        "memberships": _rows(Membership.objects.filter(person=person), "user__username", "role"),
        "interactions": _rows(
            Interaction.objects.filter(either).order_by("occurred_on", "pk"),
            "occurred_on", "kind", "directed", "purpose", "source", "note",
            "person_a__first_name", "person_a__last_name", "person_b__first_name",
            "person_b__last_name",
        ),
        **{
            name: _rows(
                model.objects.filter(person=person),
                "text", "theme__name_en", "created_on", "closed_on",
            )
            for name, model in (("asks", Ask), ("offers", Offer))
        },
        "introductions": _rows(
            Introduction.objects.filter(either | Q(introducer=person)),
            "introducer__first_name", "introducer__last_name", "person_a__first_name",
            "person_a__last_name", "person_b__first_name", "person_b__last_name", "reason",
            "status", "suggested_on", "met_on", "sent_on", "answer_a", "answer_b",
            "accepted_on", "outcome", "outcome_note", "outcome_on",
        ),
        "attendance": _rows(
            Attendance.objects.filter(person=person).order_by("occurrence__on"),
            "occurrence__routine__name", "occurrence__on",
        ),
        "routines_stewarded": _rows(Routine.objects.filter(steward=person), "name", "started_on"),
        "initiatives_owned": _rows(
            Initiative.objects.filter(owner=person), "name", "stage", "started_on"
        ),
        "audit": _rows(
            AuditEntry.objects.filter(target_type="person", target_id=str(person.pk)),
            "at", "verb", "detail",
        ),
    }  # fmt: skip


@transaction.atomic
def person_data_export(actor: Actor, person: Person) -> dict[str, Any]:
    """:func:`person_data`, recorded in the audit list."""
    document = person_data(actor, person)
    audit.record(actor, audit.Verb.PERSON_DATA_EXPORTED, person)
    return document


@transaction.atomic
def person_erase(actor: Actor, person: Person) -> None:
    """Erase ``person``'s identity; their place in the network's history stays (see above)."""
    actor.require(Action.ERASE_PERSON)
    if person.network_id != actor.network.pk:
        raise PermissionDenied
    either = Q(person_a=person) | Q(person_b=person)
    Interaction.objects.filter(either).update(note="")
    for interaction in Interaction.objects.filter(either, import_key__startswith="ical:"):
        # The key is a digest of the e-mail address: replaced by one that is still unique.
        interaction.import_key = f"erased:{interaction.pk}"
        interaction.save(update_fields=["import_key"])
    for model in (Ask, Offer):
        model.objects.filter(person=person).update(text="")
    # Their introductions' reasons quote their asks: gone with the asks themselves.
    Introduction.objects.filter(either | Q(introducer=person)).update(
        reason="", reasons=[], outcome_note=""
    )
    Membership.objects.filter(person=person).delete()
    StoredSuggestion.objects.filter(Q(person=person) | Q(other=person)).delete()
    suggestions_changed(actor.network)  # the others' reasons may name them
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = ANONYMOUS_LAST_NAME
    person.email = ""
    person.consents_to_reports = False
    person.save(update_fields=["first_name", "last_name", "email", "consents_to_reports"])
    AuditEntry.objects.filter(
        network=actor.network, target_type="person", target_id=str(person.pk)
    ).update(target_label=str(person))
    audit.record(actor, audit.Verb.PERSON_ERASED, person)
