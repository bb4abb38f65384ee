"""Template context every page gets: the acting network, the menu, the networks to switch to,
and for a reader who may not see every name the pseudonym numbers the report gives people."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from netweave.networks.selectors import audience_of, networks_for_user, pseudonym_numbers_of
from netweave.reports.document import Audience
from netweave.web.navigation import navigation_for


def network_context(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    context = {
        "actor": actor,
        "network": actor.network,
        "navigation": navigation_for(actor, request.path),
        "my_networks": networks_for_user(request.user).only("name", "slug"),
    }
    if audience_of(actor) is not Audience.STEWARDS:
        # Read on every page of a member or sponsor, not at the first pseudonym shown, so that
        # a page runs as many queries whoever is on it (tests/web/test_query_counts.py).
        context["pseudonym_numbers"] = pseudonym_numbers_of(actor.network)
    return context
