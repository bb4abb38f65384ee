"""Introduction pages: parse, call a service or selector, render.

The steward's page (suggestions with their sentence, sending, every introduction by stage) and
the member's own (answer, say that you met and what came of it, the digest and introduction
choices) go through ``network_page``. The page behind a mail's signed link does not: the link
names the person and the introduction, needs no login, and a wrong, altered or expired link is
a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netweave.introductions import links, selectors, services, stored
from netweave.introductions.forms import (
    AnswerForm,
    MetForm,
    OutcomeForm,
    PreferencesForm,
    SendForm,
)
from netweave.introductions.links import Do
from netweave.introductions.models import Answer, Introduction, Outcome, Status
from netweave.networks.actor import Actor
from netweave.networks.models import Person
from netweave.networks.policy import Action
from netweave.web.framework import back_with_error, network_page
from netweave.web.paging import page_of

MINE_PAGE_SIZE = 25


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@network_page(Action.INTRODUCE)
def steward_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = timezone.localdate()
    computed = selectors.suggestion_set(actor.network)
    stored.refresh_if_outdated(actor.network, computed)
    lists = selectors.steward_lists(actor.network)
    shown = [introduction for _status, rows, _count in lists.stages for introduction in rows]
    sentences = selectors.sentences_for(actor.network, shown, reader=None)
    stages = [
        (status, [(i, sentences[i.pk] if i.reasons else i.reason) for i in rows], count)
        for status, rows, count in lists.stages
    ]
    return render(
        request,
        "introductions/steward.html",
        {
            "suggestions": selectors.network_suggestions(actor.network, today),
            "computed": computed if computed and computed.computed_at else None,
            "refreshing": bool(computed and computed.refresh_queued_at),
            "stages": stages,
            "per_week": selectors.settings_of(actor.network).introductions_per_week,
            "form": SendForm(network=actor.network),
        },
    )


@network_page(Action.INTRODUCE, methods=("POST",))
def send(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SendForm(request.POST, network=actor.network)
    if not form.is_valid():
        return _invalid(request, actor, _("Choose two members of this network."), "steward")
    first, second, reasons = selectors.pair_reasons(
        actor.network, form.cleaned_data["person_a"], form.cleaned_data["person_b"]
    )
    try:
        introduction = services.introduction_send(
            actor, first, second, reasons=reasons, today=timezone.localdate()
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Sent: %(a)s and %(b)s each get a mail asking whether they want to meet.")
            % {"a": introduction.person_a, "b": introduction.person_b},
        )
    return redirect("introductions:steward", slug=actor.network.slug)


@network_page(Action.ANSWER_INTRODUCTIONS)
def mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    person = actor.person
    paged = page_of(request, selectors.my_introductions(actor), MINE_PAGE_SIZE)
    introductions = list(paged.page)
    context: dict[str, Any] = {"person": person, "page": paged.page, "query": paged.query}
    if person is not None:
        sentences = selectors.sentences_for(actor.network, introductions, reader=person)
        today = timezone.localdate()
        context.update(
            rows=[
                (
                    i,
                    i.other(person),
                    i.answer_of(person),
                    sentences[i.pk],
                    selectors.awaits_outcome(i, today),
                )
                for i in introductions
            ],
            preferences=PreferencesForm(
                initial={
                    "weekly_digest": person.weekly_digest,
                    "open_to_introductions": person.open_to_introductions,
                }
            ),
            met_form=MetForm(),
            outcome_form=OutcomeForm(),
            pending=Answer.PENDING,
            statuses=Status,
        )
    return render(request, "introductions/mine.html", context)


def _invalid(request: HttpRequest, actor: Actor, message: str, page: str = "mine") -> HttpResponse:
    return back_with_error(request, message, f"introductions:{page}", slug=actor.network.slug)


def _back(actor: Actor) -> HttpResponse:
    return redirect("introductions:mine", slug=actor.network.slug)


def _own_step(request: HttpRequest, actor: Actor, form: Form) -> bool:
    """Whether a member's POST can go to a service: a valid form from a linked login."""
    return form.is_valid() and actor.person is not None


