"""Calendars: recurring meetings across daylight saving, all-day events, declined and unknown."""

from __future__ import annotations

from datetime import date

import pytest

from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.problems import ImportRefused
from netweave.ledger.models import Interaction, Kind, Source
from netweave.routines.models import Attendance, Cadence, Occurrence, Routine

from .conftest import run_import

pytestmark = pytest.mark.django_db


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
        "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
        "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
        "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n" + body + "END:VCALENDAR\r\n"
    )


# Weekly at 00:30 in Amsterdam: in UTC the day before. Across 29 March 2026 (summer time).
NIGHT_OWLS = """
UID:night-owls@test
SUMMARY:Nachtuilen
DTSTART;TZID=Europe/Amsterdam:20260316T003000
DTEND;TZID=Europe/Amsterdam:20260316T013000
RRULE:FREQ=WEEKLY;COUNT=4
ORGANIZER:mailto:anna@hoorn.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:bram@hoorn.example
ATTENDEE;PARTSTAT=DECLINED:mailto:cees@hoorn.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:gast@elders.example
"""

ALL_DAY = """
UID:heidag@test
SUMMARY:Heidag
DTSTART;VALUE=DATE:20260410
DTEND;VALUE=DATE:20260411
ATTENDEE:mailto:Anna@hoorn.example
ATTENDEE:mailto:cees@hoorn.example
"""


def test_a_weekly_meeting_across_daylight_saving_keeps_its_local_days(known, tmp_path):
    path = tmp_path / "agenda.ics"
    path.write_text(calendar(NIGHT_OWLS, ALL_DAY))

    result = run_import(path, None)

    routine = Routine.objects.get(network=known.network)
    assert (routine.name, routine.cadence) == ("Nachtuilen", Cadence.WEEKLY)
    days = sorted(Occurrence.objects.filter(routine=routine).values_list("on", flat=True))
    assert days == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6)]
    # Declined (Cees) is skipped; the guest is no member: listed, not refused.
    attendees = set(
        Attendance.objects.filter(person__network=known.network).values_list(
            "person__first_name", flat=True
        )
    )
    assert attendees == {"Anna", "Bram"}
    assert any("gast@elders.example (4×)" in notice for notice in result.notices)
    meetings = Interaction.objects.filter(network=known.network, source=Source.ROUTINE)
    assert meetings.count() == 4 and {i.kind for i in meetings} == {Kind.MEETING}
    assert all(i.occurrence.on == i.occurred_on for i in meetings)
    heidag = Interaction.objects.get(network=known.network, source=Source.IMPORTED)
    assert (heidag.occurred_on, heidag.note) == (date(2026, 4, 10), "Heidag")
    assert {heidag.person_a, heidag.person_b} == {known.anna, known.cees}


def test_the_same_calendar_twice_changes_nothing(known, tmp_path):
    path = tmp_path / "agenda.ics"
    path.write_text(calendar(NIGHT_OWLS, ALL_DAY))
    run_import(path, ImportKind.CALENDAR)

    again = run_import(path, ImportKind.CALENDAR)

    assert not again.changed
    assert Interaction.objects.filter(network=known.network).count() == 5
    assert Occurrence.objects.filter(routine__network=known.network).count() == 4


@pytest.mark.parametrize(
    ("event", "named"),
    [
        ("UID:zonder@test\r\nSUMMARY:Zonder begin", "'Zonder begin' has no start"),
        # icalendar keeps a start it cannot read as text: named, not an unexpected error.
        (
            "UID:kapot@test\r\nSUMMARY:Kapot\r\nDTSTART:volgende week",
            "'Kapot' starts at 'volgende week'",
        ),
    ],
)
def test_an_event_without_a_start_it_can_read_refuses_the_whole_file(known, tmp_path, event, named):
    path = tmp_path / "agenda.ics"
    path.write_text(calendar(ALL_DAY, event))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, ImportKind.CALENDAR)

    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "DTSTART")
    assert named in problem.reason
    assert not Interaction.objects.filter(network=known.network).exists()


def test_a_file_that_is_no_calendar(known, tmp_path):
    path = tmp_path / "agenda.ics"
    path.write_text("Datum;Van\n")

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None)

    assert "not an iCalendar file" in caught.value.problems[0].reason
