"""Computing and storing the network map of every year: the writes of the maps app.

The layout is expensive (seconds at 20,000 members), so it never runs on a page request: a
write that changes who is in the network or who met whom calls :func:`network_map_refresh_later`,
which queues :func:`~netweave.maps.tasks.network_map_refresh_task` once the write is committed;
the task calls :func:`network_map_refresh`.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import polars as pl
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from netweave.debounce import refresh_later
from netweave.insights import MetricSettings
from netweave.insights.layout import LAYOUT_SCHEMA
from netweave.insights.map_year import MapYear, map_inputs, map_year
from netweave.maps.models import MapState, NetworkMap
from netweave.maps.selectors import network_map_positions, network_map_positions_all
from netweave.maps.storage import frame_to_bytes
from netweave.networks.models import Network
from netweave.reports.selectors import network_report_years, network_tables

__all__ = [
    "network_map_positions_ensure",
    "network_map_refresh",
    "network_map_refresh_by_id",
    "network_map_refresh_later",
]


DEBOUNCE = timedelta(seconds=60)
"""How long a queued refresh waits, so that the writes of that while share one computation."""


def _task() -> Task:
    from netweave.maps.tasks import network_map_refresh_task

    return network_map_refresh_task


def network_map_refresh_later(network: Network) -> None:
    """Queue a refresh of ``network``'s maps to run :data:`DEBOUNCE` (or longer, see
    :mod:`netweave.debounce`) after the current transaction commits, unless one is waiting
    already: a burst of writes queues one task. (Queued for every write, each quick log of a
    busy network added a task that the worker had to claim, run and skip.)"""
    refresh_later(MapState, network.pk, _task, debounce=DEBOUNCE)


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
    """Recompute and store the map of every year of ``network`` (first to last interaction)
    whose inputs changed since it was stored, each seeded from its stored self and from the
    year before; returns the years computed.

    A year whose fingerprint (:func:`~netweave.insights.map_year.map_inputs`) equals the stored
    one keeps its map: a quick log today changes this year's map only, and a map nobody's data
    moved does not shift by another relaxation. The computing happens outside any transaction;
    the rows are replaced in one.
    """
    # The time the computation *starts* is what the maps are stamped with: a write committed
    # while this runs is not in them, and its own refresh will not be skipped.
    now = timezone.now()
    tables = network_tables(network)
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    years = network_report_years(network)
    inputs = map_inputs(tables, years, settings)
    kept = dict(
        NetworkMap.objects.filter(network=network, year__in=years).values_list("year", "inputs")
    )
    stored = network_map_positions_all(network)
    maps: list[MapYear] = []
    before: pl.DataFrame | None = None
    for year in years:
        if kept.get(year) == inputs[year]:
            before = stored[year]
            continue
        computed = map_year(tables, year, _seed(stored.get(year), before), settings)
        maps.append(computed)
        before = computed.layout.positions
    with transaction.atomic():
        NetworkMap.objects.filter(network=network).exclude(year__in=years).delete()
        for computed in maps:
            NetworkMap.objects.update_or_create(
                network=network,
                year=computed.year,
                defaults={
                    "people": frame_to_bytes(computed.people),
                    "ties": frame_to_bytes(computed.ties),
                    "computed_at": now,
                    "inputs": inputs[computed.year],
                },
            )
    return [m.year for m in maps]


def network_map_refresh_by_id(*, network_id: int, requested_at: str | None = None) -> list[int]:
    """:func:`network_map_refresh` of the network with primary key ``network_id``: the task's
    entry point. Nothing to do for a network deleted meanwhile, nor when a computation that
    started after ``requested_at`` (ISO time; only tasks queued before refreshes were debounced
    carry it) has already stored the maps."""
    # The mark goes first: a write committed while this computes queues the next refresh.
    MapState.objects.filter(network_id=network_id).update(refresh_queued_at=None)
    network = Network.objects.filter(pk=network_id).first()
    if network is None:
        return []
    if requested_at is not None:
        since = datetime.fromisoformat(requested_at)
        if NetworkMap.objects.filter(network=network, computed_at__gt=since).exists():
            return []
    read_at, started = timezone.now(), time.perf_counter()
    years = network_map_refresh(network=network)
    # How long it took decides how long the next refresh waits (debounce.BUSY_SHARE).
    MapState.objects.update_or_create(
        network=network,
        defaults={
            "read_at": read_at,
            "computed_at": timezone.now(),
            "seconds": time.perf_counter() - started,
        },
    )
    return years


def network_map_positions_ensure(*, network: Network, year: int) -> pl.DataFrame:
    """DataFrame[person_id, x, y] of the stored map of ``year``, computing the maps first if
    they are missing (for the report, which runs in the background or on the command line —
    never for a page)."""
    positions = network_map_positions(network, year)
    if positions is None:
        network_map_refresh(network=network)
        positions = network_map_positions(network, year)
    return positions if positions is not None else pl.DataFrame(schema=LAYOUT_SCHEMA)
