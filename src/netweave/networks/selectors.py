"""Reads of networks, always scoped to the person asking. The one door to a tenant."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet
from django.http import Http404

from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Organisation, Person, Role
from netweave.routines.models import Routine


def networks_for_user(user: User | AnonymousUser) -> QuerySet[Network]:
    """The networks ``user`` has a membership in. A superuser is no exception: the installation's
    administrator works in the admin, and sees a network's pages only as a member of it."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(memberships__user=user).distinct()


def network_get_for_user(user: User | AnonymousUser, slug: str) -> Network:
    """The network ``slug`` if ``user`` may see it; the same 404 whether missing or not theirs."""
    return actor_for(user, slug).network


def actor_for(user: User | AnonymousUser, slug: str) -> Actor:
    """``user`` acting in network ``slug``: one query for network, role and person together.

    A network that does not exist and one where ``user`` has no membership give the same 404,
    so a stranger cannot even learn which slugs exist.
    """
    if not user.is_authenticated:
        raise Http404("No such network.")
    membership = (
        Membership.objects.select_related("network", "person")
        .filter(user=user, network__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such network.")
    return Actor(
        user=user,
        network=membership.network,
        role=Role(membership.role),
        person=membership.person,
    )


@cache
def tenant_path(model: type[Model]) -> str:
    """The lookup from ``model`` to its Network, e.g. ``network`` or ``routine__network``.

    Found by following required foreign keys breadth-first, so every tenant model is scoped the
    same way without each one declaring it. A model with no such path is not a tenant model.
    """
    queue: deque[tuple[type[Model], str]] = deque([(model, "")])
    seen: set[type[Model]] = {model}
    while queue:
        current, path = queue.popleft()
        for field in current._meta.concrete_fields:
            target = field.related_model
            if not field.many_to_one and not field.one_to_one:
                continue
            if target is Network:
                return f"{path}{field.name}"
            if isinstance(target, type) and target not in seen and not field.null:
                seen.add(target)
                queue.append((target, f"{path}{field.name}__"))
    raise TypeError(f"{model.__name__} does not belong to a network.")


def in_network[M: Model](network: Network, model: type[M]) -> QuerySet[M]:
    """All rows of tenant ``model`` that belong to ``network``."""
    return model._default_manager.filter(**{tenant_path(model): network})


def tenant_object_get[M: Model](network: Network, model: type[M], pk: object) -> M:
    """Row ``pk`` of ``model`` if it belongs to ``network``; the same 404 if missing or foreign."""
    try:
        return in_network(network, model).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404("Not found.") from None


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
