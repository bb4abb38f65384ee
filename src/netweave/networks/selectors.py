"""Reads of networks, always scoped to the person asking. The one door to a tenant."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Model, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404

from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Organisation, Person, Role, Theme
from netweave.reports.document import Audience, is_named
from netweave.reports.naming import (
    SMALL_ORGANISATION,
    PseudonymNumber,
    pseudonym,
    pseudonym_numbers,
)
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
    """``user`` acting in network ``slug``: one query for network, role and person together,
    and the user's other networks for the network switcher (a login has a membership in a few).

    A network that does not exist and one where ``user`` has no membership give the same 404,
    so a stranger cannot even learn which slugs exist.
    """
    if not user.is_authenticated:
        raise Http404("No such network.")
    memberships = list(
        # The person's organisation too: their own pages show it.
        Membership.objects.select_related("network", "person__organisation")
        .filter(user=user)
        .order_by("network__name", "network_id")
    )
    membership = next((m for m in memberships if m.network.slug == slug), None)
    if membership is None:
        raise Http404("No such network.")
    return Actor(
        user=user,
        network=membership.network,
        role=Role(membership.role),
        person=membership.person,
        networks=tuple(m.network for m in memberships),
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


def members_of(network: Network, first: date, last: date) -> QuerySet[Person]:
    """The members of the days ``first`` to ``last``, as the annual report counts them (one
    definition for the command line, the pages and the report): everyone who was a member on
    at least one of those days, i.e. joined on or before ``last`` and not left before ``first``
    (:func:`netweave.insights._frames.active_members` on the same rows)."""
    return Person.objects.filter(network=network, joined_on__lte=last).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first)
    )


def organisations_among(members: QuerySet[Person]) -> int:
    """How many organisations ``members`` belong to (the report's organisations of a year)."""
    return members.exclude(organisation=None).values("organisation").distinct().count()


def network_counts(network: Network, today: date) -> NetworkCounts:
    """Headline counts for the network's front page: members and organisations of this year so
    far (:func:`members_of`), everything else as it stands."""
    members = members_of(network, date(today.year, 1, 1), today)
    return NetworkCounts(
        organisations=organisations_among(members),
        members=members.count(),
        interactions=Interaction.objects.filter(network=network).count(),
        routines=Routine.objects.filter(network=network).count(),
        open_asks=Ask.objects.filter(network=network, closed_on__isnull=True).count(),
        open_offers=Offer.objects.filter(network=network, closed_on__isnull=True).count(),
    )


# People and organisations pages ------------------------------------------------------------

SEARCH_LIMIT = 8
"""Autocomplete suggestions: enough to pick from, few enough to read at a glance on a phone."""


def audience_of(actor: Actor) -> Audience:
    """Whom the actor may see named, by the reports' rule: stewards everyone, members those who
    consent, sponsors nobody (they see role and organisation)."""
    if actor.role == Role.STEWARD:
        return Audience.STEWARDS
    return Audience.NETWORK if actor.role == Role.MEMBER else Audience.PUBLIC


def pseudonym_numbers_for(actor: Actor, people: Iterable[Person]) -> dict[int, PseudonymNumber]:
    """The pseudonym numbers :func:`person_label` needs to name ``people`` for the actor: none
    for the people the actor sees named (for a steward, everyone; for a member, who consents),
    else one query over the people of their organisations and of the network's small
    organisations.

    A number counts within organisation and role, the people of all small organisations
    together (:mod:`netweave.reports.naming`), so reading those people, not the network's, gives
    the same numbers the report prints, at a cost that follows the page's people and the small
    organisations rather than the network's size. (Counting the small organisations reads every
    person of the network, so a page whose people are all named skips it.)
    """
    organisations = {person.organisation_id for person in people if not _named(actor, person)}
    if not organisations:
        return {}
    small = (
        Organisation.objects.filter(network=actor.network)
        .annotate(size=Count("people"))
        .filter(size__lte=SMALL_ORGANISATION)
        .values("pk")
    )
    same_organisation = Q(organisation_id__in=organisations - {None}) | Q(organisation__in=small)
    if None in organisations:
        same_organisation |= Q(organisation__isnull=True)
    return pseudonym_numbers(
        Person.objects.filter(same_organisation, network=actor.network)
        .order_by()  # pseudonym_numbers orders them by id itself
        .values_list("pk", "organisation_id", "membership__role")
    )


def person_label(
    actor: Actor, person: Person, numbers: Mapping[int, PseudonymNumber] | None = None
) -> str:
    """``person``'s name if the actor may see it (their own always), else the pseudonym the
    report gives them ("Member 2 of X", :mod:`netweave.reports.naming`).

    ``numbers``: :func:`pseudonym_numbers_for` the page's people, read here for ``person``
    alone if not given or without them (a page naming several people reads them at once).
    Reads ``person.organisation`` and ``person.membership``: select them (see people_shown).
    """
    if _named(actor, person):
        return str(person)
    membership = getattr(person, "membership", None)
    organisation = person.organisation.name if person.organisation is not None else None
    number = _number(actor, person, numbers)
    return pseudonym(membership.role if membership else None, number, organisation)


def person_organisation(
    actor: Actor, person: Person, numbers: Mapping[int, PseudonymNumber] | None = None
) -> Organisation | None:
    """The organisation a page may show beside ``person``: none for someone shown by pseudonym
    whose organisation is small, which alone would name them (as the report leaves it out)."""
    if person.organisation is None or _named(actor, person):
        return person.organisation
    return None if _number(actor, person, numbers).small else person.organisation


def _named(actor: Actor, person: Person) -> bool:
    own = actor.person is not None and actor.person.pk == person.pk
    return own or is_named(audience_of(actor), person.consents_to_reports)


def _number(
    actor: Actor, person: Person, numbers: Mapping[int, PseudonymNumber] | None
) -> PseudonymNumber:
    if numbers is None or person.pk not in numbers:
        numbers = pseudonym_numbers_for(actor, [person])
    return numbers[person.pk]


def people_shown(actor: Actor) -> QuerySet[Person]:
    """The people of the actor's network with what a page shows of them (organisation, role)."""
    return Person.objects.filter(network=actor.network).select_related("organisation", "membership")


def person_shown(actor: Actor, person: Person) -> Person:
    """``person`` (already fetched within the actor's network) with organisation, role and
    themes, as a card shows them."""
    return people_shown(actor).prefetch_related("themes").get(pk=person.pk)


def organisation_members(actor: Actor, organisation: Organisation) -> QuerySet[Person]:
    """The current members of ``organisation`` in the actor's network, in name order."""
    return (
        people_shown(actor)
        .filter(organisation=organisation, left_on__isnull=True)
        .order_by("last_name", "first_name", "pk")
    )


def search_words(query: str) -> list[str]:
    """The words of a search, at most five. A NUL byte separates words: no name holds one, and
    PostgreSQL refuses it in a query (a server error, where SQLite just found nobody)."""
    return query.replace("\x00", " ").split()[:5]


def _matching(people: QuerySet[Person], network: Network, query: str) -> QuerySet[Person]:
    """People matching every word of ``query`` in their first name, last name or organisation.

    The organisations are matched first, by themselves, so that each condition is on the
    people's own columns: PostgreSQL then answers all three from indexes (migration
    networks 0005) instead of joining and upper-casing every person of the network.
    """
    for word in search_words(query):
        organisations = list(
            Organisation.objects.filter(network=network, name__icontains=word).values_list(
                "pk", flat=True
            )
        )
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation_id__in=organisations)
        )
    return people


