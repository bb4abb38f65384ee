"""Background task of the dashboard: recompute a network's figures (see services.py)."""

from __future__ import annotations

from django.tasks import task

from netweave.dashboard import services


@task()
def health_refresh_task(network_id: int) -> str:
    """Recompute the dashboard figures of network ``network_id``; returns when they are as of."""
    return str(services.health_refresh(network_id).as_of)
