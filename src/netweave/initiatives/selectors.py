"""Reads of the initiative board, scoped to the actor's network."""

from __future__ import annotations

from dataclasses import dataclass

from netweave.initiatives.models import Initiative, Stage
from netweave.networks.actor import Actor


@dataclass(frozen=True)
class Column:
    stage: Stage
    initiatives: list[Initiative]


def initiative_board(actor: Actor) -> list[Column]:
    """Every initiative of ``actor``'s network, by stage in the stages' order (two queries)."""
    rows = (
        Initiative.objects.filter(network=actor.network)
        .select_related("owner")
        .prefetch_related("themes")
        .order_by("name", "pk")
    )
    by_stage: dict[str, list[Initiative]] = {stage.value: [] for stage in Stage}
    for initiative in rows:
        by_stage.setdefault(initiative.stage, []).append(initiative)
    return [Column(stage, by_stage[stage.value]) for stage in Stage]
