"""Two populated networks and a login of every role in each, for tests that cross tenants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone

from netweave import synth
from netweave.accounts.models import Invitation
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import AuditEntry, Membership, Network, Person, Role
from netweave.networks.selectors import in_network
from netweave.reports.models import ReportRun, RunStatus


@dataclass(frozen=True)
class Tenant:
    network: Network
    logins: dict[Role, User]

    def any(self, model: type[Model]) -> Model:
        """A row of ``model`` in this network; fails loudly if the fixture has none."""
        row = in_network(self.network, model).order_by("pk").first()
        if row is None:
            raise AssertionError(
                f"The two-network fixture has no {model.__name__} in {self.network.slug}: "
                f"add one in tests/web/tenants.py so that its pages are covered."
            )
        return row


def _logins(network: Network) -> dict[Role, User]:
    users = get_user_model().objects
    people = Person.objects.filter(network=network).order_by("pk")
    logins = {}
    for role, person in zip(Role, people, strict=False):
        user = users.create_user(f"{role.value}-{network.slug}", password="not-used-here")
        Membership.objects.create(user=user, network=network, role=role, person=person)
        logins[role] = user
    return logins


def _report_run(network: Network, steward: User) -> None:
    folder = settings.REPORTS_DIR / network.slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text("<p>report</p>")
    ReportRun.objects.create(
        network=network,
        year=2025,
        language="nl",
        format="html",
        audience="network",
        status=RunStatus.DONE,
        file=f"{network.slug}/report.html",
        created_by=steward,
    )


def tenant_make(slug: str, seed: int, members: int = 40) -> Tenant:
    """A generated network of ``members`` members (people, organisations, interactions, asks,
    offers, routines, introductions, initiatives), a steward, member and sponsor, a report, an
    audit entry and an open invitation."""
    config = synth.SynthConfig(members=members, years=2, until=date(2026, 6, 30), seed=seed)
    network = network_load_synthetic(synthetic=synth.generate(config), slug=slug)
    logins = _logins(network)
    _report_run(network, logins[Role.STEWARD])
    AuditEntry.objects.create(network=network, user=logins[Role.STEWARD], verb="network.loaded")
    Invitation.objects.create(
        network=network,
        email=f"invited@{slug}.example",
        first_name="Invited",
        last_name="Person",
        token_hash=f"{slug:0<64}",
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
    )
    return Tenant(network, logins)
