"""Keeping the dashboard's figures fresh: the writes of the dashboard app.

How a refresh is triggered (on purpose, the least magical way we found): every service whose
write changes what the figures read calls :func:`figures_changed` with the network, inside its
transaction. Nothing listens to model signals. The dashboard page itself asks for a refresh
when there is no snapshot yet or the snapshot is from an earlier day (warmth decays with the
calendar, so yesterday's figures are stale even if nobody wrote anything). The refresh is
debounced (:mod:`netweave.debounce`).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import Q
from django.tasks import Task
from django.utils import timezone

from netweave.dashboard.figures import PastAnalyses, dashboard_figures
from netweave.dashboard.models import HealthSnapshot
from netweave.debounce import refresh_later
from netweave.insights import MetricSettings, SettingsError
from netweave.networks.models import Network
from netweave.reports.selectors import network_tables

DEBOUNCE = timedelta(seconds=60)
"""How long a queued refresh waits for more writes before it runs. A refresh of a 10,000-member
network took about ten seconds of a core (reading the tables, three analyses; after a write that
changed only the current year, one: see PAST, about 4.5 s); a minute-old figure about twelve
months changes nothing a steward would act on, and a busy network then spends a sixth of a
core on it, not all of one."""


PAST = PastAnalyses()
"""This process's analyses of the dashboards' earlier periods (30 days and a year ago): a
refresh after a write that changed only the current year reuses them (see PastAnalyses)."""


def _task() -> Task:
    from netweave.dashboard.tasks import health_refresh_task

    return health_refresh_task


def figures_changed(network: Network) -> None:
    """Say that ``network``'s data changed: its figures are refreshed in the background soon.

    Call it from a service inside its transaction; the refresh is queued after the commit.
    """
    refresh_later(HealthSnapshot, network.pk, _task, debounce=DEBOUNCE)


def refresh_if_outdated(network: Network, snapshot: HealthSnapshot | None) -> None:
    """Queue a refresh when ``network`` has no figures yet or they are from an earlier day."""
    if snapshot is None or snapshot.as_of != timezone.localdate():
        figures_changed(network)


def health_refresh(network_id: int) -> HealthSnapshot:
    """Compute ``network``'s dashboard figures now and store them (the background task's job).

    The queued mark is cleared first (see :mod:`netweave.debounce`); a computation that read the
    network earlier than the stored one never overwrites it.
    """
    HealthSnapshot.objects.filter(network_id=network_id).update(refresh_queued_at=None)
    network = Network.objects.get(pk=network_id)
    read_at, started = timezone.now(), time.perf_counter()
    today = timezone.localdate()
    figures = dashboard_figures(network_tables(network), _settings(network), today, PAST)
    snapshot, _created = HealthSnapshot.objects.get_or_create(network=network)
    values = {
        "content": figures.to_json(),
        "as_of": today,
        "read_at": read_at,
        "computed_at": timezone.now(),
        "seconds": time.perf_counter() - started,
    }
    HealthSnapshot.objects.filter(pk=snapshot.pk).filter(
        Q(read_at__isnull=True) | Q(read_at__lte=read_at)
    ).update(**values)
    snapshot.refresh_from_db()
    return snapshot


def _settings(network: Network) -> MetricSettings:
    """The network's metric settings (the settings page only stores valid ones; a mapping
    broken by hand falls back to the defaults rather than leaving the dashboard empty)."""
    try:
        return MetricSettings.from_mapping(network.metric_settings or {})
    except SettingsError:
        return MetricSettings()
