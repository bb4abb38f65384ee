"""Pages of the ledger: the quick log with its autocomplete, and the board of asks and offers.

Thin: parse with a form, call a selector or a service, render. Every view is a network_page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netweave.ledger import selectors, services
from netweave.ledger.forms import KIND_LABELS, BoardFilterForm, ListingForm, QuickLogForm
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.ledger.selectors import ListingKind
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.networks.selectors import people_search as search_people
from netweave.networks.selectors import pseudonym_numbers_for
from netweave.web.framework import network_page
from netweave.web.paging import page_of

BOARD_PAGE_SIZE = 20
POSTED = {
    ListingKind.ASK: gettext_lazy("Your ask is on the board."),
    ListingKind.OFFER: gettext_lazy("Your offer is on the board."),
}
PICKER_FIELDS = ("subject", "other")


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@network_page(Action.LOG_INTERACTION, methods=("GET", "POST"))
def quick_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = QuickLogForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.interaction_log(
                actor,
                subject=data["subject"],
                verb=services.Verb(data["verb"]),
                other=data["other"],
                occurred_on=data["occurred_on"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Logged: %(subject)s %(verb)s %(other)s on %(day)s.")
                % {
                    "subject": data["subject"],
                    "verb": services.Verb(data["verb"]).label,
                    "other": data["other"],
                    "day": formats.date_format(interaction.occurred_on, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("ledger:log", slug=actor.network.slug)
    status = 400 if form.is_bound else 200
    return render(request, "ledger/quick_log.html", _log_context(actor, form), status=status)


def _log_context(actor: Actor, form: QuickLogForm) -> dict[str, Any]:
    """The form, the suggestions it showed (so a page with errors keeps them) and what the
    actor logged lately, with an undo button while that is still possible."""
    choices = {
        name: search_people(actor, form.data.get(f"{name}_query", "")) if form.is_bound else []
        for name in PICKER_FIELDS
    }
    recent = selectors.logged_recently(actor)
    return {
        "form": form,
        "choices": choices,
        "picked": {name: form.data.get(name, "") for name in PICKER_FIELDS},
        "recent": [(entry, services.interaction_undoable(actor, entry)) for entry in recent],
    }


@network_page(Action.LOG_INTERACTION, methods=("POST",), objects={"interaction": Interaction})
def quick_log_undo(request: HttpRequest, actor: Actor, interaction: Interaction) -> HttpResponse:
    try:
        services.interaction_undo(actor, interaction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Undone: the interaction is no longer in the ledger."))
    return redirect("ledger:log", slug=actor.network.slug)


@network_page(Action.LOG_INTERACTION)
def people_search(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The autocomplete's suggestions for ``q`` (an htmx partial): radio buttons named
    ``field``, the first one chosen, so Enter in the search box logs the best match."""
    field = request.GET.get("field", "other")
    query = request.GET.get(f"{field}_query", request.GET.get("q", ""))[:100]
    return render(
        request,
        "ledger/_people_choices.html",
        {
            "people": search_people(actor, query),
            # Any form's person field (web.widgets.PersonPicker): the name is only echoed back.
            "field": field if field.isidentifier() else "other",
            "query": query,
            "picked": "",
        },
    )


@network_page(Action.READ_NETWORK)
def listing_board(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = BoardFilterForm(request.GET, actor=actor)
    chosen = form.chosen()
    paged = page_of(request, selectors.board(actor, chosen), BOARD_PAGE_SIZE)
    return render(
        request,
        "ledger/board.html",
        {
            "form": form,
            "chosen": chosen,
            "kind_label": KIND_LABELS[chosen.kind],
            "page": paged.page,
            "pseudonym_numbers": pseudonym_numbers_for(actor, [row.person for row in paged.page]),
            "query": paged.query,
            "may_write": actor.may(Action.WRITE_LISTING),
        },
    )


@network_page(Action.WRITE_LISTING, methods=("GET", "POST"))
def listing_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    initial = {
        "kind": request.GET.get("kind", ListingKind.ASK),
        "language": request.LANGUAGE_CODE,
    }
    form = ListingForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = ListingKind(data["kind"])
        try:
            services.listing_create(
                actor,
                model=kind.model,
                text=data["text"],
                theme=data["theme"],
                language=data["language"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, str(POSTED[kind]))
            return redirect(_board_url(actor, kind))
    return render(
        request,
        "ledger/listing_form.html",
        {"form": form, "listing": None},
        status=400 if form.is_bound and form.errors else 200,
    )


def _board_url(actor: Actor, kind: ListingKind) -> str:
    return reverse("ledger:board", kwargs={"slug": actor.network.slug}) + f"?kind={kind}"


def _listing_edit(request: HttpRequest, actor: Actor, listing: Ask | Offer) -> HttpResponse:
    services.listing_require_owner(actor, listing)
    form = ListingForm(
        request.POST or None,
        actor=actor,
        editing=True,
        initial={"text": listing.text, "theme": listing.theme, "language": listing.language},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.listing_update(
                actor, listing, text=data["text"], theme=data["theme"], language=data["language"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_board_url(actor, _kind_of(listing)))
    return render(
        request,
        "ledger/listing_form.html",
        {"form": form, "listing": listing, "kind": _kind_of(listing)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _listing_close(request: HttpRequest, actor: Actor, listing: Ask | Offer) -> HttpResponse:
    services.listing_close(actor, listing)
    messages.success(request, _("Closed: it is no longer on the board."))
    back = request.POST.get("next", "")
    # A path on this site only: anything else (a view's name to `redirect`, another host) is
    # replaced by the board, never an error page after the listing was closed.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = _board_url(actor, _kind_of(listing))
    return HttpResponseRedirect(back)


def _kind_of(listing: Ask | Offer) -> ListingKind:
    return ListingKind.ASK if isinstance(listing, Ask) else ListingKind.OFFER


# One view each for asks and offers: the URL's object decides which table it is fetched from.
_EDIT = ("GET", "POST")
ask_edit = network_page(Action.WRITE_LISTING, methods=_EDIT, objects={"listing": Ask})(
    _listing_edit
)
offer_edit = network_page(Action.WRITE_LISTING, methods=_EDIT, objects={"listing": Offer})(
    _listing_edit
)
ask_close = network_page(Action.WRITE_LISTING, methods=("POST",), objects={"listing": Ask})(
    _listing_close
)
offer_close = network_page(Action.WRITE_LISTING, methods=("POST",), objects={"listing": Offer})(
    _listing_close
)
