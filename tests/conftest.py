"""Fixtures shared by the Django tests. The pure-library tests (insights, synth) need none."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from netweave import synth

DEMO_UNTIL = date(2026, 6, 30)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> Iterator[None]:
    """pytest-django's (the worker's name added to the test database's), and on PostgreSQL the
    connection that says this run is alive, kept until its test database has been dropped;
    opening it drops the test databases of runs that ended without (see leftover_databases)."""
    from django.db import connection

    from leftover_databases import exists, run_kept
    from netweave.reports.reading import postgres_conninfo

    conninfo = postgres_conninfo(connection) if connection.vendor == "postgresql" else None
    if conninfo is None:
        yield
        return
    test_database = connection.settings_dict["TEST"]["NAME"]
    with run_kept(conninfo, test_database):
        yield
    # pytest-django has dropped it by now (its django_db_setup needs this fixture), unless told
    # to keep it: a database left on the server is a failure of the run, not a warning.
    keep = request.config.getoption("reuse_db") and not request.config.getoption("create_db")
    if not keep and exists(conninfo, test_database):
        pytest.fail(f"test database {test_database} was left on the server", pytrace=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Iterator[None]:
    """pytest-django's, and before it drops the PostgreSQL test database: everyone else still
    connected to it (which would keep it from being dropped) is named, disconnected, and fails
    the run."""
    yield
    from django.db import connection, connections

    from leftover_databases import strays_ended
    from netweave.reports.reading import postgres_conninfo

    conninfo = postgres_conninfo(connection) if connection.vendor == "postgresql" else None
    if conninfo is None:
        return
    connections.close_all()
    strays = strays_ended(conninfo, connection.settings_dict["NAME"])
    if strays:
        pytest.fail(
            f"still connected to the test database {connection.settings_dict['NAME']} at the end"
            " of the session (disconnected, so that it could be dropped):\n" + "\n".join(strays),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def small_synthetic() -> synth.SyntheticNetwork:
    """A small generated network, made once per test session (generation is deterministic)."""
    return synth.generate(synth.SynthConfig(members=60, years=3, until=DEMO_UNTIL, seed=7))


class _Inbox:
    """aiosmtpd handler: keeps every message it receives, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self.messages.append(
            message_from_bytes(raw, policy=email_policy.default)  # type: ignore[arg-type]
        )
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """A real SMTP server on loopback; ``messages`` are the mails it received, in order."""

    host: str
    port: int
    inbox: _Inbox

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages

    def environment(self) -> dict[str, str]:
        """Variables that send a `netweave` subprocess's mail here."""
        return {"NETWEAVE_SMTP_HOST": self.host, "NETWEAVE_SMTP_PORT": str(self.port)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port; Django's mail goes to it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "use_tls": False},
        }
    }
    try:
        yield SmtpServer(controller.hostname, controller.port, inbox)
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise() -> Iterator[None]:
    """Every test starts in the default language: a test (or a page it requested) that switched
    this thread to Dutch must not change the messages the next test reads."""
    from django.utils import translation

    with translation.override("en"):
        yield
