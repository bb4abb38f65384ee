"""`--out` from a real process: a write that runs out of room leaves the old file and no part
of the new one; a regular file is replaced only by a complete one; /dev/null stays a device."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys

import pytest

from .installations import Installation

ROOM = 50_000
"""Bytes a process may write to any one file: less than the report, more than SQLite's index."""


def _little_room() -> None:
    # The file size limit stands in for a full disk: a write beyond it fails (EFBIG) as a write
    # on a full disk does (ENOSPC); both go through the same path in netweave.outfiles.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (ROOM, ROOM))


@pytest.mark.slow
def test_a_report_that_does_not_fit_leaves_the_old_file(installation: Installation, tmp_path):
    generated = installation.run("generate", "--members", "20", "--years", "1", "--until",
                                 "2025-06-30", "--slug", "small")  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    report = ["report", "--network", "small", "--year", "2025", "--format", "html"]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.html"
    target.write_text("last year's report")

    # The first report also stores the map layout; the second only reads the database.
    first = installation.run(*report, "--out", str(out / "first.html"))
    assert first.returncode == 0, first.stderr
    assert (out / "first.html").stat().st_size > ROOM
    cramped = subprocess.run(
        [sys.executable, "-m", "netweave", *report, "--out", str(target)],
        env=installation.environment(), capture_output=True, text=True, check=False,
        preexec_fn=_little_room,
    )  # fmt: skip

    assert cramped.returncode == 1, cramped.stdout + cramped.stderr
    assert "Traceback" not in cramped.stderr
    assert f"not enough disk space to write {target} (File too large)" in cramped.stderr
    assert target.read_text() == "last year's report"
    assert sorted(path.name for path in out.iterdir()) == ["first.html", "report.html"]

    whole = installation.run(*report, "--out", str(target))
    assert whole.returncode == 0, whole.stderr
    assert target.read_bytes() == (out / "first.html").read_bytes()

    refused = installation.run(*report, "--out", "/dev/null")
    assert refused.returncode == 2
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
