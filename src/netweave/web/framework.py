"""The one way a view reaches a network: :func:`network_page`.

Tenant isolation is a property of this decorator, not of each view's care. It requires a login,
turns the URL's ``slug`` into an :class:`~netweave.networks.actor.Actor` (a network that is
missing or not the user's is a 404, the same for both), refuses a role the policy table does not
allow (403), and fetches every object named in the URL *within that network* (another network's
object is a 404 too). The view receives the actor and the objects, never a raw slug or id::

    @network_page(Action.WRITE_LISTING, methods=("GET", "POST"), objects={"ask": Ask})
    def ask_edit(request, actor, ask): ...

    path("networks/<slug:slug>/asks/<int:ask>/edit/", ask_edit)

``tests/web/test_isolation_matrix.py`` walks every URL pattern and fails for a view that takes a
slug or an id without this decorator.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from netweave.networks.policy import Action
from netweave.networks.selectors import actor_for, tenant_object_get

# A view receives the request, the actor and its URL objects by name; it may stream (a file).
type NetworkView = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class PageSpec:
    """What a network page declares: the action it performs, its methods and its URL objects."""

    action: Action
    methods: tuple[str, ...]
    objects: Mapping[str, type[Model]] = field(default_factory=dict)
    whole: bool = False
    """The answer is a whole record by design (a data export, the network's map), so its size
    follows the record; every other page shows a long list a page at a time, and
    ``tests/web/test_query_counts.py`` holds it to about the same size at any network size."""


def network_page(
    action: Action,
    *,
    methods: Sequence[str] = ("GET",),
    objects: Mapping[str, type[Model]] | None = None,
    whole: bool = False,
) -> Callable[[NetworkView], Callable[..., HttpResponseBase]]:
    """Make ``view(request, actor, **objects)`` a page of one network; see the module docstring.

    ``action`` is what the page does (its POST, if it has one); a page whose GET shows a form
    that only some roles may submit declares the write action, so others get 403 on both.
    ``whole`` declares an answer that is a whole record by design (see :class:`PageSpec`).
    """
    spec = PageSpec(action=action, methods=tuple(methods), objects=dict(objects or {}), whole=whole)

    def decorate(view: NetworkView) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def page(request: HttpRequest, slug: str, **url_kwargs: Any) -> HttpResponseBase:
            if request.method not in spec.methods:
                return _not_allowed(request, spec.methods)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = actor_for(request.user, slug)
            request.actor = actor  # type: ignore[attr-defined]  # read by the context processor
            actor.require(spec.action)
            resolved = {
                name: tenant_object_get(actor.network, model, url_kwargs.pop(name))
                for name, model in spec.objects.items()
            }
            return view(request, actor, **resolved, **url_kwargs)

        page.network_page = spec  # type: ignore[attr-defined]  # read by the isolation matrix
        return page

    return decorate


def _not_allowed(request: HttpRequest, methods: Sequence[str]) -> HttpResponse:
    """405 with a page that says where to go: a form shown again with its errors lives at its
    POST address, so pressing Enter in the address bar (or a bookmark) asks for it with a GET,
    and Django's empty 405 left the browser's blank error page. Says nothing of the network,
    as it answers before the visitor's access is checked."""
    response = render(request, "web/not_allowed.html", status=405)
    response["Allow"] = ", ".join(methods)
    return response


def back_with_error(request: HttpRequest, message: str, to: str, **kwargs: Any) -> HttpResponse:
    """A form that did not validate (the browser's own checks bypassed or absent): its message
    on the page the form was on (``to``: a URL, or a view name with its ``kwargs``), not a bare
    line of text without the site around it."""
    messages.error(request, message)
    return redirect(to, **kwargs)
