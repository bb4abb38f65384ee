"""The annual reports of every network at once (`netweave report --all`): one queued task each.

Workers on any number of machines take the tasks from the database queue (django-tasks-db locks
each task row with ``SKIP LOCKED`` on PostgreSQL), so adding workers adds throughput.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min

from netweave.ledger.models import Interaction
from netweave.networks.models import Network
from netweave.reports.document import Audience
from netweave.reports.models import ReportRun, RunStatus
from netweave.reports.selectors import network_has_year

PRESENT = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.DONE)
"""A run in one of these states already gives (or will give) the report: none is added."""


@dataclass(frozen=True)
class Enqueued:
    queued: int
    present: int
    """Networks whose report was already queued, running or done."""
    without_data: int
    """Networks with no interaction in the year: they get no report."""


def report_runs_enqueue_all(*, year: int, language: str, fmt: str, audience: Audience) -> Enqueued:
    """Queue the report of ``year`` for every network with data in it, once.

    Idempotent: running it again (even at the same time, from another machine) queues nothing
    for a network whose report of this year, language, format and audience is queued, running
    or done. The network row is locked while its runs are checked, and the run and its task are
    written in one transaction, so there is never a run without a task or a task without a run.
    """
    from netweave.reports.tasks import report_run_task

    queued = present = without_data = 0
    for network in Network.objects.order_by("pk").only("pk", "slug"):
        if not network_has_year(network, year):
            without_data += 1
            continue
        with transaction.atomic():
            list(Network.objects.select_for_update().filter(pk=network.pk).values_list("pk"))
            same = ReportRun.objects.filter(
                network=network,
                year=year,
                language=language,
                format=fmt,
                audience=audience.value,
                status__in=PRESENT,
            )
            if same.exists():
                present += 1
                continue
            run = ReportRun.objects.create(
                network=network, year=year, language=language, format=fmt, audience=audience.value
            )
            report_run_task.enqueue(run_id=run.pk)
            queued += 1
    return Enqueued(queued, present, without_data)


def report_years_any() -> list[int]:
    """The calendar years from the first to the last interaction of any network."""
    span = Interaction.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    if span["first"] is None:
        return []
    return list(range(span["first"].year, span["last"].year + 1))
