"""Reads of networks, always scoped to the person asking."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.models import Membership, Network, Organisation, Person, Role
from netweave.routines.models import Routine


def networks_for_user(user: User | AnonymousUser) -> QuerySet[Network]:
    """The networks ``user`` may see: all for a superuser, those with a membership otherwise."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(memberships__user=user).distinct()


def network_get_for_user(user: User | AnonymousUser, slug: str) -> Network:
    """The network ``slug`` if ``user`` may see it; the same 404 whether missing or not theirs."""
    try:
        return networks_for_user(user).get(slug=slug)
    except Network.DoesNotExist:
        raise Http404("No such network.") from None


def network_role(user: User | AnonymousUser, network: Network) -> str | None:
    """``user``'s role in ``network`` (``Membership.role``); a superuser counts as a steward;
    None without a membership."""
    if not user.is_authenticated:
        return None
    role = (
        Membership.objects.filter(user=user, network=network).values_list("role", flat=True).first()
    )
    if role is None and user.is_superuser:
        return Role.STEWARD.value
    return role


@dataclass(frozen=True)
class NetworkCounts:
    organisations: int
    members: int
    interactions: int
    routines: int
    open_asks: int
    open_offers: int


def network_counts(network: Network) -> NetworkCounts:
    """Headline counts for the network's front page (current members only)."""
    return NetworkCounts(
        organisations=Organisation.objects.filter(network=network).count(),
        members=Person.objects.filter(network=network, left_on__isnull=True).count(),
        interactions=Interaction.objects.filter(network=network).count(),
        routines=Routine.objects.filter(network=network).count(),
        open_asks=Ask.objects.filter(network=network, closed_on__isnull=True).count(),
        open_offers=Offer.objects.filter(network=network, closed_on__isnull=True).count(),
    )
