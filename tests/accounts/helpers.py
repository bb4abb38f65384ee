"""Logins, places and mail links for the accounts tests."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from email.message import EmailMessage

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from netweave.networks.models import Membership, Network, Person, Role

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Place:
    network: Network
    steward: User


def login_make(username: str, network: Network, role: Role, person: Person | None = None) -> User:
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD
    )
    Membership.objects.create(user=user, network=network, role=role, person=person)
    return user


def link_in(message: EmailMessage, site_url: str) -> str:
    """The path of the one link into ``site_url`` that ``message`` carries."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    links = re.findall(re.escape(site_url) + r"(/\S+)", body.get_content())
    assert len(links) == 1, body.get_content()
    return links[0]


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
