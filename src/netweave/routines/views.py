"""Routine pages: parse, call a service or selector, render.

Network pages go through ``network_page``. Two pages do not: the "did it happen?" page, whose
signed link names the participant and the occurrence, and the calendar feed, whose secret token
names the member; neither needs a login, both refuse a wrong, altered or expired token with 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netweave.networks.actor import Actor
from netweave.networks.models import Person
from netweave.networks.policy import Action
from netweave.routines import calendar, mail, selectors, services
from netweave.routines.forms import (
    AnswerForm,
    DoNotPairForm,
    MoveForm,
    RoutineFilterForm,
    RoutineForm,
    SnoozeForm,
    TakePartForm,
)
from netweave.routines.models import (
    CalendarFeed,
    Format,
    Occurrence,
    ParticipantStatus,
    Routine,
)
from netweave.web.framework import back_with_error, network_page
from netweave.web.paging import page_of

ROUTINES_PAGE_SIZE = 25
PARTICIPANTS_PAGE_SIZE = 50


def _errors_to_form(form: RoutineForm | MoveForm | AnswerForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _detail_url(actor: Actor, routine: Routine) -> str:
    return reverse("routines:detail", args=[actor.network.slug, routine.pk])


@network_page(Action.READ_NETWORK)
def routine_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    feed = selectors.calendar_feed_of(actor)
    feed_url = (
        request.build_absolute_uri(reverse("routines:feed", kwargs={"token": feed.token}))
        if feed is not None
        else None
    )
    form = RoutineFilterForm(request.GET)
    paged = page_of(request, selectors.routines_for(actor, *form.chosen()), ROUTINES_PAGE_SIZE)
    return render(
        request,
        "routines/list.html",
        {
            "form": form,
            "page": paged.page,
            "query": paged.query,
            "may_manage": actor.may(Action.MANAGE_ROUTINES),
            "may_take_part": actor.may(Action.TAKE_PART) and actor.person is not None,
            "feed_url": feed_url,
        },
    )


@network_page(Action.MANAGE_ROUTINES, methods=("GET", "POST"))
def routine_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = RoutineForm(request.POST or None, network=actor.network)
    if request.method == "POST" and form.is_valid():
        try:
            routine = services.routine_create(actor, form.routine_fields())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The routine is planned; invitations go out shortly."))
            return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "routines/form.html", {"form": form, "routine": None}, status=status)


@network_page(Action.MANAGE_ROUTINES, methods=("GET", "POST"), objects={"routine": Routine})
def routine_edit(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    initial = RoutineForm.initial_from(routine)
    form = RoutineForm(request.POST or None, initial=initial, network=actor.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.routine_update(actor, routine, form.routine_fields())
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved; participants hear about changed dates."))
            return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "routines/form.html", {"form": form, "routine": routine}, status=status)


@network_page(Action.READ_NETWORK, objects={"routine": Routine})
def routine_detail(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    participants = page_of(request, selectors.participants_of(routine), PARTICIPANTS_PAGE_SIZE)
    return render(
        request,
        "routines/detail.html",
        {
            "routine": routine,
            "health": selectors.health_of(routine),
            "occurrences": selectors.occurrences_of(routine)[:24],
            "today": timezone.localdate(),
            "participants": participants.page,
            "query": participants.query,
            "mine": selectors.participation(actor, routine),
            "may_manage": actor.may(Action.MANAGE_ROUTINES),
            "may_take_part": actor.may(Action.TAKE_PART) and actor.person is not None,
            "active": ParticipantStatus.ACTIVE,
            "coffee": routine.format == Format.RANDOM_COFFEE,
            "snooze_form": SnoozeForm(),
            "do_not_pair_form": DoNotPairForm(network=actor.network, me=actor.person),
        },
    )


@network_page(Action.MANAGE_ROUTINES, methods=("POST",), objects={"routine": Routine})
def routine_pause(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    services.routine_pause(actor, routine, paused=not routine.paused)
    return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)


@network_page(Action.TAKE_PART, methods=("POST",), objects={"routine": Routine})
def routine_take_part(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    form = TakePartForm(request.POST)
    if not form.is_valid() or actor.person is None:
        return back_with_error(
            request, _("Choose to take part or to opt out."), _detail_url(actor, routine)
        )
    status = ParticipantStatus(form.cleaned_data["status"])
    services.participant_set(actor, routine, actor.person, status)
    return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)


@network_page(Action.TAKE_PART, methods=("POST",), objects={"routine": Routine})
def routine_snooze(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    form = SnoozeForm(request.POST)
    if not form.is_valid() or actor.person is None:
        return back_with_error(
            request, _("Give a date, or none to take part again."), _detail_url(actor, routine)
        )
    services.participant_snooze(actor, routine, form.cleaned_data["until"])
    return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)


@network_page(Action.TAKE_PART, methods=("POST",), objects={"routine": Routine})
def routine_do_not_pair(request: HttpRequest, actor: Actor, routine: Routine) -> HttpResponse:
    form = DoNotPairForm(request.POST, network=actor.network, me=actor.person)
    if not form.is_valid() or actor.person is None:
        return back_with_error(
            request, _("Choose a member of this network."), _detail_url(actor, routine)
        )
    services.do_not_pair_add(actor, form.cleaned_data["other"])
    messages.success(request, _("You will not be paired with them."))
    return redirect("routines:detail", slug=actor.network.slug, routine=routine.pk)


@network_page(Action.MANAGE_ROUTINES, methods=("GET", "POST"), objects={"occurrence": Occurrence})
def occurrence_move(request: HttpRequest, actor: Actor, occurrence: Occurrence) -> HttpResponse:
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.occurrence_move(actor, occurrence, form.cleaned_data["starts_at"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect(
                "routines:detail", slug=actor.network.slug, routine=occurrence.routine_id
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "routines/move.html", {"form": form, "occurrence": occurrence}, status=status
    )


@network_page(Action.MANAGE_ROUTINES, methods=("POST",), objects={"occurrence": Occurrence})
def occurrence_drop(request: HttpRequest, actor: Actor, occurrence: Occurrence) -> HttpResponse:
    services.occurrence_drop(actor, occurrence)
    messages.success(request, _("The date is dropped; invited participants get a cancellation."))
    return redirect("routines:detail", slug=actor.network.slug, routine=occurrence.routine_id)


@network_page(Action.TAKE_PART, methods=("POST",))
def calendar_rotate(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.person is None:
        return back_with_error(
            request,
            _("Only members have a calendar."),
            reverse("routines:list", args=[actor.network.slug]),
        )
    services.calendar_feed_rotate(actor)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("routines:list", slug=actor.network.slug)


def _answer_subject(token: str) -> tuple[Occurrence, Person]:
    max_age = mail.ANSWER_MAX_AGE_DAYS * 24 * 3600
    try:
        claim = signing.loads(token, salt=mail.ANSWER_SALT, max_age=max_age)
    except signing.BadSignature:  # altered, or SignatureExpired (a subclass)
        raise Http404(_("This link is not valid or has expired.")) from None
    occurrence = get_object_or_404(Occurrence.objects.select_related("routine"), pk=claim["o"])
    person = get_object_or_404(Person, pk=claim["p"], network=occurrence.routine.network_id)
    return occurrence, person


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the "did it happen?" link.

    The link opens a page with the buttons instead of recording on GET: mail scanners open links
    before people do, and must not record a meeting nobody confirmed.
    """
    occurrence, person = _answer_subject(token)
    form = AnswerForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.answer_record(
                occurrence,
                person,
                happened=form.cleaned_data["happened"],
                reflection=form.cleaned_data["reflection"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
    context = {
        "form": form,
        "occurrence": occurrence,
        "person": person,
        "partners": services.meeting_partners(occurrence, person),
        "done": done,
    }
    status = 400 if request.method == "POST" and done is None else 200
    return render(request, "routines/answer.html", context, status=status)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    # A feed's token is URL-safe base64 (new_feed_token); anything else, such as a NUL byte that
    # PostgreSQL would refuse in the query, is no feed at all.
    if not token.isascii() or not token.replace("-", "").replace("_", "").isalnum():
        raise Http404
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token)
    occurrences = selectors.feed_occurrences(feed.person)
    content = calendar.feed(occurrences, description="")
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
