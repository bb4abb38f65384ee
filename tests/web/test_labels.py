"""No form label ends with a colon: the shared field template (web/_labelled_field.html) shows
the label alone, as Pico CSS puts it above its field. The pages are those the isolation matrix
and the bad-input tests walk (from the URL configuration), so a new page is covered unedited."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from netweave.networks.models import Role
from netweave.networks.policy import allowed
from web.routes import cases, route_url
from web.tenants import tenant_make
from web.test_bad_input import OUTSIDE_PAGES, _with_every_form, link_pages, network_pages

pytestmark = pytest.mark.django_db

LABEL = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def _colon_labels(page: str) -> list[str]:
    texts = (" ".join(unescape(TAG.sub(" ", m.group(2))).split()) for m in LABEL.finditer(page))
    return [text for text in texts if text.endswith(":")]


def _is_page(response) -> bool:
    """An HTML page (not a download, which streams)."""
    return (
        response.status_code == 200
        and not response.streaming
        and "html" in response.get("Content-Type", "")
    )


def test_the_label_check_sees_a_colon():
    page = '<label for="id_a">Note:</label><label>Name <input></label><legend>Pick:</legend>'
    assert _colon_labels(page) == ["Note:", "Pick:"]


def test_no_label_on_any_page_ends_with_a_colon():
    alpha = tenant_make("alpha", seed=21)
    _with_every_form(alpha)
    seen: dict[str, list[str]] = {}
    visitor = Client()
    for url in link_pages(alpha):  # the mailed links, opened logged out
        response = visitor.get(url)
        if _is_page(response):
            seen[url] = _colon_labels(response.content.decode())
    for role in (Role.STEWARD, Role.MEMBER):
        client = Client()
        client.force_login(alpha.logins[role])
        for url in [*network_pages(alpha), *(reverse(name) for name in OUTSIDE_PAGES)]:
            response = client.get(url)
            if _is_page(response):
                seen[f"{role.value} GET {url}"] = _colon_labels(response.content.decode())
        # A POST with nothing shows its form again with the errors.
        for route, method in cases():
            assert route.spec is not None
            if method != "POST" or not allowed(role, route.spec.action):
                continue
            url = route_url(route, alpha.network.slug, alpha)
            response = client.post(url, {})
            if _is_page(response):
                seen[f"{role.value} POST {url}"] = _colon_labels(response.content.decode())
    assert len(seen) > 20, f"too few pages rendered, the walk is broken: {sorted(seen)}"
    assert sum(1 for page in seen if "routines/answer" in page), "the mailed links were not seen"
    assert not {page: labels for page, labels in seen.items() if labels}
