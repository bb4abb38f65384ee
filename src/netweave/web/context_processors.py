"""Template context every page gets: the acting network, the menu, the networks to switch to.

A page that names people gives its template their pseudonym numbers itself
(``networks.selectors.pseudonym_numbers_for``): only it knows whom it shows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from netweave.networks.selectors import networks_for_user
from netweave.web.navigation import navigation_for


def network_context(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    return {
        "actor": actor,
        "network": actor.network,
        # Made when a template shows it: a fragment (htmx) shows neither.
        "navigation": SimpleLazyObject(lambda: navigation_for(actor, request.path)),
        "my_networks": SimpleLazyObject(
            lambda: list(actor.networks or networks_for_user(request.user).only("name", "slug"))
        ),
    }
