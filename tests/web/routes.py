"""The network pages as the URL configuration declares them: shared by the tests that walk
every page (the isolation matrix, the query counts), so a new page is covered unedited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netweave.web.framework import PageSpec
from web.tenants import Tenant

EXEMPT_NAMESPACES = {"admin"}  # superusers only, tested in test_pages.py


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    spec: PageSpec | None
    kwargs: tuple[tuple[str, str], ...]  # (name, converter)


def _walk(
    patterns: list, prefix: str = "", namespace: str = "", outer: dict | None = None
) -> Iterator[Route]:
    for entry in patterns:
        converters = {**(outer or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner, converters)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name}",
                route=prefix + str(entry.pattern),
                spec=getattr(entry.callback, "network_page", None),
                kwargs=tuple((name, type(conv).__name__) for name, conv in converters.items()),
            )


def all_routes() -> list[Route]:
    """Every URL pattern (but the admin's)."""
    return list(_walk(get_resolver().url_patterns))


def scoped_routes() -> list[Route]:
    """Every URL pattern with a network slug or an object id."""
    routes = all_routes()
    return [r for r in routes if "<slug:slug>" in r.route or "<int:" in r.route]


def route_url(route: Route, slug: str, objects_from: Tenant) -> str:
    """``route`` in network ``slug``, its objects taken from ``objects_from``."""
    assert route.spec is not None
    kwargs: dict[str, object] = {"slug": slug}
    for name, model in route.spec.objects.items():
        kwargs[name] = objects_from.any(model).pk
    return reverse(route.name, kwargs=kwargs)


def cases() -> Iterator[tuple[Route, str]]:
    """Every (page, method) pair of the network pages."""
    for route in scoped_routes():
        assert route.spec is not None
        for method in route.spec.methods:
            yield route, method
