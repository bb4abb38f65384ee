"""Meetings from an iCalendar file: occurrences, attendance and interactions.

- A recurring event (RRULE or RDATE) is a routine: one routine per series (found again by its
  name), one occurrence per date it happened, attendance for every matched attendee, and an
  interaction (``meeting``, source ``routine``) for every pair of them, linked to the occurrence.
- A single event gives the interactions between every pair of its matched attendees
  (source ``imported``).
- Recurrences are expanded with ``recurring_ical_events`` up to ``until`` (today by default:
  meetings that have not happened are not interactions). Each occurrence is dated by its start
  in its own time zone, so a weekly 00:30 meeting in Amsterdam stays on its day across a
  daylight-saving change; an all-day event is on its date.
- Attendees and the organiser are matched to members by e-mail; one who declined
  (``PARTSTAT=DECLINED``) is skipped, one who is no member is listed, not refused.
- An event without a start (``DTSTART``), or with one that is not a date or time, is a problem:
  the whole file is refused.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from netweave.interop.importing.outcome import Tally
from netweave.interop.importing.problems import Problems
from netweave.ledger.models import Interaction, Kind, Source
from netweave.networks.models import Network, Person
from netweave.routines.models import Attendance, Cadence, Format, Occurrence, Routine

# RRULE frequency and interval → the nearest routine cadence, by days between meetings.
CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 30, Cadence.QUARTERLY: 91}
FREQUENCY_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 30, "YEARLY": 365}


@dataclass(frozen=True)
class Meeting:
    uid: str
    summary: str
    on: date
    recurring: bool
    cadence: Cadence
    attendees: tuple[str, ...]  # e-mail addresses, lower case, declined ones left out


def read_calendar(path: Path, problems: Problems, until: date) -> list[Meeting] | None:
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except ValueError as error:
        problems.add(0, "", _("the file is not an iCalendar file: %(error)s") % {"error": error})
        return None
    events = list(calendar.walk("VEVENT"))
    for number, event in enumerate(events, start=1):
        summary = event.get("SUMMARY", "")
        if event.get("DTSTART") is None:
            problems.add(
                number, "DTSTART", _("event '%(summary)s' has no start") % {"summary": summary}
            )
        elif not isinstance(_decoded_start(event), date):  # icalendar keeps what it cannot read
            problems.add(
                number,
                "DTSTART",
                _("event '%(summary)s' starts at '%(value)s', which is not a date or time")
                % {
                    "summary": summary,
                    "value": event.get("DTSTART").to_ical().decode(errors="replace"),
                },
            )
    if problems.found:
        return None
    start = min((_day(event.decoded("DTSTART")) for event in events), default=until)
    series = {
        str(event.get("UID", "")): event.get("RRULE")
        for event in events
        if event.get("RRULE") or event.get("RDATE")
    }
    meetings = []
    for occurrence in recurring_ical_events.of(calendar).between(start, until):
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            continue
        uid = str(occurrence.get("UID", ""))
        meetings.append(
            Meeting(
                uid=uid,
                summary=str(occurrence.get("SUMMARY", "")).strip() or _("Meeting"),
                on=_day(occurrence.decoded("DTSTART")),
                recurring=uid in series,
                cadence=_cadence(series.get(uid)),
                attendees=tuple(_attendees(occurrence)),
            )
        )
    return meetings


def _decoded_start(event: Any) -> object:
    try:
        return event.decoded("DTSTART")
    except (ValueError, TypeError):
        return None


def _day(value: date | datetime) -> date:
    """The calendar day of a start, in the start's own time zone."""
    return value.date() if isinstance(value, datetime) else value


def _cadence(rule: Any) -> Cadence:
    if not rule:
        return Cadence.MONTHLY
    frequency = (rule.get("FREQ") or ["MONTHLY"])[0]
    interval = int((rule.get("INTERVAL") or [1])[0])
    days = FREQUENCY_DAYS.get(str(frequency).upper(), 30) * interval
    return min(CADENCE_DAYS, key=lambda cadence: abs(CADENCE_DAYS[cadence] - days))


def _attendees(event: Any) -> Iterable[str]:
    found = event.get("ATTENDEE") or []
    found = found if isinstance(found, list) else [found]
    organizer = event.get("ORGANIZER")
    for address in [*found, *([organizer] if organizer else [])]:
        if str(address.params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        email = str(address).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()
        if email:
            yield email


def import_calendar(network: Network, meetings: list[Meeting], tally: Tally, file: str) -> None:
    people = {p.email.lower(): p for p in Person.objects.filter(network=network).exclude(email="")}
    unknown: Counter[str] = Counter()
    existing_keys = set(
        Interaction.objects.filter(network=network, import_key__startswith="ical:").values_list(
            "import_key", flat=True
        )
    )
    routines = {r.name: r for r in Routine.objects.filter(network=network)}
    for meeting in meetings:
        present = sorted(
            {people[e].pk: people[e] for e in meeting.attendees if e in people}.values(),
            key=lambda p: p.pk,
        )
        unknown.update(e for e in set(meeting.attendees) if e not in people)
        occurrence = (
            _occurrence(network, meeting, present, routines, tally) if meeting.recurring else None
        )
        new = []
        for a, b in combinations(present, 2):
            key = _key(meeting, a, b)
            if key in existing_keys:
                tally.unchanged["interactions"] += 1
                continue
            existing_keys.add(key)
            new.append(
                Interaction(
                    network=network,
                    occurred_on=meeting.on,
                    kind=Kind.MEETING,
                    person_a=a,
                    person_b=b,
                    source=Source.ROUTINE if occurrence else Source.IMPORTED,
                    occurrence=occurrence,
                    note=meeting.summary,
                    import_key=key,
                )
            )
        Interaction.objects.bulk_create(new)
        tally.created["interactions"] += len(new)
    if unknown:
        listed = ", ".join(f"{email} ({count}×)" for email, count in sorted(unknown.items()))
        tally.notices.append(
            _("%(file)s: attendees who are not members were left out: %(list)s")
            % {"file": file, "list": listed}
        )


def _key(meeting: Meeting, a: Person, b: Person) -> str:
    identity = (
        f"{meeting.uid}\x1f{meeting.on.isoformat()}\x1f{a.email.lower()}\x1f{b.email.lower()}"
    )
    return "ical:" + hashlib.sha1(identity.encode()).hexdigest()  # noqa: S324 - an identity


def _occurrence(
    network: Network,
    meeting: Meeting,
    present: list[Person],
    routines: dict[str, Routine],
    tally: Tally,
) -> Occurrence:
    routine = routines.get(meeting.summary)
    if routine is None:
        routine = Routine(
            network=network,
            name=meeting.summary[:200],
            format=Format.MEETUP,
            cadence=meeting.cadence,
            started_on=meeting.on,
        )
        routine.full_clean()
        routine.save()
        routines[meeting.summary] = routine
        tally.created["routines"] += 1
    occurrence, created = Occurrence.objects.get_or_create(routine=routine, on=meeting.on)
    tally.created["occurrences"] += int(created)
    known = set(
        Attendance.objects.filter(occurrence=occurrence).values_list("person_id", flat=True)
    )
    new = [Attendance(occurrence=occurrence, person=p) for p in present if p.pk not in known]
    Attendance.objects.bulk_create(new)
    tally.created["attendance"] += len(new)
    return occurrence
