from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from netweave.cli import main


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "worker", "generate"):
        assert command in result.output


def test_generate_rejects_bad_input_clearly():
    result = CliRunner().invoke(main, ["generate", "--members", "1"])
    assert result.exit_code == 2
    assert "--members" in result.output


def test_generate_to_parquet(tmp_path):
    out = tmp_path / "net"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "netweave",
            "generate",
            "--members",
            "40",
            "--years",
            "2",
            "--until",
            "2026-06-30",
            "--parquet",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert (out / "interactions.parquet").exists()


def test_worker_refuses_a_niceness_it_cannot_use_before_it_starts(monkeypatch):
    monkeypatch.setenv("NETWEAVE_WORKER_NICENESS", "high")
    result = CliRunner().invoke(main, ["worker", "--batch"])
    assert result.exit_code == 1
    assert "NETWEAVE_WORKER_NICENESS must be a whole number from 0 to 19" in result.output