@network_page(
    Action.ANSWER_INTRODUCTIONS, methods=("POST",), objects={"introduction": Introduction}
)
def answer(request: HttpRequest, actor: Actor, introduction: Introduction) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not _own_step(request, actor, form):
        return _invalid(request, actor, _("Choose yes or no."))
    assert actor.person is not None
    try:
        services.introduction_answer(introduction, actor.person, accept=form.accept, actor=actor)
    except ValidationError as error:
        _refused(request, error)
    return _back(actor)


@network_page(
    Action.ANSWER_INTRODUCTIONS, methods=("POST",), objects={"introduction": Introduction}
)
def met(request: HttpRequest, actor: Actor, introduction: Introduction) -> HttpResponse:
    form = MetForm(request.POST)
    if not _own_step(request, actor, form):
        return _invalid(request, actor, _("Give the date you met."))
    try:
        services.introduction_met(
            introduction, actor.person, on=form.cleaned_data["met_on"], actor=actor
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Recorded that you met. Thank you!"))
    return _back(actor)


@network_page(
    Action.ANSWER_INTRODUCTIONS, methods=("POST",), objects={"introduction": Introduction}
)
def outcome(request: HttpRequest, actor: Actor, introduction: Introduction) -> HttpResponse:
    form = OutcomeForm(request.POST)
    if not _own_step(request, actor, form):
        return _invalid(request, actor, _("Choose what came of it."))
    try:
        services.introduction_outcome(
            introduction,
            actor.person,
            outcome=Outcome(form.cleaned_data["outcome"]),
            note=form.cleaned_data["note"],
            actor=actor,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you for telling us."))
    return _back(actor)


@network_page(Action.ANSWER_INTRODUCTIONS, methods=("POST",))
def preferences(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if not _own_step(request, actor, form):
        return _invalid(request, actor, _("Your login is not linked to a member of this network."))
    services.preferences_set(
        actor,
        weekly_digest=form.cleaned_data["weekly_digest"],
        open_to_introductions=form.cleaned_data["open_to_introductions"],
    )
    messages.success(request, _("Your choices are saved."))
    return _back(actor)


def _link_subject(token: str) -> tuple[Introduction, Person, Do]:
    try:
        introduction_id, person_id, do = links.read(token)
    except links.LinkRefused:
        raise Http404(_("This link is not valid or has expired.")) from None
    introduction = get_object_or_404(
        Introduction.objects.select_related(
            "network",
            "introducer",
            "person_a",
            "person_b",
            "person_a__organisation",
            "person_b__organisation",
        ),
        pk=introduction_id,
    )
    person = get_object_or_404(Person, pk=person_id, network=introduction.network_id)
    if introduction.side(person) is None:
        raise Http404(_("This link is not valid or has expired."))
    return introduction, person, do


def _link_form(do: Do, data: Any) -> Form | None:
    if do == Do.MET:
        return MetForm(data)
    if do == Do.OUTCOME:
        return OutcomeForm(data)
    return None


def _link_step(introduction: Introduction, person: Person, do: Do, form: Form | None) -> None:
    if do in (Do.ACCEPT, Do.DECLINE):
        services.introduction_answer(introduction, person, accept=do == Do.ACCEPT)
    elif do == Do.MET:
        assert form is not None
        services.introduction_met(introduction, person, on=form.cleaned_data["met_on"])
    else:
        assert form is not None
        services.introduction_outcome(
            introduction,
            person,
            outcome=Outcome(form.cleaned_data["outcome"]),
            note=form.cleaned_data["note"],
        )


def link(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind a mail's link: one button (a short form for met and outcome).

    Nothing is recorded on GET: mail scanners open links before people do.
    """
    introduction, person, do = _link_subject(token)
    with translation.override(person.language):
        form = _link_form(do, request.POST if request.method == "POST" else None)
        done = False
        error = ""
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                _link_step(introduction, person, do, form)
                done = True
            except ValidationError as refused:
                error = " ".join(refused.messages)
        sentence = selectors.sentences_for(introduction.network, [introduction], person)
        return render(
            request,
            "introductions/link.html",
            {
                "introduction": introduction,
                "other": introduction.other(person),
                "do": do.value,
                "form": form,
                "done": done,
                "error": error,
                "sentence": sentence[introduction.pk],
            },
            status=400 if request.method == "POST" and not done else 200,
        )
