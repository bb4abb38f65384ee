"""Writes of the initiative board: create an initiative, move it to another stage."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from netweave.initiatives.models import Initiative, Stage, StageChange
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.policy import Action


def initiative_create(actor: Actor, *, name: str, description: str, stage: Stage) -> Initiative:
    """A new initiative in ``actor``'s network, owned by the actor's member record."""
    actor.require(Action.WORK_ON_INITIATIVES)
    with transaction.atomic():
        initiative = Initiative.objects.create(
            network=actor.network,
            name=name,
            description=description,
            stage=stage,
            owner=actor.person,
            started_on=timezone.localdate(),
        )
        StageChange.objects.create(
            initiative=initiative, stage=stage, changed_on=initiative.started_on
        )
        audit.record(actor, "initiative.created", initiative, detail=stage.value)
    return initiative


def initiative_move(actor: Actor, initiative: Initiative, stage: Stage) -> Initiative:
    """Move ``initiative`` (of ``actor``'s network) to ``stage``; moving to where it is, is
    nothing (no audit entry)."""
    actor.require(Action.WORK_ON_INITIATIVES)
    if initiative.network_id != actor.network.pk:
        raise ValueError("initiative of another network")
    if initiative.stage == stage:
        return initiative
    with transaction.atomic():
        before = initiative.stage
        initiative.stage = stage
        initiative.save(update_fields=["stage"])
        # The history a report reads the stage at the end of a year from.
        StageChange.objects.create(
            initiative=initiative, stage=stage, changed_on=timezone.localdate()
        )
        audit.record(actor, "initiative.moved", initiative, detail=f"{before} → {stage.value}")
    return initiative
