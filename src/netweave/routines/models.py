"""Routines, their occurrences, attendance and reflections. Data and constraints only."""

from __future__ import annotations

import secrets
from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Language, Network, Person, Theme


class Format(models.TextChoices):
    MEETUP = "meetup", _("Meetup")
    INTERVISION = "intervision", _("Intervision")
    RANDOM_COFFEE = "random_coffee", _("Random coffee")
    WORKING_VISIT = "working_visit", _("Working visit")


class Cadence(models.TextChoices):
    """How often a routine meets; ``custom`` reads the routine's own iCalendar RRULE."""

    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly on the same weekday (e.g. second Tuesday)")
    QUARTERLY = "quarterly", _("Quarterly")
    CUSTOM = "custom", _("Custom (iCalendar RRULE)")


class Routine(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="routines")
    name = models.CharField(_("name"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    steward = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("steward"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    rrule = models.CharField(
        _("RRULE"),
        max_length=300,
        blank=True,
        help_text=_("Only for a custom cadence, e.g. FREQ=MONTHLY;BYDAY=2TU"),
    )
    start_time = models.TimeField(_("start time"), default=time(9, 0))
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=60)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    paused = models.BooleanField(_("paused"), default=False)
    pairing_window = models.PositiveSmallIntegerField(
        _("rounds before a pair may meet again"), default=6
    )

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="routine_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values), name="routine_cadence_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Occurrence(models.Model):
    """One planned date of a routine; ``held`` is false when it was planned but did not happen."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="occurrences")
    on = models.DateField(_("date"))
    held = models.BooleanField(_("held"), default=True)
    attendees = models.ManyToManyField(Person, through="Attendance", related_name="+")
    # Set for occurrences netweave schedules (null for recorded history): the date the cadence
    # gave, which stays the same when the occurrence is moved, so the tick never makes it twice.
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # iCalendar SEQUENCE: raised on every change participants must hear about.
    sequence = models.PositiveIntegerField(_("sequence"), default=0)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "on"], name="occurrence_unique_date"),
            models.UniqueConstraint(
                fields=["routine", "scheduled_for"], name="occurrence_unique_scheduled_date"
            ),
        ]
        # The pages' "next meetings" walk this from today and stop at the first few, instead
        # of reading every occurrence the network ever had.
        indexes = [models.Index(fields=["on"], name="occurrence_by_date")]

    def __str__(self) -> str:
        return f"{self.routine} {self.on}"


class Attendance(models.Model):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.occurrence}"


class Reflection(models.Model):
    """What happened at an occurrence, what was learned, what to try next."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reflections")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self) -> str:
        return self.text[:80]


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Taking part")
    OPTED_OUT = "opted_out", _("Opted out")
    PAUSED = "paused", _("Paused after three unanswered rounds")


class Participant(models.Model):
    """A member who takes part in a routine (or opted out, or was paused)."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["routine", "person"], name="participant_unique"),
            models.CheckConstraint(
                condition=Q(status__in=ParticipantStatus.values), name="participant_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.routine}"


class DoNotPair(models.Model):
    """``person`` does not want to be paired with ``other`` in random-coffee rounds."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("do-not-pair entry")
        verbose_name_plural = _("do-not-pair entries")
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="do_not_pair_unique"),
            models.CheckConstraint(condition=~Q(person=F("other")), name="do_not_pair_two"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ≠ {self.other}"


class RoundSeat(models.Model):
    """A person's group in a random-coffee round (one occurrence of a random-coffee routine)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    group = models.PositiveIntegerField(_("group"))
    changed_at = models.DateTimeField(
        _("changed at"),
        null=True,
        blank=True,
        help_text=_("When someone left or joined this person's group after the round was paired."),
    )

    class Meta:
        verbose_name = _("round seat")
        verbose_name_plural = _("round seats")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="round_seat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} in group {self.group} of {self.occurrence}"


class Purpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    CANCELLATION = "cancellation", _("Cancellation")
    REMINDER = "reminder", _("Reminder")
    FOLLOW_UP = "follow_up", _("Did it happen?")
    HOST_NOTICE = "host_notice", _("Participant paused (to the host)")


class Dispatch(models.Model):
    """A mail sent about an occurrence to (or, for a host notice, about) a person.

    Unique per occurrence, person, purpose and sequence: the tick sends what has no row yet and
    writes the row in the same transaction, so nothing is ever sent twice.
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "person", "purpose", "sequence"], name="dispatch_unique"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="dispatch_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.occurrence} → {self.person}"


class Answer(models.Model):
    """A participant's answer to "did it happen?" for an occurrence."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    happened = models.BooleanField(_("it happened"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.happened} @ {self.occurrence}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A member's secret calendar address; revoking it replaces the token."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar of {self.person}"
