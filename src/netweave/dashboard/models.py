"""The steward dashboard's cached figures: one snapshot per network. Data only.

Computing the figures means a full analysis of the network (three of them: now, 30 days ago
and a year ago), which takes seconds on a large network, so a page never does it: a background
task (:mod:`netweave.dashboard.tasks`) writes the snapshot and the page reads it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Network


class HealthSnapshot(models.Model):
    """The latest computed dashboard figures of a network (``content``: see ``figures.py``)."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="health_snapshot"
    )
    content = models.JSONField(_("figures"), default=dict, blank=True)
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    read_at = models.DateTimeField(
        _("data read at"),
        null=True,
        blank=True,
        help_text=_("When the computation read the network; an older read never overwrites."),
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds to compute"), null=True, blank=True)
    refresh_queued_at = models.DateTimeField(
        _("refresh queued at"),
        null=True,
        blank=True,
        help_text=_("Set while a refresh is waiting to run, so a burst of changes queues one."),
    )

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")

    def __str__(self) -> str:
        return f"{self.network} {self.as_of}"
