"""The initiative board: parse, call a service or selector, render. htmx swaps the board."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from netweave.initiatives import selectors, services
from netweave.initiatives.forms import InitiativeForm, MoveForm
from netweave.initiatives.models import Initiative, Stage
from netweave.initiatives.selectors import Column
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page
from netweave.web.paging import page_of

STAGE_PAGE_SIZE = 24  # whole rows of 2, 3 or 4 cards, as wide as the screen allows


def _board(
    request: HttpRequest,
    actor: Actor,
    form: InitiativeForm | None = None,
    status: int = 200,
    moved: Initiative | None = None,
    refused: str = "",
) -> HttpResponse:
    """The board as the reader left it: every stage, or with ``?stage=`` one stage in full, a
    page at a time (a move keeps that view: its form posts the board's query string along)."""
    opened = _opened_stage(request)
    context = {
        "stages": list(Stage),
        "may_work": actor.may(Action.WORK_ON_INITIATIVES),
        "form": form or InitiativeForm(),
        "moved": moved,
        "refused": refused,
        "opened": opened,
        "board_query": request.GET.urlencode(),
    }
    if opened is None:
        context["columns"] = selectors.initiative_board(actor)
    else:
        paged = page_of(request, selectors.initiatives_in(actor, opened), STAGE_PAGE_SIZE)
        context["columns"] = [Column(opened, list(paged.page), paged.page.paginator.count)]
        context |= {"page": paged.page, "query": paged.query}
    # htmx asks for the board alone (it replaces #board); a plain form post gets the page.
    template = (
        "initiatives/_board.html" if request.headers.get("HX-Request") else "initiatives/board.html"
    )
    return render(request, template, context, status=status)


def _opened_stage(request: HttpRequest) -> Stage | None:
    """The stage the reader opened in full; none (the whole board) for anything else."""
    value = request.GET.get("stage", "")
    return Stage(value) if value in Stage.values else None


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
    board = reverse("initiatives:board", args=[actor.network.slug])
    return redirect(f"{board}?{request.GET.urlencode()}" if request.GET else board)
