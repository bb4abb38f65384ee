"""Pages of the web app: parse the request, call a selector, render. No domain logic here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netweave.dashboard import views as dashboard_views
from netweave.networks import selectors
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page


def home(request: HttpRequest) -> HttpResponse:
    networks = selectors.networks_for_user(request.user)
    return render(request, "web/home.html", {"networks": networks})


@network_page(Action.READ_NETWORK)
def network_detail(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The network's home: the dashboard for stewards; for members and sponsors, for now, the
    network's headline counts (their own home page, ``…/me/``, replaces this when it ships)."""
    if actor.may(Action.STEWARD):
        return dashboard_views.dashboard(request, actor)
    counts = selectors.network_counts(actor.network)
    return render(request, "web/network.html", {"counts": counts})
