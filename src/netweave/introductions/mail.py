"""The mails of introductions and the weekly digest, each in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from netweave.introductions import links
from netweave.introductions.explain import explain, names_for
from netweave.introductions.links import Do
from netweave.introductions.models import Introduction
from netweave.introductions.selectors import Digest
from netweave.networks.models import Person


def _send(person: Person, subject: str, lines: list[str]) -> None:
    EmailMessage(subject=subject, body="\n\n".join(lines), to=[person.email]).send()


def _full(person: Person) -> str:
    return f"{person.first_name} {person.last_name}"


def _who(person: Person) -> str:
    """A name with the organisation, as a stranger needs it."""
    if person.organisation is not None:
        return _("%(name)s of %(organisation)s") % {
            "name": _full(person),
            "organisation": person.organisation.name,
        }
    return _full(person)


def _days(do: Do) -> str:
    return _("The links work for %(days)s days.") % {"days": links.MAX_AGE[do].days}


def _page_url(person: Person) -> str:
    path = reverse("introductions:mine", kwargs={"slug": person.network.slug})
    return settings.NETWEAVE_SITE_URL + path


def _answer_lines(introduction: Introduction, person: Person) -> list[str]:
    return [
        _("Yes, introduce us: %(url)s") % {"url": links.url(introduction, person, Do.ACCEPT)},
        _("No, thank you: %(url)s") % {"url": links.url(introduction, person, Do.DECLINE)},
    ]


def send_invitation(introduction: Introduction, person: Person) -> None:
    """To one of the two: who the other is, why, and the accept and decline links."""
    other = introduction.other(person)
    with translation.override(person.language):
        names = names_for(introduction.network, [introduction.reasons])
        why = explain(
            introduction.reasons, introduction.person_a, introduction.person_b, names, reader=person
        )
        introducer = introduction.introducer
        if introducer is not None and introducer.pk != person.pk:
            opening = _("%(introducer)s would like to introduce you to %(other)s.") % {
                "introducer": _full(introducer),
                "other": _who(other),
            }
        else:
            opening = _("netweave would like to introduce you to %(other)s.") % {
                "other": _who(other)
            }
        subject = _("An introduction: %(name)s") % {"name": _full(other)}
        _send(
            person,
            subject,
            [
                _("Hello %(name)s,") % {"name": person.first_name},
                opening,
                why,
                _(
                    "Only if you both say yes does netweave share your e-mail addresses with "
                    "each other."
                ),
                *_answer_lines(introduction, person),
                _days(Do.ACCEPT),
            ],
        )


def send_contacts(introduction: Introduction, person: Person) -> None:
    """Both accepted: the other's contact details, and the link to say that they met."""
    other = introduction.other(person)
    with translation.override(person.language):
        subject = _("You both said yes: meet %(name)s") % {"name": _full(other)}
        _send(
            person,
            subject,
            [
                _("Hello %(name)s,") % {"name": person.first_name},
                _("%(other)s also said yes. You can reach them at %(email)s.")
                % {"other": _who(other), "email": other.email},
                _("When you have met, tell us with one click: %(url)s")
                % {"url": links.url(introduction, person, Do.MET)},
                _("The link works for %(days)s days.") % {"days": links.MAX_AGE[Do.MET].days},
            ],
        )


def send_follow_up(introduction: Introduction, person: Person) -> None:
    """Four weeks after the two met: did anything come of it?"""
    other = introduction.other(person)
    with translation.override(person.language):
        assert introduction.met_on is not None  # follow-ups go only for met introductions
        subject = _("Did anything come of it? %(name)s") % {"name": _full(other)}
        _send(
            person,
            subject,
            [
                _("Hello %(name)s,") % {"name": person.first_name},
                _("You met %(other)s on %(date)s. Did anything come of it? Tell us here:")
                % {
                    "other": _full(other),
                    "date": formats.date_format(introduction.met_on, "DATE_FORMAT"),
                },
                links.url(introduction, person, Do.OUTCOME),
                _("The link works for %(days)s days.") % {"days": links.MAX_AGE[Do.OUTCOME].days},
            ],
        )


def send_digest(digest: Digest) -> None:
    """The weekly digest (the caller has built it in the recipient's language)."""
    person = digest.person
    with translation.override(person.language):
        lines = [
            _("Hello %(name)s, this is your week in %(network)s.")
            % {
                "name": person.first_name,
                "network": person.network.name,
            }
        ]
        if digest.waiting:
            section = [_("Introductions waiting for your answer:")]
            for introduction in digest.waiting:
                section.append("- " + _who(introduction.other(person)))
                section += ["  " + line for line in _answer_lines(introduction, person)]
            lines.append("\n".join(section))
        if digest.suggested:
            section = [_("People you might want to meet (a steward can introduce you):")]
            section += [f"- {_full(other)}: {why}" for other, why in digest.suggested]
            lines.append("\n".join(section))
        if digest.renew:
            section = [_("Ties to renew:")]
            section += [
                "- "
                + _("%(name)s, last contact %(date)s")
                % {"name": _full(other), "date": formats.date_format(last, "DATE_FORMAT")}
                for other, last in digest.renew
            ]
            lines.append("\n".join(section))
        if digest.asks:
            section = [_("Open asks your offers could answer:")]
            section += [f"- {_full(ask.person)}: {ask.text}" for ask in digest.asks]
            lines.append("\n".join(section))
        if digest.meetings:
            section = [_("Upcoming meetings:")]
            section += [
                f"- {formats.date_format(occurrence.on, 'DATE_FORMAT')} · {occurrence.routine.name}"
                for occurrence in digest.meetings
            ]
            lines.append("\n".join(section))
        lines.append(
            _("You receive this digest every week. To stop it, untick it on %(url)s")
            % {"url": _page_url(person)}
        )
        _send(person, _("Your week in %(network)s") % {"network": person.network.name}, lines)
