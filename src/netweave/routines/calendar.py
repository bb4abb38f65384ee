"""iCalendar for routines: invitations (iTIP REQUEST / CANCEL, RFC 5546) and personal feeds.

What makes Outlook, Google Calendar and Apple Calendar treat a mail as an update of the same
meeting rather than a new one: the same ``UID`` for every message about one occurrence (built
from the routine and the date the cadence gave, so moving the date keeps it), a ``SEQUENCE`` that
grows with every change, an ``ORGANIZER`` and the recipient as ``ATTENDEE``, ``DTSTAMP``, and the
time zone as a ``VTIMEZONE`` so a meeting at 19:00 Amsterdam time stays at 19:00 there.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from netweave.networks.models import Person
from netweave.routines.models import Occurrence

PRODID = "-//netweave//routines//EN"


class Method(enum.StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"


def occurrence_uid(occurrence: Occurrence) -> str:
    """Stable for the occurrence's whole life, whatever happens to its date."""
    scheduled = occurrence.scheduled_for or occurrence.on
    host = urlsplit(settings.NETWEAVE_SITE_URL).hostname or "netweave"
    return f"routine-{occurrence.routine_id}-{scheduled:%Y%m%d}@{host}"


def occurrence_start(occurrence: Occurrence) -> datetime:
    if occurrence.starts_at is not None:
        return timezone.localtime(occurrence.starts_at)
    naive = datetime.combine(occurrence.on, occurrence.routine.start_time)
    return timezone.make_aware(naive)


def _address(person: Person | None) -> vCalAddress:
    email = person.email if person and person.email else settings.DEFAULT_FROM_EMAIL
    address = vCalAddress(f"mailto:{email}")
    if person is not None:
        address.params["cn"] = vText(f"{person.first_name} {person.last_name}")
    return address


def occurrence_event(
    occurrence: Occurrence,
    *,
    attendee: Person | None,
    description: str,
    cancelled: bool,
    sequence: int | None = None,
) -> Event:
    """``sequence``: what the attendee's calendar is to hold, if not the occurrence's own (a
    participant who opted out or in again has their own, see ``jobs._calendar_mails``)."""
    routine = occurrence.routine
    start = occurrence_start(occurrence)
    event = Event.new(
        uid=occurrence_uid(occurrence),
        sequence=occurrence.sequence if sequence is None else sequence,
        stamp=timezone.now(),
        start=start,
        end=start + timedelta(minutes=routine.duration_minutes),
        summary=routine.name,
        description=description,
        location=routine.place or routine.video_link or None,
        url=routine.video_link or None,
        organizer=_address(routine.steward),
    )
    if attendee is not None:
        address = _address(attendee)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: Method, events: Iterable[Event]) -> bytes:
    calendar = Calendar.new(prodid=PRODID, subcomponents=list(events))
    calendar.add("method", str(method))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation(
    occurrence: Occurrence, attendee: Person, description: str, method: Method, sequence: int
) -> bytes:
    """One occurrence for one participant: a REQUEST (new or changed) or a CANCEL."""
    event = occurrence_event(
        occurrence,
        attendee=attendee,
        description=description,
        cancelled=method == Method.CANCEL,
        sequence=sequence,
    )
    return _calendar(method, [event])


def feed(occurrences: Iterable[Occurrence], description: str) -> bytes:
    """A subscribed calendar: every occurrence, cancelled ones marked so."""
    events = [
        occurrence_event(o, attendee=None, description=description, cancelled=o.cancelled)
        for o in occurrences
    ]
    return _calendar(Method.PUBLISH, events)
