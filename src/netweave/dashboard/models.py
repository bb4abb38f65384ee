"""The steward dashboard's cached figures: one snapshot per network. Data only.

Computing the figures means a full analysis of the network (three of them: now, 30 days ago
and a year ago), which takes seconds on a large network, so a page never does it: a background
task (:mod:`netweave.dashboard.tasks`) writes the snapshot and the page reads it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netweave.debounce import DebouncedState
from netweave.networks.models import Network


class HealthSnapshot(DebouncedState):
    """The latest computed dashboard figures of a network (``content``: see ``figures.py``)."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="health_snapshot"
    )
    content = models.JSONField(_("figures"), default=dict, blank=True)
    as_of = models.DateField(_("figures as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")

    def __str__(self) -> str:
        return f"{self.network} {self.as_of}"
