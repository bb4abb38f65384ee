"""Reads of the ledger, scoped to the actor's network: the board, one person's ties and give/take.

No page runs a network analysis on a request: a person's ties are computed from that person's
own interactions only (two index range scans), handed to :func:`netweave.insights.warmth`, so
the warmth rule is the report's, never recomputed here; and kept until those interactions change
(:mod:`netweave.ledger.ties`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from netweave.ledger.models import Ask, Interaction, Offer
from netweave.ledger.ties import tie_rows
from netweave.networks.actor import Actor
from netweave.networks.models import Network, Organisation, Person
from netweave.networks.selectors import people_shown


class ListingKind(enum.StrEnum):
    """The two sides of the board."""

    ASK = "ask"
    OFFER = "offer"

    @property
    def model(self) -> type[Ask] | type[Offer]:
        return Ask if self is ListingKind.ASK else Offer


@dataclass(frozen=True)
class BoardFilter:
    kind: ListingKind = ListingKind.ASK
    theme: int | None = None
    sector: str = ""
    organisation: int | None = None


def board(actor: Actor, chosen: BoardFilter) -> QuerySet[Ask] | QuerySet[Offer]:
    """The open asks (or offers) of the actor's network, newest first, filtered."""
    rows = chosen.kind.model.objects.filter(network=actor.network, closed_on__isnull=True)
    if chosen.theme is not None:
        rows = rows.filter(theme_id=chosen.theme)
    if chosen.sector:
        rows = rows.filter(person__organisation__sector=chosen.sector)
    if chosen.organisation is not None:
        rows = rows.filter(person__organisation_id=chosen.organisation)
    return rows.select_related("theme", "person__organisation", "person__membership").order_by(
        "-created_on", "-pk"
    )


@dataclass(frozen=True)
class Listings:
    asks: list[Ask]
    offers: list[Offer]


def listings_of(network: Network, person: Person) -> Listings:
    """A person's asks and offers: open ones first, then the most recently closed (50 each)."""
    order = (F("closed_on").desc(nulls_first=True), "-created_on", "-pk")
    return Listings(
        asks=list(
            Ask.objects.filter(network=network, person=person)
            .select_related("theme")
            .order_by(*order)[:50]
        ),
        offers=list(
            Offer.objects.filter(network=network, person=person)
            .select_related("theme")
            .order_by(*order)[:50]
        ),
    )


def logged_recently(actor: Actor, limit: int = 5) -> list[Interaction]:
    """What the actor logged on the web lately, newest first (the quick log's undo list)."""
    return list(
        Interaction.objects.filter(network=actor.network, logged_by=actor.user)
        .exclude(logged_at__isnull=True)
        .select_related("person_a", "person_b")
        .order_by("-logged_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Exchange:
    """Directed interactions of one year: what a person (or organisation) gave and received."""

    year: int
    given: int
    received: int


def person_exchange(network: Network, person: Person, year: int) -> Exchange:
    """How often ``person`` gave (help, an introduction, hosting) and received in ``year``."""
    counts = Interaction.objects.filter(
        Q(person_a=person) | Q(person_b=person),
        network=network,
        directed=True,
        occurred_on__year=year,
    ).aggregate(
        given=Count("pk", filter=Q(person_a=person)),
        received=Count("pk", filter=Q(person_b=person)),
    )
    return Exchange(year=year, given=counts["given"], received=counts["received"])


@dataclass(frozen=True)
class OrganisationFlow:
    """One row of an organisation's give/take ledger: what went to and came from ``partner``."""

    partner: str
    given: int
    received: int


def organisation_ledger(
    network: Network, organisation: Organisation, year: int
) -> list[OrganisationFlow]:
    """What ``organisation``'s people gave to and received from each other organisation in
    ``year`` (directed interactions; within the organisation counts as itself), most first."""
    rows = Interaction.objects.filter(network=network, directed=True, occurred_on__year=year)
    given = (
        rows.filter(person_a__organisation=organisation)
        .values_list("person_b__organisation__name")
        .annotate(n=Count("pk"))
    )
    received = (
        rows.filter(person_b__organisation=organisation)
        .values_list("person_a__organisation__name")
        .annotate(n=Count("pk"))
    )
    flows: dict[str, list[int]] = {}
    for name, n in given:
        flows.setdefault(name or "—", [0, 0])[0] += n
    for name, n in received:
        flows.setdefault(name or "—", [0, 0])[1] += n
    return sorted(
        (OrganisationFlow(name, g, r) for name, (g, r) in flows.items()),
        key=lambda flow: (-(flow.given + flow.received), flow.partner),
    )


@dataclass(frozen=True)
class Tie:
    """A tie of one person with another at a moment, its state from ``insights.warmth``;
    ``other`` is the other person, None where :func:`person_ties` was asked not to read them."""

    other_id: int
    warmth: float
    state: str
    last_contact: date
    other: Person | None = None


@dataclass(frozen=True)
class Ties:
    ties: list[Tie]

    def in_state(self, state: str) -> list[Tie]:
        return [tie for tie in self.ties if tie.state == state]

    @property
    def reconnect(self) -> list[Tie]:
        """Cooling ties, the warmest first: the people most worth a message this week."""
        return self.in_state("cooling")[:RECONNECT]


RECONNECT = 5
"""How many cooling ties a page offers to reconnect with."""


def person_ties(actor: Actor, person: Person, at: date, *, named: int | None = None) -> Ties:
    """``person``'s ties at ``at``, warmest first, computed from their own interactions only
    (and kept until those change: :mod:`netweave.ledger.ties`).

    ``named``: how many of the warmest ties of each state carry their other person (None: all)
    — a page shows a few and counts the rest, and a busy member has hundreds of ties.
    """
    rows = tie_rows(actor.network, person, at)
    wanted: dict[str, list[int]] = {}
    for other, _warmth, state, _last in rows:
        shown = wanted.setdefault(state, [])
        if named is None or len(shown) < named:
            shown.append(other)
    looked_up = {other for others in wanted.values() for other in others}
    others = people_shown(actor).in_bulk(looked_up)
    return Ties(
        [
            Tie(other, tie_warmth, state, last, others.get(other))
            for other, tie_warmth, state, last in rows
            # A person looked up and not found among the network's people has no tie to show.
            if other in others or other not in looked_up
        ]
    )
