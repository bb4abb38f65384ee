"""Reads for the accounts pages, scoped to the acting steward's network."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from netweave.accounts.models import Invitation
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Role

# Stewards first, then members, then sponsors: the order a steward looks for people in.
_ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(Role)),
    output_field=IntegerField(),
)


def memberships_of(actor: Actor) -> QuerySet[Membership]:
    """Every login in ``actor``'s network with its role and member record, stewards first."""
    return (
        Membership.objects.filter(network=actor.network)
        .select_related("user", "person", "person__organisation")
        .order_by(_ROLE_ORDER, "user__last_name", "user__first_name", "user__username")
    )


def invitations_open(actor: Actor) -> QuerySet[Invitation]:
    """Invitations of ``actor``'s network whose link still works, newest first."""
    return Invitation.objects.filter(
        network=actor.network,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")
