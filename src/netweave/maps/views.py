"""The network map pages: the viewer, its data and a person's card. Parse, call, respond.

Every view is a :func:`~netweave.web.framework.network_page`: the same access rules as the rest
of the network (any member, steward or sponsor reads; another network's people are a 404).
"""

from __future__ import annotations

import gzip
import json

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from netweave.maps import selectors
from netweave.maps.strings import viewer_strings
from netweave.networks.actor import Actor
from netweave.networks.models import Person
from netweave.networks.policy import Action
from netweave.reports.charts import SECTOR_COLOURS
from netweave.web.framework import network_page

FORMS = ("rows", "columns")


@network_page(Action.READ_NETWORK)
def map_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    years = selectors.network_map_years(actor.network)
    return render(
        request,
        "maps/map.html",
        {
            "network": actor.network,
            "years": years,
            "year": years[-1] if years else None,
            "strings": viewer_strings(),
            "sector_colours": SECTOR_COLOURS,
        },
    )


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@network_page(Action.READ_NETWORK, whole=True)
def map_data(request: HttpRequest, actor: Actor) -> HttpResponse:
    """``?year=YYYY`` (default: the latest) ``&form=rows|columns`` (default rows): the map as
    JSON, gzip-compressed when the browser accepts it, with an ETag (304 when unchanged)."""
    years = selectors.network_map_years(actor.network)
    raw_year = request.GET.get("year", str(years[-1]) if years else "")
    form = request.GET.get("form", "rows")
    if form not in FORMS:
        return _bad_request(_("form must be rows or columns, not %(value)r.") % {"value": form})
    if not years and "year" not in request.GET:
        # Accepted, not failed: the map is computed in the background after the first write.
        message = _("The map is being prepared; try again in a minute.")
        return JsonResponse({"pending": True, "error": message}, status=202)
    if not raw_year.isdigit():
        return _bad_request(
            _("year must be a year such as 2025, not %(value)r.") % {"value": raw_year}
        )
    stored = selectors.network_map_get(actor.network, int(raw_year))
    if stored is None:
        return JsonResponse(
            {"error": _("There is no map of %(year)s (yet).") % {"year": raw_year}}, status=404
        )
    etag = selectors.network_map_etag(actor, stored, form)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        payload = selectors.network_map_payload(actor, stored, columns=form == "columns")
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        response = HttpResponse(content_type="application/json")
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            # Level 6: within a few per cent of the smallest, several times faster than 9.
            body = gzip.compress(body, compresslevel=6, mtime=0)
            response["Content-Encoding"] = "gzip"
        response.content = body
    response["ETag"] = etag
    # Private: labels depend on who asks. Revalidate: a recomputed map must show at once.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Accept-Encoding", "Cookie", "Accept-Language"])
    return response


@network_page(Action.READ_NETWORK, objects={"person": Person})
def map_person(request: HttpRequest, actor: Actor, person: Person) -> JsonResponse:
    """What the map's card adds to the map data: the person's open asks and offers."""
    return JsonResponse(selectors.person_card(actor, person))
