"""The stored network map of each year: layout and what the viewer draws. Data only; the work
is in services.py (run in the background by tasks.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netweave.debounce import DebouncedState
from netweave.networks.models import Network


class NetworkMap(models.Model):
    """One year's map of a network, as computed by :func:`netweave.insights.map_year.map_year`.

    ``people`` and ``ties`` are the two tables of :class:`~netweave.insights.map_year.MapYear`
    in Arrow IPC form: written and read whole, never queried by column, so one row per year
    keeps a 20,000-member map one read instead of 220,000 rows.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="maps")
    year = models.PositiveIntegerField(_("year"))
    people = models.BinaryField(_("people"))
    ties = models.BinaryField(_("ties"))
    computed_at = models.DateTimeField(_("computed at"))
    inputs = models.CharField(
        _("inputs"),
        max_length=64,
        blank=True,
        help_text=_("Fingerprint of what the map was computed from; equal inputs, same map."),
    )

    class Meta:
        verbose_name = _("network map")
        verbose_name_plural = _("network maps")
        ordering = ["network", "year"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="network_map_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.year}"


class MapState(DebouncedState):
    """Whether a refresh of a network's maps is waiting, and how long the last one took: the
    debounce state (:mod:`netweave.debounce`) of :class:`NetworkMap`. Derived data: not in the
    network JSON."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="map_state")

    class Meta:
        verbose_name = _("map state")
        verbose_name_plural = _("map states")

    def __str__(self) -> str:
        return f"{self.network} {self.computed_at}"
