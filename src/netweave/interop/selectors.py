"""Reads of the import pages, scoped to the actor's network."""

from __future__ import annotations

from netweave.interop.importing.columns import ImportKind
from netweave.interop.models import ImportMapping
from netweave.networks.actor import Actor


def mapping_remembered(actor: Actor, kind: ImportKind) -> dict[str, str]:
    """The mapping last used for ``kind`` in ``actor``'s network (empty if none)."""
    found = ImportMapping.objects.filter(network=actor.network, kind=kind.value).first()
    return dict(found.mapping) if found else {}
