"""When a routine meets: its cadence as an iCalendar RRULE, expanded in the network's time zone.

A cadence preset is a rule relative to the routine's first date (``started_on``):

============================  ======================================================
weekly                        ``FREQ=WEEKLY``
every two weeks               ``FREQ=WEEKLY;INTERVAL=2``
monthly                       ``FREQ=MONTHLY`` (the same day of the month)
monthly on the same weekday   ``FREQ=MONTHLY;BYDAY=2TU`` for a second Tuesday (``-1`` = the
                              last one when the first date is in a month's last week)
quarterly                     ``FREQ=MONTHLY;INTERVAL=3``
custom                        the routine's own RRULE (RFC 5545), e.g. ``FREQ=WEEKLY;BYDAY=MO,TH``
============================  ======================================================

The rule is expanded in *local* time (``settings.TIME_ZONE``, Europe/Amsterdam): a meeting at
19:00 stays at 19:00 on both sides of a daylight-saving change, so its UTC time moves by an hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule, rrulestr
from django.conf import settings
from django.utils.translation import gettext as _

from netweave.routines.models import Cadence, Routine

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RuleError(ValueError):
    """A custom RRULE that cannot be used; the message says why, for the form field."""


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def rule_text(cadence: str, first: date, custom: str = "") -> str:
    """The RRULE (without ``RRULE:``) of a cadence starting on ``first``."""
    match Cadence(cadence):
        case Cadence.WEEKLY:
            return "FREQ=WEEKLY"
        case Cadence.BIWEEKLY:
            return "FREQ=WEEKLY;INTERVAL=2"
        case Cadence.MONTHLY:
            return "FREQ=MONTHLY"
        case Cadence.MONTHLY_WEEKDAY:
            nth = (first.day - 1) // 7 + 1  # a fifth weekday is not in every month: the last
            return f"FREQ=MONTHLY;BYDAY={-1 if nth == 5 else nth}{WEEKDAYS[first.weekday()]}"
        case Cadence.QUARTERLY:
            return "FREQ=MONTHLY;INTERVAL=3"
        case Cadence.CUSTOM:
            return custom.strip().removeprefix("RRULE:")


def parse_rule(text: str, start: datetime) -> rrule:
    """The rule ``text`` from ``start`` (naive, local), else :class:`RuleError` saying why."""
    if not text:
        raise RuleError(_("A custom cadence needs an RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU."))
    if "DTSTART" in text.upper():
        raise RuleError(_("Leave DTSTART out of the RRULE: the first date is set separately."))
    try:
        rule = rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as error:
        raise RuleError(_("This is not a valid RRULE: %(error)s") % {"error": error}) from None
    if not isinstance(rule, rrule):
        raise RuleError(_("Give one RRULE, not a set of rules."))
    if rule._freq > DAILY:  # HOURLY, MINUTELY, SECONDLY
        raise RuleError(_("A routine meets at most once a day; use DAILY or a longer FREQ."))
    return rule


def routine_rule(routine: Routine) -> rrule:
    start = datetime.combine(routine.started_on, routine.start_time)
    return parse_rule(rule_text(routine.cadence, routine.started_on, routine.rrule), start)


def dates_between(routine: Routine, first: date, last: date) -> Iterator[datetime]:
    """The routine's meeting moments (aware, local zone) whose date is in [first, last]."""
    if routine.ended_on is not None:
        last = min(last, routine.ended_on)
    if last < first:
        return
    zone = local_zone()
    rule = routine_rule(routine)
    for moment in rule.between(
        datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True
    ):
        yield moment.replace(tzinfo=zone)
