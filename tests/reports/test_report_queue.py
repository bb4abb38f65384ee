"""A report asked for on the web waits in the database queue until a worker makes it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from netweave.reports.models import ReportRun, RunStatus

# The worker opens and closes database connections of its own, as it does in production, so the
# test cannot run inside a transaction that is rolled back (pytest-django runs these last).
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_makes_a_queued_report(client, fixture, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(fixture.steward)
    data = {"year": "2025", "language": "nl", "format": "html", "audience": "network"}
    client.post(reverse("reports:generate", args=[fixture.network.slug]), data)
    run = ReportRun.objects.get(network=fixture.network)
    assert run.status == RunStatus.QUEUED, "nothing runs before a worker takes the task"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    download = client.get(reverse("reports:download", args=[fixture.network.slug, run.pk]))
    assert b"data-figure" in b"".join(download.streaming_content)
