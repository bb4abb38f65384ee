"""Debounced background refreshes of derived per-network data (the dashboard's figures, the
suggested introductions, the map).

A derived table keeps one state row per network with a ``refresh_queued_at`` column. A write
that changes what the data reads calls :func:`refresh_later` inside its transaction; after the
commit the refresh task is queued only when no refresh is waiting (the mark is empty, claimed
with one conditional UPDATE so two requests at once cannot both queue), and the queue is asked
to run it ``debounce`` later, so a burst of writes — a steward logging a meeting's ten
conversations — queues one refresh. A network whose refreshes take long waits longer: at least
``seconds / BUSY_SHARE``, where ``seconds`` is what the network's last refresh of *every* kind
took together (the figures, the suggestions and the map all read the same writes), so that
under writes that never stop they keep a worker busy for at most :data:`BUSY_SHARE` of its time
in all (at 10,000 members the three take about 26 s of CPU after a quick log; each kind counting
only its own time kept over a quarter of a core busy beside the web server). The task clears
the mark *before* it reads the network: a write that commits while it computes queues the next
refresh, so no write is left out for long.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, Sum
from django.tasks import Task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DebouncedState(models.Model):
    """The columns every per-network state row of derived data shares (see the module doc)."""

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
        abstract = True


BUSY_SHARE = 0.1
"""At most this share of a worker's time goes to one network's refreshes (all kinds together)."""
LOST_AFTER = timedelta(minutes=15)
"""A refresh queued longer ago than this is taken as lost (a worker died) and queued again."""


def refresh_later(
    state: type[models.Model],
    network_id: int,
    task: Callable[[], Task],
    *,
    debounce: timedelta,
    **arguments: str,
) -> None:
    """Queue ``task()`` (called with ``network_id`` and ``arguments``) after the current
    transaction commits, unless a refresh is already waiting in ``state``'s row of the network
    (then that one runs, with its own arguments; a rolled-back write queues nothing). ``task``
    is a callable so that task modules are imported late."""
    transaction.on_commit(lambda: _queue(state, network_id, task(), debounce, arguments))


def _queue(
    state: type[models.Model],
    network_id: int,
    task: Task,
    debounce: timedelta,
    arguments: dict[str, str],
) -> None:
    now = timezone.now()
    manager = state._default_manager
    rows = manager.filter(network_id=network_id)
    # Most writes of a burst find a refresh waiting; one query tells them (the claim below
    # still decides between two requests at once).
    if rows.filter(refresh_queued_at__gte=now - LOST_AFTER).exists():
        return
    manager.get_or_create(network_id=network_id)
    claimed = rows.filter(
        Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - LOST_AFTER)
    ).update(refresh_queued_at=now)
    if not claimed:
        return  # a refresh is already waiting: it will read this write too
    if task.get_backend().supports_defer:
        wait = max(debounce, timedelta(seconds=_refreshes_took(network_id) / BUSY_SHARE))
        task = task.using(run_after=now + wait)
    # (A queue that cannot defer, like the immediate backend of the tests, runs it now.)
    task.enqueue(network_id=network_id, **arguments)


def _refreshes_took(network_id: int) -> float:
    """Seconds the last refresh of every kind of derived data of the network took together
    (a kind never computed counts nothing). Read only by the write that queues a refresh."""
    kinds: list[type[models.Model]] = [
        model for model in apps.get_models() if issubclass(model, DebouncedState)
    ]
    took = 0.0
    for kind in kinds:
        rows = kind._default_manager.filter(network_id=network_id)
        took += rows.aggregate(took=Sum("seconds"))["took"] or 0.0
    return took
