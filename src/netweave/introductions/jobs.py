"""The introductions' periodic jobs, run by ``netweave tick`` after the routines' jobs.

Each is ``job(now) -> int`` (mails sent) and idempotent: an
:class:`~netweave.introductions.models.IntroductionMail` row per introduction, person and
purpose, and a :class:`~netweave.introductions.models.DigestMail` row per person and week, each
written in the same transaction as the sending (a mail server that fails rolls the row back and
the next tick tries again).

:func:`suggestions_due` queues the background run of the suggestions (``stored.py``) of every
network whose stored suggestions are missing or from an earlier day, so the digest reads this
week's; it sends nothing and returns the networks queued.

Only introductions sent through netweave (``sent_on`` set) get mails, and only recent steps:
imported or generated history never triggers a mail about something that happened long ago.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from netweave.debounce import LOST_AFTER
from netweave.introductions import mail
from netweave.introductions.models import (
    Answer,
    DigestMail,
    Introduction,
    IntroductionMail,
    MailPurpose,
    Status,
)
from netweave.introductions.selectors import (
    FOLLOW_UP_AFTER,
    FOLLOW_UP_WINDOW,
    digest_for,
    digest_sources,
)
from netweave.introductions.stored import suggestions_changed
from netweave.isolated import each_isolated
from netweave.networks.models import Network, Person

ANSWER_WINDOW = timedelta(days=14)
"""Invitations go out for introductions sent this recently (the links' lifetime)."""
DIGEST_DAY_TIME = time(8, 0)
"""The digest of a week goes out from Monday at this local time."""
SUGGESTIONS_WAIT = timedelta(hours=2)
"""A network whose suggestions were never computed has its digests wait for them this long
after the digest time (a worker runs them); after that they go without suggestions."""


def _claim(introduction: Introduction, person: Person, purpose: MailPurpose, now: datetime) -> bool:
    _row, created = IntroductionMail.objects.get_or_create(
        introduction=introduction, person=person, purpose=purpose, defaults={"sent_at": now}
    )
    return created


def _mail_each(
    introductions: Iterable[Introduction],
    purpose: MailPurpose,
    send: Callable[[Introduction, Person], None],
    now: datetime,
    *,
    waiting_only: bool = False,
) -> int:
    sent = 0
    for introduction in introductions:
        for side, person in (("a", introduction.person_a), ("b", introduction.person_b)):
            if not person.email:
                continue
            if waiting_only and getattr(introduction, f"answer_{side}") != Answer.PENDING:
                continue
            with transaction.atomic():
                if _claim(introduction, person, purpose, now):
                    send(introduction, person)
                    sent += 1
    return sent


def _with_people(status: Status) -> QuerySet[Introduction]:
    return Introduction.objects.filter(status=status).select_related(
        "network",
        "introducer",
        "person_a",
        "person_a__organisation",
        "person_a__network",
        "person_b",
        "person_b__organisation",
        "person_b__network",
    )


def invitations_send(now: datetime) -> int:
    """The accept/decline mail to each of the two who has not answered yet."""
    today = timezone.localdate(now)
    recent = _with_people(Status.SENT).filter(sent_on__gt=today - ANSWER_WINDOW)
    return _mail_each(recent, MailPurpose.INVITATION, mail.send_invitation, now, waiting_only=True)


def contacts_send(now: datetime) -> int:
    """Both accepted: each gets the other's contact details."""
    today = timezone.localdate(now)
    recent = _with_people(Status.ACCEPTED).filter(
        sent_on__isnull=False, accepted_on__gt=today - ANSWER_WINDOW
    )
    return _mail_each(recent, MailPurpose.CONTACTS, mail.send_contacts, now)


def follow_ups_send(now: datetime) -> int:
    """Four weeks after they met: "did anything come of it?" to both."""
    today = timezone.localdate(now)
    due = _with_people(Status.MET).filter(
        sent_on__isnull=False,
        met_on__lte=today - FOLLOW_UP_AFTER,
        met_on__gt=today - FOLLOW_UP_AFTER - FOLLOW_UP_WINDOW,
    )
    return _mail_each(due, MailPurpose.FOLLOW_UP, mail.send_follow_up, now)


def suggestions_due(now: datetime) -> int:
    """Queue a run of the suggestions of each network that has none of today, unless one is
    already waiting; returns how many were queued."""
    today = timezone.localdate(now)
    due = Network.objects.exclude(suggestion_set__as_of=today).exclude(
        suggestion_set__refresh_queued_at__gte=now - LOST_AFTER
    )

    def queue(network: Network) -> int:
        suggestions_changed(network, today)
        return 1

    return each_isolated(due.order_by("pk"), queue)


def digests_send(now: datetime) -> int:
    """Each member's weekly digest, once per week, from Monday morning (local time).

    Members who opted out, left or have no address get none; a member with nothing in their
    week gets no mail, but the week is recorded for them too, so that later ticks do not build
    it again.
    """
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, DIGEST_DAY_TIME))
    if now < start:
        return 0
    due = (
        Person.objects.filter(weekly_digest=True, joined_on__lte=today)
        .exclude(email="")
        .exclude(left_on__lte=today)
        .exclude(pk__in=DigestMail.objects.filter(week=monday).values("person_id"))
        .select_related("network")
    )
    networks = Network.objects.filter(pk__in=due.values("network_id")).order_by("pk")

    def send(network: Network) -> int:
        sources = digest_sources(network, today)
        if not sources.computed and now < start + SUGGESTIONS_WAIT:
            return 0  # a later tick sends them, with suggestions
        sent = 0
        for person in due.filter(network=network).order_by("pk"):
            with transaction.atomic():
                with translation.override(person.language):
                    digest = digest_for(person, sources)
                _row, created = DigestMail.objects.get_or_create(
                    person=person, week=monday, defaults={"sent_at": now, "items": digest.items}
                )
                if created and digest.items:
                    mail.send_digest(digest)
                    sent += 1
        return sent

    return each_isolated(networks, send)


JOBS = (invitations_send, contacts_send, follow_ups_send, suggestions_due, digests_send)
