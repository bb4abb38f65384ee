"""One page of a long list, and the query string its page links keep.

Every list that grows with the network is shown a page at a time, so no page's size or
rendering time grows with it (``tests/web/test_query_counts.py`` holds every page to that).
The links are rendered by ``web/_page_links.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Paged:
    page: Page
    query: str
    """The request's query string without ``page``: the page links keep the filters."""


def page_of(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], size: int) -> Paged:
    """The page of ``rows`` the request asks for (``?page=``); the last for a number past it,
    the first for anything else, as Django's ``Paginator.get_page``."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Paged(page, query.urlencode())
