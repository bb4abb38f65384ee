"""The map page: found from the menu, served with the viewer's own copies of sigma and
graphology (no CDN), its words translated."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_page_loads_the_self_served_viewer(mapped):
    client = Client()
    client.force_login(mapped.sponsor)
    response = client.get(reverse("maps:page", args=[mapped.network.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for asset in ("vendor/sigma.min.js", "vendor/graphology.umd.min.js", "maps/map.js"):
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset
    assert "https://" not in html.split("<body", 1)[0]  # nothing from elsewhere in the head
    assert reverse("maps:data", args=[mapped.network.slug]) in html
    assert 'href="' + reverse("maps:page", args=[mapped.network.slug]) + '"' in html  # the menu


def test_the_page_speaks_dutch(mapped):
    client = Client()
    client.force_login(mapped.member)
    response = client.get(
        reverse("maps:page", args=[mapped.network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    html = response.content.decode()
    assert "Netwerkkaart" in html and "Zoek een persoon" in html
    assert "De kaart wordt geladen" in html  # the script's words, from django.po


def test_the_page_hands_the_script_the_reports_sector_colours(mapped):
    client = Client()
    client.force_login(mapped.member)
    html = client.get(reverse("maps:page", args=[mapped.network.slug])).content.decode()
    found = re.search(
        r'<script id="map-sector-colours" type="application/json">(.*?)</script>', html
    )
    assert found is not None
    # The same colours the report's legend and matrix draw, one per sector.
    assert json.loads(found.group(1)) == {
        "knowledge": "#0072B2",
        "business": "#E69F00",
        "government": "#009E73",
        "civil_society": "#CC79A7",
        "citizens": "#D55E00",
    }
