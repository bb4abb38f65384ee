"""A bug (not a user's mistake) is shown as one line; its traceback goes to the log."""

from __future__ import annotations

import click
from click.testing import CliRunner

from netweave.cli import main


def test_an_unexpected_error_is_one_line_and_its_traceback_is_logged(tmp_path, monkeypatch):
    monkeypatch.setenv("NETWEAVE_HOME", str(tmp_path))

    @main.command("explode")
    def explode() -> None:
        raise RuntimeError("a bug\nsecond line")

    try:
        result = CliRunner().invoke(main, ["explode"])
    finally:
        main.commands.pop("explode")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    log = tmp_path / "logs" / "cli-errors.log"
    assert result.output.strip() == (
        f"Error: unexpected error (RuntimeError: a bug); details in {log}"
    )
    logged = log.read_text()
    assert "Traceback (most recent call last)" in logged
    assert 'raise RuntimeError("a bug\\nsecond line")' in logged


def test_a_usage_error_is_not_taken_for_a_bug(tmp_path, monkeypatch):
    monkeypatch.setenv("NETWEAVE_HOME", str(tmp_path))

    @main.command("refuse")
    def refuse() -> None:
        raise click.BadParameter("not like that", param_hint="'--x'")

    try:
        result = CliRunner().invoke(main, ["refuse"])
    finally:
        main.commands.pop("refuse")

    assert result.exit_code == 2
    assert "Invalid value for '--x': not like that" in result.output
    assert not (tmp_path / "logs").exists()
