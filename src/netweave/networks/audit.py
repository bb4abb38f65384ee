"""The audit list: services record who changed what, stewards read it.

An entry keeps a label of its target as it was, so the list stays readable after the record is
changed or erased. ``verb`` is a short dotted name of the change (``ask.created``,
``person.erased``); the page translates the ones it knows and shows the others as they are.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from netweave.networks.actor import Actor
from netweave.networks.models import AuditEntry


def record(actor: Actor, verb: str, target: Model | None = None, detail: str = "") -> AuditEntry:
    """Append that ``actor`` did ``verb`` to ``target`` in their network (inside the caller's
    transaction, so a change and its entry are written together or not at all)."""
    entry = AuditEntry(network=actor.network, user=actor.user, verb=verb, detail=detail)
    if target is not None:
        entry.target_type = target._meta.model_name or ""
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:200]
    entry.save()
    return entry


def audit_entries(actor: Actor) -> QuerySet[AuditEntry]:
    """The audit list of ``actor``'s network, newest first (the page requires READ_AUDIT)."""
    return AuditEntry.objects.filter(network=actor.network).select_related("user")
