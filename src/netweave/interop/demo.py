"""`netweave demo`: one generated network and a steward login, made once and kept."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from netweave import synth
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Membership, Network, Person, Role
from netweave.progress import ProgressCallback, no_progress
from netweave.reports.services import report_generate_formats

DEMO_SLUG = "demo"
DEMO_MEMBERS = 150
DEMO_YEARS = 3
DEMO_SEED = 2026
STEWARD_USERNAME = "steward"
REPORT_LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class DemoResult:
    network: Network
    created: bool
    members: int
    username: str
    password: str


def _password_file() -> Path:
    return Path(settings.NETWEAVE_HOME) / "demo-steward-password"


def _steward_password() -> str:
    """The demo steward's password: made once, kept beside the database (readable by owner only)."""
    path = _password_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


@transaction.atomic
def _steward_ensure(network: Network, password: str) -> None:
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=STEWARD_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, network=network, defaults={"role": Role.STEWARD})


def demo_prepare(*, today: date, progress: ProgressCallback = no_progress) -> DemoResult:
    """Make the demo network if it is not there yet, and its steward login; safe to run again."""
    network = Network.objects.filter(slug=DEMO_SLUG).first()
    created = network is None
    if network is None:
        config = synth.SynthConfig(
            members=DEMO_MEMBERS, years=DEMO_YEARS, until=today, seed=DEMO_SEED
        )
        network = network_load_synthetic(
            synthetic=synth.generate(config), slug=DEMO_SLUG, progress=progress
        )
    password = _steward_password()
    _steward_ensure(network, password)
    members = Person.objects.filter(network=network, left_on__isnull=True).count()
    return DemoResult(network, created, members, STEWARD_USERNAME, password)


def demo_reports(
    *, network: Network, year: int, progress: ProgressCallback = no_progress
) -> list[Path]:
    """The demo network's annual report of ``year``: HTML and PDF, in Dutch and in English."""
    paths: list[Path] = []
    for language in REPORT_LANGUAGES:

        def in_language(stage: str, done: int, total: int, language: str = language) -> None:
            progress(f"{language}: {stage}", done, total)

        paths += report_generate_formats(
            network=network,
            year=year,
            language=language,
            formats=["html", "pdf"],
            progress=in_language,
        )
    return paths
