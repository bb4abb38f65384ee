"""A small network with known members, for import and export tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.outcome import ImportResult
from netweave.interop.importing.service import import_file
from netweave.networks.models import Network, Organisation, Person, Sector

TODAY = date(2026, 6, 30)


@dataclass(frozen=True)
class Known:
    network: Network
    gemeente: Organisation
    anna: Person
    bram: Person
    cees: Person


@pytest.fixture
def known(db) -> Known:
    network = Network.objects.create(name="Regio Test", slug="regio")
    gemeente = Organisation.objects.create(
        network=network, name="Gemeente Hoorn", slug="gemeente-hoorn", sector=Sector.GOVERNMENT
    )
    people = [
        Person.objects.create(
            network=network,
            organisation=gemeente,
            first_name=first,
            last_name="Jansen",
            email=f"{first.lower()}@hoorn.example",
            joined_on=date(2024, 1, 1),
        )
        for first in ("Anna", "Bram", "Cees")
    ]
    return Known(network, gemeente, *people)


def run_import(
    path: Path,
    kind: ImportKind | None,
    *,
    slug: str = "regio",
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    return import_file(
        path=path, network_slug=slug, kind=kind, mapping=mapping, dry_run=dry_run, today=TODAY
    )
