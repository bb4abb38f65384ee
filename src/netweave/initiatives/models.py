"""Initiatives on the radar. Data and constraints only."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Network, Person, Theme


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    FORMING = "forming", _("Forming")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class Initiative(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.IDEA)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    started_on = models.DateField(_("started on"))
    partner_found_on = models.DateField(_("partner found on"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="initiative_stage_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """From ``changed_on`` on, ``initiative`` was in ``stage``: written whenever an initiative is
    made or moved, so a report can show the stage an initiative was in at the end of its year
    rather than today's."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    changed_on = models.DateField(_("changed on"))

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["initiative", "changed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="stage_change_stage_valid"
            )
        ]
        indexes = [models.Index(fields=["initiative", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.stage} ({self.changed_on})"
