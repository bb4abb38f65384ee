"""People, organisations and the member's own home page. Parse, call selectors, render.

No page runs a network analysis: ties come from ``ledger.selectors.person_ties``, which reads
one person's own interactions and hands them to ``netweave.insights``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from netweave.ledger.selectors import (
    RECONNECT,
    listings_of,
    organisation_ledger,
    person_exchange,
    person_ties,
)
from netweave.networks import selectors
from netweave.networks.actor import Actor
from netweave.networks.forms import OrganisationFilterForm, PeopleFilterForm
from netweave.networks.models import Organisation, Person
from netweave.networks.policy import Action
from netweave.routines.selectors import upcoming_occurrences
from netweave.web.framework import network_page
from netweave.web.paging import page_of

PAGE_SIZE = 25
TIES_SHOWN = 12


def _person_context(actor: Actor, person: Person) -> dict[str, Any]:
    """What the member home and a person's card share: listings, ties, this year's give/take."""
    today = timezone.localdate()
    ties = person_ties(actor, person, today, named=max(TIES_SHOWN, RECONNECT))
    warm = ties.in_state("warm")[:TIES_SHOWN]
    named = [person, *(tie.other for tie in [*ties.reconnect, *warm] if tie.other is not None)]
    return {
        "person": person,
        "listings": listings_of(actor.network, person),
        "ties": ties,
        "warm": warm,
        "pseudonym_numbers": selectors.pseudonym_numbers_for(actor, named),
        "counts": {state: len(ties.in_state(state)) for state in ("warm", "cooling", "cold")},
        "exchange": person_exchange(actor.network, person, today.year),
    }


def own_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """My asks and offers, my ties and whom to reconnect with, my year, my next meetings.

    A member's network home (``web.views.network_detail``) and, at ``…/me/``, anyone's own page:
    a steward's network home is the dashboard, so they find their own ties here.
    """
    if actor.person is None:
        return render(request, "networks/me.html", {"person": None})
    context = _person_context(actor, actor.person)
    context["meetings"] = upcoming_occurrences(actor.network, actor.person, timezone.localdate())
    context["may_write"] = actor.may(Action.WRITE_LISTING)
    return render(request, "networks/me.html", context)


member_home = network_page(Action.READ_NETWORK)(own_home)


@network_page(Action.READ_NETWORK)
def people(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = PeopleFilterForm(request.GET, actor=actor)
    paged = page_of(request, selectors.people_directory(actor, form.chosen()), PAGE_SIZE)
    numbers = selectors.pseudonym_numbers_for(actor, paged.page)
    return render(
        request,
        "networks/people.html",
        {"form": form, "page": paged.page, "query": paged.query, "pseudonym_numbers": numbers},
    )


@network_page(Action.READ_NETWORK, objects={"person": Person})
def person_card(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    shown = selectors.person_shown(actor, person)
    context = _person_context(actor, shown)
    # The only way in to a person's data download and erasure (the GDPR pages of interop).
    context["may_erase"] = actor.may(Action.ERASE_PERSON)
    return render(request, "networks/person.html", context)


@network_page(Action.READ_NETWORK)
def organisations(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    query_text, sector = form.chosen()
    rows = selectors.organisations_directory(actor, query_text, sector)
    paged = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "networks/organisations.html",
        {"form": form, "page": paged.page, "query": paged.query},
    )


@network_page(Action.READ_NETWORK, objects={"organisation": Organisation})
def organisation_card(
    request: HttpRequest, actor: Actor, organisation: Organisation
) -> HttpResponse:
    year = timezone.localdate().year
    members = list(selectors.organisation_members(actor, organisation))
    return render(
        request,
        "networks/organisation.html",
        {
            "organisation": organisation,
            "members": members,
            "pseudonym_numbers": selectors.pseudonym_numbers_for(actor, members),
            "ledger": organisation_ledger(actor.network, organisation, year),
            "year": year,
        },
    )
