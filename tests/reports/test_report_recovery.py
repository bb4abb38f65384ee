"""A report run whose worker died is noticed, failed with a plain message, and can be tried again;
a task delivered twice makes one report."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netweave.reports import services
from netweave.reports.models import WORKER_LOST, ReportRun, RunStatus

pytestmark = pytest.mark.django_db


def _run(fixture, **fields) -> ReportRun:
    values = {"year": 2025, "language": "en", "format": "html", "audience": "network", **fields}
    return ReportRun.objects.create(network=fixture.network, created_by=fixture.steward, **values)


def _dead_worker() -> str:
    """host:pid of a process that has ended (and been waited for)."""
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return services.worker_name().rsplit(":", 1)[0] + ":" + ended.stdout.strip()


def test_a_run_whose_worker_died_here_fails_at_once_and_the_page_stops_asking(client, fixture):
    run = _run(
        fixture,
        status=RunStatus.RUNNING,
        progress=50,
        worker=_dead_worker(),
        heartbeat_at=timezone.now(),
        attempts=1,
    )
    client.force_login(fixture.steward)

    page = client.get(reverse("reports:runs", args=[fixture.network.slug]))

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == WORKER_LOST
    text = page.content.decode()
    assert "hx-get" not in text, "a final state ends the polling"
    assert "The background worker making this report stopped" in text
    assert reverse("reports:retry", args=[fixture.network.slug, run.pk]) in text


def test_a_silent_worker_elsewhere_is_lost_after_the_timeout(fixture, settings):
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=60)
    recent = _run(
        fixture,
        status=RunStatus.RUNNING,
        worker="other-machine:1",
        heartbeat_at=timezone.now() - timedelta(seconds=30),
        attempts=1,
    )
    silent = _run(
        fixture,
        status=RunStatus.RUNNING,
        worker="other-machine:2",
        heartbeat_at=timezone.now() - timedelta(seconds=61),
        attempts=1,
    )

    assert services.report_runs_recover() == [silent.pk]

    recent.refresh_from_db()
    assert recent.status == RunStatus.RUNNING
    assert services.report_runs_beat("other-machine:1") == 1


def test_try_again_makes_the_same_run_once(
    client, fixture, django_capture_on_commit_callbacks, settings, tmp_path
):
    # A folder of its own: run ids come back after a rolled-back test, their files do not go.
    settings.REPORTS_DIR = tmp_path
    run = _run(fixture, status=RunStatus.FAILED, error=WORKER_LOST, attempts=1)
    client.force_login(fixture.steward)
    retry = reverse("reports:retry", args=[fixture.network.slug, run.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302

    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (RunStatus.DONE, 2, "")
    folder = (services._run_file(run)).parent
    assert [p.name for p in folder.iterdir()] == [services._run_file(run).name]
    # The same task delivered again (a queue's retry) finds the run made and does nothing.
    again = services.report_run_execute(run_id=run.pk)
    assert (again.status, again.attempts) == (RunStatus.DONE, 2)


def test_only_a_steward_may_try_again(client, fixture):
    run = _run(fixture, status=RunStatus.FAILED, error=WORKER_LOST)
    client.force_login(fixture.member)
    response = client.post(reverse("reports:retry", args=[fixture.network.slug, run.pk]))
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


def test_a_download_of_a_report_is_private(client, fixture, django_capture_on_commit_callbacks):
    client.force_login(fixture.steward)
    data = {"year": "2025", "language": "en", "format": "html", "audience": "network"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[fixture.network.slug]), data)
    run = ReportRun.objects.filter(network=fixture.network).latest("pk")
    download = client.get(reverse("reports:download", args=[fixture.network.slug, run.pk]))
    assert download.status_code == 200 and "private" in download["Cache-Control"]
