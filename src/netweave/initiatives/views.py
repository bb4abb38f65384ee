"""The initiative board: parse, call a service or selector, render. htmx swaps the board."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from netweave.initiatives import selectors, services
from netweave.initiatives.forms import InitiativeForm, MoveForm
from netweave.initiatives.models import Initiative, Stage
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page


def _board(
    request: HttpRequest,
    actor: Actor,
    form: InitiativeForm | None = None,
    status: int = 200,
    moved: Initiative | None = None,
    refused: str = "",
) -> HttpResponse:
    context = {
        "columns": selectors.initiative_board(actor),
        "stages": list(Stage),
        "may_work": actor.may(Action.WORK_ON_INITIATIVES),
        "form": form or InitiativeForm(),
        "moved": moved,
        "refused": refused,
    }
    # htmx asks for the board alone (it replaces #board); a plain form post gets the page.
    template = (
        "initiatives/_board.html" if request.headers.get("HX-Request") else "initiatives/board.html"
    )
    return render(request, template, context, status=status)


@network_page(Action.READ_NETWORK)
def initiative_board(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _board(request, actor)


@network_page(Action.WORK_ON_INITIATIVES, methods=("POST",))
def initiative_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InitiativeForm(request.POST)
    if not form.is_valid():
        return _board(request, actor, form, status=400)
    services.initiative_create(
        actor,
        name=form.cleaned_data["name"],
        description=form.cleaned_data["description"],
        stage=Stage(form.cleaned_data["stage"]),
    )
    messages.success(request, _("Initiative added to the board."))
    return redirect("initiatives:board", slug=actor.network.slug)


@network_page(Action.WORK_ON_INITIATIVES, methods=("POST",), objects={"initiative": Initiative})
def initiative_move(request: HttpRequest, actor: Actor, initiative: Initiative) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _board(request, actor, status=400, refused=_("Choose one of the stages."))
    services.initiative_move(actor, initiative, Stage(form.cleaned_data["stage"]))
    if request.headers.get("HX-Request"):
        return _board(request, actor, moved=initiative)
    return redirect("initiatives:board", slug=actor.network.slug)
