"""Routines, their occurrences, attendance and reflections. Data and constraints only."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Language, Network, Person, Theme


class Format(models.TextChoices):
    MEETUP = "meetup", _("Meetup")
    INTERVISION = "intervision", _("Intervision")
    RANDOM_COFFEE = "random_coffee", _("Random coffee")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


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

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "on"], name="occurrence_unique_date")
        ]

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
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self) -> str:
        return self.text[:80]
