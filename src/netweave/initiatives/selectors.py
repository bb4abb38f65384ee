"""Reads of the initiative board, scoped to the actor's network.

A column shows the initiatives that came into its stage last and counts the rest; one stage can
be opened in full, a page at a time. So the board stays one screen, and one answer's size,
however many initiatives a network has made over the years (most of them, in time, ended).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from netweave.initiatives.models import Initiative, Stage, StageChange
from netweave.networks.actor import Actor

COLUMN_SHOWN = 8
LAST_MOVED_FIRST = (F("moved_on").desc(), F("moved").desc(nulls_last=True), F("pk").desc())
"""The order of a stage: the initiative moved (or made) into it last comes first, so a card just
moved is at the top of its new column. One moved the same day: the later stage change first."""


@dataclass(frozen=True)
class Column:
    stage: Stage
    initiatives: list[Initiative]
    count: int
    """All of the stage's initiatives, shown or not."""

    @property
    def more(self) -> bool:
        return self.count > len(self.initiatives)


def initiatives_in(actor: Actor, stage: Stage) -> QuerySet[Initiative]:
    """The initiatives of ``actor``'s network in ``stage``, the last moved into it first."""
    return _ordered(Initiative.objects.filter(network=actor.network, stage=stage))


def initiative_board(actor: Actor) -> list[Column]:
    """Per stage, in the stages' order, the ``COLUMN_SHOWN`` initiatives moved into it last and
    how many it holds (three queries, whatever the network's size)."""
    mine = Initiative.objects.filter(network=actor.network)
    counts = dict(mine.order_by().values_list("stage").annotate(n=Count("pk")))
    place = Window(RowNumber(), partition_by=F("stage"), order_by=LAST_MOVED_FIRST)
    newest = _ordered(mine).annotate(place=place).filter(place__lte=COLUMN_SHOWN)
    by_stage: dict[str, list[Initiative]] = {stage.value: [] for stage in Stage}
    for initiative in newest:
        by_stage[initiative.stage].append(initiative)
    return [Column(stage, by_stage[stage.value], counts.get(stage.value, 0)) for stage in Stage]


def _ordered(rows: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """``rows`` in their stage's order, with what a card shows: the owner and the themes.

    An initiative without a recorded stage change (made before they were kept) counts as moved
    on the day it started."""
    last = StageChange.objects.filter(initiative=OuterRef("pk")).order_by("-changed_on", "-pk")
    return (
        rows.annotate(
            moved_on=Coalesce(Subquery(last.values("changed_on")[:1]), F("started_on")),
            moved=Subquery(last.values("pk")[:1]),
        )
        .select_related("owner")
        .prefetch_related("themes")
        .order_by(*LAST_MOVED_FIRST)
    )
