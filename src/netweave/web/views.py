"""Pages of the web app: parse the request, call a selector, render. No domain logic here."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from netweave.dashboard import views as dashboard_views
from netweave.networks import selectors
from netweave.networks import views as network_views
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page


class LoginView(auth_views.LoginView):
    """The login page. A login in exactly one network goes straight to that network's home
    (a list with one link was one click too many); with none or several, to the list of them.
    A page asked for (``next``) comes first, unless it is that list itself (the header's link
    on the home page asks for it)."""

    template_name = "web/login.html"

    def get_success_url(self) -> str:
        asked = self.get_redirect_url()
        if asked and asked != reverse("web:home"):
            return asked
        slugs = list(
            selectors.networks_for_user(self.request.user).values_list("slug", flat=True)[:2]
        )
        if len(slugs) == 1:
            return reverse("web:network", args=slugs)
        return self.get_default_redirect_url()


def favicon(request: HttpRequest) -> HttpResponse:
    """The pages' own icon at ``/favicon.ico``, where browsers look for it when an answer names
    none (the API's JSON, a PDF): without it, each such visit logged a 404 warning.

    A temporary redirect: the icon's address carries its content's hash, and a browser keeps a
    permanent redirect for good, so after an upgrade it would lead to an icon no longer served."""
    return redirect(static("web/favicon.svg"))


def home(request: HttpRequest) -> HttpResponse:
    networks = selectors.networks_for_user(request.user)
    return render(request, "web/home.html", {"networks": networks})


@network_page(Action.READ_NETWORK)
def network_detail(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The network's home, by what the role may do: stewards run the network from the
    dashboard; members, who contribute, get their own home (asks and offers, ties, their year,
    meetings); sponsors read but neither contribute nor see names (the reports' rule), so they
    get the network's anonymous headline counts."""
    if actor.may(Action.STEWARD):
        return dashboard_views.dashboard(request, actor)
    if actor.may(Action.WRITE_LISTING):
        return network_views.own_home(request, actor)
    counts = selectors.network_counts(actor.network, timezone.localdate())
    return render(request, "web/network.html", {"counts": counts})
