"""`netweave report --all`: one queued report per network, never two, made by any number of
workers sharing the database queue."""

from __future__ import annotations

import re

import pytest

from .installations import Installation

RUNS = "SELECT n.slug, r.status, r.file FROM reports_reportrun r JOIN networks_network n" \
       " ON n.id = r.network_id ORDER BY n.slug"  # fmt: skip


def _queued(output: str) -> int:
    found = re.search(r"Queued (\d+) (reports?) of", output)
    assert found, output
    count, noun = int(found.group(1)), found.group(2)
    assert noun == ("report" if count == 1 else "reports"), output  # "Queued 1 report"
    return count


@pytest.mark.slow
def test_report_all_queues_each_network_once_and_two_workers_make_them(
    installation: Installation,
):
    for slug, seed, until in (("a", "1", "2025-06-30"), ("b", "2", "2025-06-30"),
                              ("c", "3", "2025-06-30"), ("old", "4", "2023-06-30")):  # fmt: skip
        made = installation.run("generate", "--members", "20", "--years", "1", "--seed", seed,
                                "--until", until, "--slug", slug)  # fmt: skip
        assert made.returncode == 0, made.stderr
    command = ("report", "--all", "--year", "2025", "--format", "html", "--lang", "en")

    # Two at once (as from two machines): together they queue each network's report once.
    racing = [installation.popen(*command) for _ in range(2)]
    outputs = [process.communicate(timeout=300)[0] for process in racing]
    assert [process.returncode for process in racing] == [0, 0], outputs
    assert sum(_queued(output) for output in outputs) == 3
    assert "networks without data that year: 1" in outputs[0]
    assert [row[:2] for row in installation.query(RUNS)] == [
        ("a", "queued"), ("b", "queued"), ("c", "queued")
    ]  # fmt: skip

    workers = [installation.popen("worker", "--batch") for _ in range(2)]
    logs = [worker.communicate(timeout=600)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], logs

    runs = installation.query(RUNS)
    assert [row[:2] for row in runs] == [("a", "done"), ("b", "done"), ("c", "done")], logs
    for _slug, _status, file in runs:
        assert "<html" in (installation.home / "reports" / file).read_text()
    tasks = installation.query(
        "SELECT status FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE '%report_run_task'"
    )
    assert tasks == [("SUCCESSFUL",)] * 3

    again = installation.run(*command)
    assert again.returncode == 0 and _queued(again.stdout) == 0
    assert "already queued, running or done: 3" in again.stdout
    assert len(installation.query(RUNS)) == 3
