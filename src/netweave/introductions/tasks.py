"""Background task of the introductions: recompute a network's suggestions (see stored.py)."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from netweave.introductions import stored


@task()
def suggestions_refresh_task(network_id: int, today: str = "") -> str:
    """Recompute the suggested introductions of network ``network_id`` as of ``today`` (ISO
    date; empty: the local date when it runs); returns their date."""
    day = date.fromisoformat(today) if today else None
    return str(stored.suggestions_refresh(network_id, day).as_of)
