"""Writes of the introductions app: one transaction per step of the life cycle.

Mails are never sent here: a step changes the introduction, and the next ``netweave tick``
(``introductions/jobs.py``) sends what the two must hear. A step taken from a signed link has no
login: the link names the person and is the authority; a step taken on a page has an actor,
whose change is recorded in the audit list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netweave.insights import MetricSettings
from netweave.introductions.models import Answer, Introduction, Outcome, Status
from netweave.introductions.stored import suggestions_changed
from netweave.ledger.models import Channel, Interaction, Kind, Source
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.audit import Verb
from netweave.networks.models import Network, Person
from netweave.networks.policy import Action

OUTCOME_NOTE_MAX_LENGTH = 500


def week_of(day: date) -> tuple[date, date]:
    """Monday and the next Monday of ``day``'s week (the fairness cap counts per week)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def sent_this_week(
    network: Network, day: date, people: Sequence[int] | None = None
) -> dict[int, int]:
    """person id → introductions sent in ``day``'s week that they are one of the two in."""
    monday, next_monday = week_of(day)
    sent = Introduction.objects.filter(
        network=network, sent_on__gte=monday, sent_on__lt=next_monday
    )
    if people is not None:
        sent = sent.filter(Q(person_a_id__in=people) | Q(person_b_id__in=people))
    counts: dict[int, int] = {}
    for a, b in sent.values_list("person_a_id", "person_b_id"):
        counts[a] = counts.get(a, 0) + 1
        counts[b] = counts.get(b, 0) + 1
    return counts


def _introduced(network: Network, a: Person, b: Person) -> bool:
    return Introduction.objects.filter(
        Q(person_a=a, person_b=b) | Q(person_a=b, person_b=a), network=network
    ).exists()


@transaction.atomic
def introduction_send(
    actor: Actor,
    person_a: Person,
    person_b: Person,
    *,
    reasons: Sequence[Mapping[str, Any]] = (),
    today: date | None = None,
) -> Introduction:
    """A steward sends an introduction of ``person_a`` and ``person_b`` (the mails go with the
    next tick). Refused for one person twice, a pair introduced before, someone who left or
    opted out, and someone who reached this week's cap (``introductions_per_week``)."""
    actor.require(Action.INTRODUCE)
    today = today or timezone.localdate()
    network = actor.network
    if person_a.pk == person_b.pk:
        raise ValidationError(_("An introduction needs two different people."))
    for person in (person_a, person_b):
        if person.network_id != network.pk:
            raise ValidationError(_("Both people must be members of this network."))
        if person.left_on is not None and person.left_on <= today:
            raise ValidationError(_("%(name)s has left the network.") % {"name": person})
        if not person.open_to_introductions:
            raise ValidationError(_("%(name)s does not want to be introduced.") % {"name": person})
        if not person.email:
            raise ValidationError(_("%(name)s has no e-mail address.") % {"name": person})
    # Serialise sends in one network, so two stewards cannot both pass the checks below.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    if _introduced(network, person_a, person_b):
        raise ValidationError(
            _("%(a)s and %(b)s were introduced before.") % {"a": person_a, "b": person_b}
        )
    per_week = MetricSettings.from_mapping(network.metric_settings or {}).introductions_per_week
    load = sent_this_week(network, today, [person_a.pk, person_b.pk])
    for person in (person_a, person_b):
        if load.get(person.pk, 0) >= per_week:
            raise ValidationError(
                _("%(name)s already has %(n)s introductions this week.")
                % {"name": person, "n": per_week}
            )
    introduction = Introduction.objects.create(
        network=network,
        introducer=actor.person,
        person_a=person_a,
        person_b=person_b,
        reasons=list(reasons),
        status=Status.SENT,
        suggested_on=today,
        sent_on=today,
    )
    audit.record(actor, Verb.INTRODUCTION_SENT, introduction)
    suggestions_changed(network)  # the stored ones are filtered at once; this fills the gap
    return introduction


def _locked(introduction: Introduction) -> Introduction:
    """The introduction's row, locked for this transaction (two answers at once both count)."""
    return (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("introducer", "person_a", "person_b", "network")
        .get(pk=introduction.pk)
    )


