"""Introductions and their life cycle. Data and constraints only."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Network, Person


class Status(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    MET = "met", _("Met")
    FOLLOWED_UP = "followed_up", _("Followed up")


class Introduction(models.Model):
    """``introducer`` brings ``person_a`` and ``person_b`` together, for ``reason``."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="introductions")
    introducer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("introducer"),
    )
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED
    )
    suggested_on = models.DateField(_("suggested on"))
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-suggested_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_a=F("person_b")), name="introduction_two_people"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="introduction_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} ↔ {self.person_b} ({self.status})"
