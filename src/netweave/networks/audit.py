"""The audit list: services record who changed what, stewards read it.

An entry keeps a label of its target as it was, so the list stays readable after the record is
changed or erased. ``verb`` is a short dotted name of the change (``ask.created``,
``person.erased``): a :class:`Verb` where one exists, which the audit page shows translated; a
verb it does not know is shown as it is.
"""

from __future__ import annotations

import enum

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netweave.networks.actor import Actor
from netweave.networks.models import AuditEntry


class Verb(enum.StrEnum):
    """The changes the audit list knows how to say in words. Add one beside the service."""

    NETWORK_LOADED = "network.loaded"
    INVITATION_SENT = "invitation.sent"
    INVITATION_ACCEPTED = "invitation.accepted"
    INVITATION_WITHDRAWN = "invitation.withdrawn"
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed"
    MEMBERSHIP_REMOVED = "membership.removed"
    INTERACTION_LOGGED = "interaction.logged"
    INTERACTION_UNDONE = "interaction.undone"
    ASK_CREATED = "ask.created"
    ASK_EDITED = "ask.edited"
    ASK_CLOSED = "ask.closed"
    OFFER_CREATED = "offer.created"
    OFFER_EDITED = "offer.edited"
    OFFER_CLOSED = "offer.closed"
    INITIATIVE_CREATED = "initiative.created"
    INITIATIVE_MOVED = "initiative.moved"
    CHARTER_CHANGED = "charter.changed"
    SETTINGS_CHANGED = "settings.changed"
    DATA_IMPORTED = "data.imported"
    PERSON_DATA_EXPORTED = "person.data_exported"
    PERSON_ERASED = "person.erased"
    INTRODUCTION_SENT = "introduction.sent"
    INTRODUCTION_ANSWERED = "introduction.answered"
    INTRODUCTION_MET = "introduction.met"
    INTRODUCTION_OUTCOME = "introduction.outcome"
    ROUTINE_CREATED = "routine.created"
    ROUTINE_UPDATED = "routine.updated"
    ROUTINE_PAUSED = "routine.paused"
    ROUTINE_RESUMED = "routine.resumed"
    ROUTINE_JOINED = "routine.participant_active"
    ROUTINE_LEFT = "routine.participant_opted_out"
    ROUTINE_PARTICIPANT_PAUSED = "routine.participant_paused"
    OCCURRENCE_MOVED = "occurrence.moved"
    OCCURRENCE_DROPPED = "occurrence.dropped"
    CALENDAR_FEED_ROTATED = "calendar_feed.rotated"

    @property
    def label(self) -> str | Promise:
        return _VERB_LABELS[self]


_VERB_LABELS: dict[Verb, str | Promise] = {
    Verb.NETWORK_LOADED: _("loaded the network"),
    Verb.INVITATION_SENT: _("invited"),
    Verb.INVITATION_ACCEPTED: _("accepted the invitation of"),
    Verb.INVITATION_WITHDRAWN: _("withdrew the invitation of"),
    Verb.MEMBERSHIP_ROLE_CHANGED: _("changed the role of"),
    Verb.MEMBERSHIP_REMOVED: _("removed"),
    Verb.INTERACTION_LOGGED: _("logged"),
    Verb.INTERACTION_UNDONE: _("undid the log of"),
    Verb.ASK_CREATED: _("wrote the ask"),
    Verb.ASK_EDITED: _("edited the ask"),
    Verb.ASK_CLOSED: _("closed the ask"),
    Verb.OFFER_CREATED: _("wrote the offer"),
    Verb.OFFER_EDITED: _("edited the offer"),
    Verb.OFFER_CLOSED: _("closed the offer"),
    Verb.INITIATIVE_CREATED: _("created the initiative"),
    Verb.INITIATIVE_MOVED: _("moved the initiative"),
    Verb.CHARTER_CHANGED: _("changed the charter of"),
    Verb.SETTINGS_CHANGED: _("changed the settings of"),
    Verb.DATA_IMPORTED: _("imported a file"),
    Verb.PERSON_DATA_EXPORTED: _("downloaded the data of"),
    Verb.PERSON_ERASED: _("erased"),
    Verb.INTRODUCTION_SENT: _("sent the introduction"),
    Verb.INTRODUCTION_ANSWERED: _("answered the introduction"),
    Verb.INTRODUCTION_MET: _("recorded the meeting of"),
    Verb.INTRODUCTION_OUTCOME: _("recorded what came of"),
    Verb.ROUTINE_CREATED: _("created the routine"),
    Verb.ROUTINE_UPDATED: _("edited the routine"),
    Verb.ROUTINE_PAUSED: _("paused the routine"),
    Verb.ROUTINE_RESUMED: _("resumed the routine"),
    Verb.ROUTINE_JOINED: _("signed up"),
    Verb.ROUTINE_LEFT: _("signed off"),
    Verb.ROUTINE_PARTICIPANT_PAUSED: _("paused the taking part of"),
    Verb.OCCURRENCE_MOVED: _("moved the meeting"),
    Verb.OCCURRENCE_DROPPED: _("dropped the meeting"),
    Verb.CALENDAR_FEED_ROTATED: _("gave a new calendar address to"),
}


def verb_label(verb: str) -> str:
    """The words for ``verb`` in the current language, or the verb itself if it has none."""
    try:
        return str(Verb(verb).label)
    except ValueError:
        return verb


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
