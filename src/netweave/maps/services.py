"""Computing and storing the network map of every year: the writes of the maps app.

The layout is expensive (seconds at 20,000 members), so it never runs on a page request: a
write that changes who is in the network or who met whom calls :func:`network_map_refresh_later`,
which queues :func:`~netweave.maps.tasks.network_map_refresh_task` once the write is committed;
the task calls :func:`network_map_refresh`.
"""

from __future__ import annotations

import polars as pl
from django.db import transaction
from django.utils import timezone

from netweave.insights import MetricSettings
from netweave.insights.map_year import MapYear, map_year
from netweave.maps.models import NetworkMap
from netweave.maps.selectors import network_map_positions_all
from netweave.maps.storage import frame_to_bytes
from netweave.networks.models import Network
from netweave.reports.selectors import network_report_years, network_tables

__all__ = ["network_map_refresh", "network_map_refresh_by_id", "network_map_refresh_later"]


def network_map_refresh_later(network: Network) -> None:
    """Queue a refresh of ``network``'s maps for when the current transaction commits."""
    from netweave.maps.tasks import network_map_refresh_task

    network_id = network.pk
    transaction.on_commit(lambda: network_map_refresh_task.enqueue(network_id=network_id))


def _seed(stored: pl.DataFrame | None, before: pl.DataFrame | None) -> pl.DataFrame | None:
    """Where people start: their stored place this year, else their place the year before.

    The stored map of the same year comes first so that a recomputation after a small change
    leaves the map a visitor saw yesterday as it was.
    """
    frames = [frame for frame in (stored, before) if frame is not None]
    if not frames:
        return None
    return pl.concat(frames).unique("person_id", keep="first", maintain_order=True)


def network_map_refresh(*, network: Network) -> list[int]:
    """Recompute and store the map of every year of ``network`` (first to last interaction),
    each seeded from its stored self and from the year before; returns the years.

    The computing happens outside any transaction; the rows are replaced in one.
    """
    tables = network_tables(network)
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    stored = network_map_positions_all(network)
    maps: list[MapYear] = []
    before: pl.DataFrame | None = None
    for year in network_report_years(network):
        computed = map_year(tables, year, _seed(stored.get(year), before), settings)
        maps.append(computed)
        before = computed.layout.positions
    now = timezone.now()
    with transaction.atomic():
        NetworkMap.objects.filter(network=network).exclude(
            year__in=[m.year for m in maps]
        ).delete()
        for computed in maps:
            NetworkMap.objects.update_or_create(
                network=network,
                year=computed.year,
                defaults={
                    "people": frame_to_bytes(computed.people),
                    "ties": frame_to_bytes(computed.ties),
                    "computed_at": now,
                },
            )
    return [m.year for m in maps]


def network_map_refresh_by_id(*, network_id: int) -> list[int]:
    """:func:`network_map_refresh` of the network with primary key ``network_id`` (the task's
    entry point; a network deleted meanwhile has nothing to refresh)."""
    network = Network.objects.filter(pk=network_id).first()
    return [] if network is None else network_map_refresh(network=network)
