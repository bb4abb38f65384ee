"""Writes of the import and export pages: one function per user action, scoped to the actor.

An upload is kept under ``MEDIA_ROOT/imports/<network>/`` by a random name between the
preview and the confirmation (the steward sees the counts of a dry run first), and removed
once imported.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.outcome import ImportResult
from netweave.interop.importing.service import import_file
from netweave.interop.models import ImportMapping
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.policy import Action

UPLOAD_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ics"}


def upload_path(actor: Actor, token: str) -> Path:
    """Where upload ``token`` (a name made by :func:`upload_store`, checked by the form) lives."""
    return Path(settings.MEDIA_ROOT) / "imports" / actor.network.slug / token


def upload_store(actor: Actor, uploaded: UploadedFile) -> str:
    """Keep ``uploaded`` until it is confirmed; its token (the stored file's name)."""
    actor.require(Action.IMPORT_DATA)
    suffix = Path(uploaded.name or "").suffix.lower()
    token = uuid.uuid4().hex + (suffix if suffix in UPLOAD_SUFFIXES else ".csv")
    path = upload_path(actor, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return token


def upload_check(
    actor: Actor, token: str, name: str, kind: ImportKind, mapping: dict[str, str], today: date
) -> ImportResult:
    """A dry run of the upload (raises ImportRefused with every problem)."""
    actor.require(Action.IMPORT_DATA)
    return import_file(
        path=upload_path(actor, token),
        network_slug=actor.network.slug,
        kind=kind,
        mapping=mapping,
        dry_run=True,
        today=today,
        name=name,
    )


@transaction.atomic
def upload_import(
    actor: Actor, token: str, name: str, kind: ImportKind, mapping: dict[str, str], today: date
) -> ImportResult:
    """Import the upload for real, remember its mapping and record it in the audit list."""
    actor.require(Action.IMPORT_DATA)
    path = upload_path(actor, token)
    result = import_file(
        path=path,
        network_slug=actor.network.slug,
        kind=kind,
        mapping=mapping,
        today=today,
        name=name,
    )
    ImportMapping.objects.update_or_create(
        network=actor.network, kind=kind.value, defaults={"mapping": mapping}
    )
    detail = ", ".join(f"{count} {table}" for table, count in result.created.items() if count)
    audit.record(actor, audit.Verb.DATA_IMPORTED, None, f"{name} ({kind.value}): {detail}")
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return result
