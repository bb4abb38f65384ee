"""Background tasks of the maps app (Django's tasks API; a database queue in production)."""

from __future__ import annotations

from django.tasks import task

from netweave.maps import services


@task()
def network_map_refresh_task(network_id: int, requested_at: str | None = None) -> list[int]:
    """Recompute the stored maps of network ``network_id``; returns the years computed."""
    return services.network_map_refresh_by_id(network_id=network_id, requested_at=requested_at)
