"""Pages of the web app: parse the request, call a selector, render. No domain logic here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netweave.networks import selectors


def home(request: HttpRequest) -> HttpResponse:
    networks = selectors.networks_for_user(request.user)
    return render(request, "web/home.html", {"networks": networks})


@login_required
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get_for_user(request.user, slug)
    counts = selectors.network_counts(network)
    return render(request, "web/network.html", {"network": network, "counts": counts})
