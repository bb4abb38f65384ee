"""The mails a routine sends, each in the recipient's language.

An invitation or cancellation carries its iCalendar twice, as mail clients expect: as a
``text/calendar; method=…`` alternative of the body (Outlook and Gmail show accept buttons from
it) and as an ``invite.ics`` attachment (for clients that only open attachments).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from netweave.networks.models import Person
from netweave.routines import calendar
from netweave.routines.calendar import Method
from netweave.routines.models import Occurrence, Routine

ANSWER_SALT = "netweave.routines.answer"
ANSWER_MAX_AGE_DAYS = 14


def answer_token(occurrence: Occurrence, person: Person) -> str:
    """A signed, expiring token naming one participant of one occurrence."""
    return signing.dumps({"o": occurrence.pk, "p": person.pk}, salt=ANSWER_SALT)


def answer_url(occurrence: Occurrence, person: Person) -> str:
    path = reverse("routines:answer", kwargs={"token": answer_token(occurrence, person)})
    return settings.NETWEAVE_SITE_URL + path


def _when(occurrence: Occurrence) -> str:
    return formats.date_format(calendar.occurrence_start(occurrence), "DATETIME_FORMAT")


def _where(routine: Routine) -> str:
    return routine.place or routine.video_link or _("to be agreed")


def _body(occurrence: Occurrence, partners: list[Person]) -> str:
    routine = occurrence.routine
    lines = [
        _("%(routine)s on %(when)s.") % {"routine": routine.name, "when": _when(occurrence)},
        _("Where: %(where)s") % {"where": _where(routine)},
    ]
    if partners:
        names = ", ".join(f"{p.first_name} {p.last_name}" for p in partners)
        lines.append(_("You meet: %(names)s") % {"names": names})
    if routine.steward is not None:
        host = routine.steward
        lines.append(_("Host: %(name)s") % {"name": f"{host.first_name} {host.last_name}"})
    return "\n".join(lines)


def _send(person: Person, subject: str, body: str, ics: tuple[Method, bytes] | None) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=[person.email])
    if ics is not None:
        method, content = ics
        message.attach_alternative(
            content.decode(), f"text/calendar; method={method}; charset=utf-8"
        )
        message.attach("invite.ics", content, "application/ics")
    message.send()


def send_invitation(
    occurrence: Occurrence, person: Person, partners: list[Person], method: Method, sequence: int
) -> None:
    """A REQUEST (first invitation or an update) or a CANCEL for one occurrence, carrying the
    ``sequence`` the recipient's calendar is to hold."""
    with translation.override(person.language):
        body = _body(occurrence, partners)
        name = occurrence.routine.name
        if method == Method.CANCEL:
            subject = _("Cancelled: %(routine)s") % {"routine": name}
        elif sequence:
            subject = _("Changed: %(routine)s") % {"routine": name}
        else:
            subject = _("Invitation: %(routine)s") % {"routine": name}
        ics = calendar.invitation(occurrence, person, body, method, sequence)
        _send(person, subject, body, (method, ics))


def send_reminder(occurrence: Occurrence, person: Person, partners: list[Person]) -> None:
    with translation.override(person.language):
        subject = _("Reminder: %(routine)s") % {"routine": occurrence.routine.name}
        _send(person, subject, _body(occurrence, partners), None)


def send_follow_up(occurrence: Occurrence, person: Person) -> None:
    """The one-click "did it happen?" link."""
    with translation.override(person.language):
        routine = occurrence.routine
        subject = _("Did it happen? %(routine)s") % {"routine": routine.name}
        body = "\n\n".join(
            [
                _("Did %(routine)s on %(when)s happen? One click tells us:")
                % {"routine": routine.name, "when": _when(occurrence)},
                answer_url(occurrence, person),
                _("The link works for %(days)s days.") % {"days": ANSWER_MAX_AGE_DAYS},
            ]
        )
        _send(person, subject, body, None)


def send_host_notice(routine: Routine, host: Person, paused: Person) -> None:
    """Tell the host that a participant was paused after three unanswered rounds."""
    with translation.override(host.language):
        name = f"{paused.first_name} {paused.last_name}"
        subject = _("%(name)s is paused in %(routine)s") % {"name": name, "routine": routine.name}
        body = _(
            "%(name)s did not answer the last three rounds of %(routine)s, so netweave stopped "
            "inviting them. A personal word may bring them back; you can resume them on the "
            "routine's page."
        ) % {"name": name, "routine": routine.name}
        _send(host, subject, body, None)
