"""The steward dashboard: parse, call a selector, render. No figures are computed here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netweave.dashboard import fragments, selectors, services
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page


def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The dashboard page; ``web.views.network_detail`` shows it to stewards."""
    actor.require(Action.STEWARD)
    snapshot = selectors.health_snapshot(actor.network)
    services.refresh_if_outdated(actor.network, snapshot)
    dashboard = selectors.steward_dashboard(actor, snapshot)
    context = {
        "dashboard": dashboard,
        "figures_html": fragments.figures_html(actor.network, dashboard.figures),
    }
    return render(request, "dashboard/dashboard.html", context)


@network_page(Action.STEWARD)
def dashboard_figures(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The stored figures alone: htmx asks for them every few seconds while they are made."""
    snapshot = selectors.health_snapshot(actor.network)
    figures = selectors.dashboard_figures(actor, snapshot)
    return HttpResponse(fragments.figures_html(actor.network, figures))
