"""Background tasks of the reports app (Django's tasks API; a database queue in production)."""

from __future__ import annotations

from django.tasks import task

from netweave.logs import log_context
from netweave.reports import services


@task()
def report_run_task(run_id: int) -> str:
    """Generate the report of run ``run_id``; returns the file path relative to REPORTS_DIR."""
    with log_context(f"report-run-{run_id}"):
        return services.report_run_execute(run_id=run_id).file
