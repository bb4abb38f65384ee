"""`netweave demo`: one generated network and a steward login, made once and kept.

The demo creates its own accounts and changes no other: a steward of the demo network (its login
is kept in NETWEAVE_HOME/demo-steward.json, readable by its owner only) and, when the
installation has no superuser yet, an admin whose password is shown once and kept nowhere.
"""

from __future__ import annotations

import fcntl
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from netweave import synth
from netweave.dashboard.services import health_refresh
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Membership, Network, Person, Role
from netweave.networks.selectors import members_of
from netweave.progress import ProgressCallback, no_progress
from netweave.reports.models import AudienceChoice, ReportRun, RunStatus
from netweave.reports.services import LANGUAGES as REPORT_LANGUAGES
from netweave.reports.services import report_generate_formats
from netweave.routines import jobs as routine_jobs
from netweave.routines.models import Routine

DEMO_SLUG = "demo"
DEMO_MEMBERS = 150
DEMO_YEARS = 4
"""Four years of 365 days up to today: the three calendar years before this one are whole, so the
report's year, the year it is compared with and the year before that (whose ties the renewal
figures compare with) are like with like; only the founding month or so is partial."""
DEMO_SEED = 2026
FORMATS = ("html", "pdf")
STEWARD_USERNAME = "steward"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class Login:
    """A user name and its password; ``password`` is None when it was changed since."""

    username: str
    password: str | None


@dataclass(frozen=True)
class DemoResult:
    network: Network
    created: bool
    members: (
        int  # members of last year, the year of the demo report (networks.selectors.members_of)
    )
    steward: Login
    admin: Login | None
    """The installation's admin, only when this call created it (its password is kept nowhere)."""


def _steward_file() -> Path:
    return Path(settings.NETWEAVE_HOME) / "demo-steward.json"


@contextmanager
def demo_lock(*, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the demo lock of this NETWEAVE_HOME; calls ``waiting`` first if another demo has it.

    Two `netweave demo` at once would both migrate and both create the network: the second waits
    for the first and then finds everything made. The lock goes when the process ends, however.
    """
    home = Path(settings.NETWEAVE_HOME)
    home.mkdir(parents=True, exist_ok=True)
    with (home / "demo.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _free_username(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first name no account has."""
    accounts = get_user_model().objects.filter(username__startswith=base)
    taken = set(accounts.values_list("username", flat=True))
    return next(
        name
        for name in (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
        if name not in taken
    )


def _recorded_steward() -> tuple[int, str, str] | None:
    """The steward account an earlier demo created here: (id, user name, password)."""
    try:
        record = json.loads(_steward_file().read_text())
        return int(record["id"]), str(record["username"]), str(record["password"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


@transaction.atomic
def _steward_ensure(network: Network) -> Login:
    """The demo's own steward of ``network``; made (and recorded) unless an earlier demo did.

    An account the demo did not create is never changed, whatever its name: a new account gets
    the first free name. The steward steers the demo network only; it is no superuser.
    """
    user_model = get_user_model()
    recorded = _recorded_steward()
    if recorded is not None:
        pk, username, password = recorded
        user = user_model.objects.filter(pk=pk, username=username).first()
        if user is not None:
            kept = user.check_password(password)
            return Login(username, password if kept else None)
    username = _free_username(STEWARD_USERNAME)
    password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(username=username, password=password)
    Membership.objects.create(
        user=user, network=network, role=Role.STEWARD, person=_coordinator(network)
    )
    path = _steward_file()
    path.write_text(json.dumps({"id": user.pk, "username": username, "password": password}))
    path.chmod(0o600)
    return Login(username, password)


def _coordinator(network: Network) -> Person | None:
    """The member without a login who hosts the most running routines: the demo steward logs in
    as them, so "My page" and "My introductions" show a coordinator's own ties and asks."""
    hosts = (
        Routine.objects.filter(
            network=network,
            ended_on__isnull=True,
            steward__left_on__isnull=True,
            steward__membership__isnull=True,
        )
        .values("steward")
        .annotate(hosting=Count("pk"))
        .order_by("-hosting", "steward")
    )
    first = hosts.first()
    return None if first is None else Person.objects.get(pk=first["steward"])


def _admin_ensure() -> Login | None:
    """The installation's admin (a superuser), made only when the installation has none."""
    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        return None
    username = _free_username(ADMIN_USERNAME)
    password = secrets.token_urlsafe(16)
    user_model.objects.create_superuser(username=username, email="", password=password)
    return Login(username, password)


PLANNING_JOBS = (routine_jobs.occurrences_plan, routine_jobs.rounds_pair)
"""The tick's jobs that plan the routines' next meetings and pair the coming rounds. The demo
runs them itself so that it opens on a living network; the mail jobs it leaves to the tick."""


def demo_prepare(*, now: datetime, progress: ProgressCallback = no_progress) -> DemoResult:
    """Make the demo network if it is not there yet, and its steward login; safe to run again.

    The network is generated up to the day of ``now`` and its routines planned from ``now``, as
    ``netweave tick`` would; the steward's dashboard figures are computed. Run it under
    :func:`demo_lock`: two at once would both create.
    """
    today = timezone.localdate(now)
    network = Network.objects.filter(slug=DEMO_SLUG).first()
    created = network is None
    if network is None:
        config = synth.SynthConfig(
            members=DEMO_MEMBERS, years=DEMO_YEARS, until=today, seed=DEMO_SEED
        )
        network = network_load_synthetic(
            synthetic=synth.generate(config), slug=DEMO_SLUG, progress=progress
        )
    for job in PLANNING_JOBS:
        job(now)
    # The dashboard's figures now, not a minute after the first visit (the debounced refresh):
    # the demo's first page is the dashboard.
    health_refresh(network.pk)
    steward = _steward_ensure(network)
    admin = _admin_ensure()
    last_year = today.year - 1
    members = members_of(network, date(last_year, 1, 1), date(last_year, 12, 31)).count()
    return DemoResult(network, created, members, steward, admin)


def demo_reports(
    *, network: Network, year: int, progress: ProgressCallback = no_progress
) -> list[Path]:
    """The demo network's annual report of ``year``: HTML and PDF, in Dutch and in English."""
    paths: list[Path] = []
    for language in REPORT_LANGUAGES:

        def in_language(stage: str, done: int, total: int, language: str = language) -> None:
            progress(f"{language}: {stage}", done, total)

        written = report_generate_formats(
            network=network,
            year=year,
            language=language,
            formats=list(FORMATS),
            progress=in_language,
        )
        for fmt, path in zip(FORMATS, written, strict=True):
            _run_record(network, year, language, fmt, path)
        paths += written
    return paths


def _run_record(network: Network, year: int, language: str, fmt: str, path: Path) -> None:
    """Offer a report the demo wrote on the network's reports page, as if asked for there
    (once: a later demo rewrites the same file)."""
    ReportRun.objects.get_or_create(
        network=network,
        year=year,
        language=language,
        format=fmt,
        audience=AudienceChoice.NETWORK,
        file=str(path.relative_to(Path(settings.REPORTS_DIR))),
        defaults={"status": RunStatus.DONE, "progress": 100, "finished_at": timezone.now()},
    )
