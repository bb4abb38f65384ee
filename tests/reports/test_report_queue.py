"""A report asked for on the web waits in the database queue until a worker makes it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from netweave.reports.models import ReportRun, RunStatus

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_makes_a_queued_report(
    client, fixture, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    # The worker runs in this test's transaction (rolled back afterwards), where recycling the
    # database connection between tasks, as the worker does in production, would close it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    client.force_login(fixture.steward)
    data = {"year": "2025", "language": "nl", "format": "html", "audience": "network"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[fixture.network.slug]), data)
    run = ReportRun.objects.get(network=fixture.network)
    assert run.status == RunStatus.QUEUED, "nothing runs before a worker takes the task"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    download = client.get(reverse("reports:download", args=[fixture.network.slug, run.pk]))
    assert b"data-figure" in b"".join(download.streaming_content)
