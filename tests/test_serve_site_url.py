"""`netweave serve` tells its web server and workers where links in mails lead."""

from __future__ import annotations

from typing import Any

import pytest

from netweave import cli, serving


class _Recorded(Exception):
    pass


def _environment_served(monkeypatch, address: str) -> dict[str, str]:
    seen: dict[str, Any] = {}

    def supervisor(command: list[str], *, workers: int, environment: dict[str, str]) -> None:
        seen.update(environment)
        raise _Recorded

    monkeypatch.setattr(serving, "Supervisor", supervisor)
    monkeypatch.setattr(serving, "address_in_use", lambda host, port: False)
    monkeypatch.setattr(cli, "_call", lambda *args: None)
    with pytest.raises(_Recorded):
        cli._serve(address, with_worker=True)
    return seen


def test_without_a_public_address_mails_link_to_the_address_served(monkeypatch):
    # The demo served on 8031 mailed invitation links to 127.0.0.1:8000, the settings' default.
    monkeypatch.delenv("NETWEAVE_SITE_URL", raising=False)
    assert _environment_served(monkeypatch, "127.0.0.1:8031")["NETWEAVE_SITE_URL"] == (
        "http://127.0.0.1:8031"
    )
    assert _environment_served(monkeypatch, "0.0.0.0:8040")["NETWEAVE_SITE_URL"] == (
        "http://127.0.0.1:8040"
    )
    assert _environment_served(monkeypatch, "[::1]:8041")["NETWEAVE_SITE_URL"] == (
        "http://[::1]:8041"
    )


def test_a_configured_public_address_is_kept(monkeypatch):
    monkeypatch.setenv("NETWEAVE_SITE_URL", "https://netweave.example.org")
    environment = _environment_served(monkeypatch, "127.0.0.1:8031")
    assert environment["NETWEAVE_SITE_URL"] == "https://netweave.example.org"