@transaction.atomic
def introduction_answer(
    introduction: Introduction,
    person: Person,
    *,
    accept: bool,
    today: date | None = None,
    actor: Actor | None = None,
) -> Introduction:
    """``person`` (one of the two, and only they) accepts or declines.

    One decline ends it; when both have accepted, the introduction is accepted and the next
    tick shares their contact details. Giving the same answer again changes nothing.
    """
    introduction = _locked(introduction)
    side = introduction.side(person)
    if side is None:
        raise PermissionDenied(_("Only the two introduced can answer an introduction."))
    answer = Answer.ACCEPTED if accept else Answer.DECLINED
    if introduction.answer_of(person) == answer:
        return introduction
    if introduction.status != Status.SENT:
        raise ValidationError(_("This introduction has been answered already."))
    setattr(introduction, f"answer_{side}", answer)
    if not accept:
        introduction.status = Status.DECLINED
    elif introduction.answer_a == introduction.answer_b == Answer.ACCEPTED:
        introduction.status = Status.ACCEPTED
        introduction.accepted_on = today or timezone.localdate()
    introduction.save(update_fields=["answer_a", "answer_b", "status", "accepted_on"])
    if actor is not None:
        audit.record(actor, Verb.INTRODUCTION_ANSWERED, introduction, detail=answer)
    return introduction


def _may_follow(introduction: Introduction, person: Person | None, actor: Actor | None) -> None:
    """One of the two, or a steward on a page, may record a meeting and its outcome."""
    if person is not None and introduction.side(person) is not None:
        return
    if actor is not None and actor.may(Action.INTRODUCE):
        return
    raise PermissionDenied(_("Only the two introduced or a steward can record this."))


@transaction.atomic
def introduction_met(
    introduction: Introduction,
    person: Person | None,
    *,
    on: date,
    actor: Actor | None = None,
) -> Introduction:
    """The two met on ``on``: the introduction is met, their meeting is logged as an
    interaction, and the introducer is credited with a directed ``introduction`` interaction
    to each of them (how the metrics count introductions made). Only once."""
    introduction = _locked(introduction)
    _may_follow(introduction, person, actor)
    if introduction.status in (Status.MET, Status.FOLLOWED_UP):
        return introduction
    if introduction.status != Status.ACCEPTED:
        raise ValidationError(_("They can meet once both have accepted."))
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"met_on": _("That date is still to come.")})
    if introduction.accepted_on is not None and on < introduction.accepted_on:
        raise ValidationError({"met_on": _("That is before both accepted.")})
    introduction.status = Status.MET
    introduction.met_on = on
    introduction.save(update_fields=["status", "met_on"])
    a, b, introducer = introduction.person_a, introduction.person_b, introduction.introducer
    logged = {
        "network": introduction.network,
        "occurred_on": on,
        "source": Source.LOGGED,
        "logged_by": actor.user if actor is not None else None,
        "logged_via": Channel.WEB,
        "logged_at": timezone.now(),
    }
    rows = [Interaction(kind=Kind.MEETING, person_a=a, person_b=b, **logged)]
    if introducer is not None and introducer.pk not in (a.pk, b.pk):
        rows += [
            Interaction(
                kind=Kind.INTRODUCTION, person_a=introducer, person_b=x, directed=True, **logged
            )
            for x in (a, b)
        ]
    Interaction.objects.bulk_create(rows)
    suggestions_changed(introduction.network)
    if actor is not None:
        audit.record(actor, Verb.INTRODUCTION_MET, introduction)
    return introduction


@transaction.atomic
def introduction_outcome(
    introduction: Introduction,
    person: Person | None,
    *,
    outcome: Outcome,
    note: str = "",
    today: date | None = None,
    actor: Actor | None = None,
) -> Introduction:
    """What came of it (the four-week follow-up): the introduction is followed up. The last
    answer counts (either of the two may give it, and change it)."""
    introduction = _locked(introduction)
    _may_follow(introduction, person, actor)
    note = note.strip()
    if len(note) > OUTCOME_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Keep it short (%(n)s characters).") % {"n": OUTCOME_NOTE_MAX_LENGTH}}
        )
    if introduction.status not in (Status.MET, Status.FOLLOWED_UP):
        raise ValidationError(_("Tell us first that you met."))
    introduction.status = Status.FOLLOWED_UP
    introduction.outcome = outcome
    introduction.outcome_note = note
    introduction.outcome_on = today or timezone.localdate()
    introduction.save(update_fields=["status", "outcome", "outcome_note", "outcome_on"])
    if actor is not None:
        audit.record(actor, Verb.INTRODUCTION_OUTCOME, introduction, detail=outcome)
    return introduction


@transaction.atomic
def preferences_set(actor: Actor, *, weekly_digest: bool, open_to_introductions: bool) -> Person:
    """The member's own choices: the weekly digest, and being suggested to others."""
    if actor.person is None:
        raise PermissionDenied(_("Your login is not linked to a member of this network."))
    person = actor.person
    person.weekly_digest = weekly_digest
    person.open_to_introductions = open_to_introductions
    person.save(update_fields=["weekly_digest", "open_to_introductions"])
    suggestions_changed(actor.network)
    return person