TRIGRAM = 3
"""Words at least this long are found through the trigram indexes (migration networks 0005)."""


def _name_order(query: str) -> tuple[Concat | str, ...]:
    """The name order of the people matching ``query`` (last name, first name, id), put so that
    PostgreSQL reads them the cheapest way.

    Without a query, or with a word too short for the trigram indexes, the (network, last name,
    first name) index gives the order and the database stops after a page of matches. When
    every word can use the trigram indexes, they find the few matches at once, and sorting
    those is cheaper than walking the name index until enough turn up, which for a rare name
    reads nearly every person (up to 15 ms at 10,000 members, against under one). The last
    name joined to nothing sorts the same, but keeps the planner from that walk.
    """
    words = search_words(query)
    if words and all(len(word) >= TRIGRAM for word in words):
        return (Concat("last_name", Value("")), "first_name", "pk")
    return ("last_name", "first_name", "pk")


def people_search(actor: Actor, query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """Current members whose name or organisation matches ``query``, in name order, at most
    ``limit``: the autocomplete (one query for the people; see :func:`_name_order`)."""
    if not search_words(query):
        return []
    current = people_shown(actor).filter(left_on__isnull=True)
    return list(_matching(current, actor.network, query).order_by(*_name_order(query))[:limit])


def person_matches(actor: Actor, person: Person, query: str) -> bool:
    """Whether ``person`` is one the autocomplete would offer for ``query``."""
    return _matching(people_shown(actor).filter(pk=person.pk), actor.network, query).exists()


@dataclass(frozen=True)
class PeopleFilter:
    query: str = ""
    sector: str = ""
    organisation: int | None = None
    theme: int | None = None


def people_directory(actor: Actor, chosen: PeopleFilter) -> QuerySet[Person]:
    """The current members of the actor's network, filtered, in name order (to paginate).

    Sponsors see nobody named, so a name search from them matches organisations only: what
    they search by must be what they can see.
    """
    people = people_shown(actor).filter(left_on__isnull=True).prefetch_related("themes")
    if chosen.query:
        if audience_of(actor) is Audience.PUBLIC:
            for word in search_words(chosen.query):
                people = people.filter(organisation__name__icontains=word)
        else:
            people = _matching(people, actor.network, chosen.query)
    if chosen.sector:
        people = people.filter(organisation__sector=chosen.sector)
    if chosen.organisation is not None:
        people = people.filter(organisation_id=chosen.organisation)
    if chosen.theme is not None:
        people = people.filter(themes__id=chosen.theme)
    return people.order_by(*_name_order(chosen.query))


def organisations_directory(actor: Actor, query: str = "", sector: str = "") -> QuerySet:
    """The organisations of the actor's network with their number of current members."""
    organisations = Organisation.objects.filter(network=actor.network)
    if query:
        organisations = organisations.filter(name__icontains=query)
    if sector:
        organisations = organisations.filter(sector=sector)
    return organisations.annotate(
        members=Count("people", filter=Q(people__left_on__isnull=True))
    ).order_by("name", "pk")


def themes_of(actor: Actor) -> QuerySet[Theme]:
    return Theme.objects.filter(network=actor.network).order_by("slug")


def organisations_of(actor: Actor) -> QuerySet[Organisation]:
    return Organisation.objects.filter(network=actor.network).order_by("name").only("pk", "name")
