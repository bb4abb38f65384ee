"""Load a generated network (:mod:`netweave.synth`) into the database, all or nothing.

Generated ids are dense integers from 1; the database assigns its own primary keys. Each table
is inserted in bulk and a NumPy array ``pk[generated_id]`` translates the references of the
tables that follow, so no row is looked up one by one. The two tables of millions of rows
(interactions, attendance) skip model instances altogether: their frames go to the database
through :func:`netweave.interop.bulk.insert_frame` (COPY on PostgreSQL, batched ``executemany``
on SQLite).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl
from django.db import models, transaction

from netweave.initiatives.models import Initiative, StageChange
from netweave.interop.bulk import insert_frame
from netweave.introductions.models import Introduction
from netweave.introductions.stored import suggestions_changed
from netweave.ledger.models import Ask, Channel, Interaction, Offer
from netweave.maps.services import network_map_refresh_later
from netweave.networks.models import Network, Organisation, Person, Theme
from netweave.progress import ProgressCallback, no_progress
from netweave.routines.models import (
    Attendance,
    Occurrence,
    Participant,
    ParticipantStatus,
    Reflection,
    Routine,
)
from netweave.synth import SyntheticNetwork

BATCH_SIZE = 5_000
TAKING_PART_WITHIN = timedelta(days=365)
"""Who came to a running routine within this time before the generated network's last day
takes part in it (and is planned and paired for its next meetings), if still a member."""


class IdMap:
    """Translates dense generated ids (1..n) to database primary keys."""

    def __init__(self, generated_ids: Iterable[int], pks: Iterable[int]) -> None:
        generated = np.fromiter(generated_ids, dtype=np.int64)
        size = int(generated.max()) + 1 if generated.size else 1
        self._pks = np.zeros(size, dtype=np.int64)
        self._pks[generated] = np.fromiter(pks, dtype=np.int64, count=generated.size)

    def __getitem__(self, generated_id: int) -> int:
        return int(self._pks[generated_id])

    def optional(self, generated_id: int | None) -> int | None:
        return None if generated_id is None else self[generated_id]

    def column(self, values: pl.Series) -> pl.Series:
        """Translate a whole column at once; nulls stay null."""
        mask = values.is_null().to_numpy()
        filled = values.fill_null(0).to_numpy()
        translated = pl.Series(values.name, self._pks[filled])
        return translated.set(pl.Series(mask), None) if mask.any() else translated


def _bulk(model: type[models.Model], objects: Sequence[models.Model]) -> list[Any]:
    return model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)


@transaction.atomic
def network_load_synthetic(
    *,
    synthetic: SyntheticNetwork,
    slug: str | None = None,
    progress: ProgressCallback = no_progress,
) -> Network:
    """Write ``synthetic`` as a new network; nothing is written if any step fails."""
    tables = synthetic.tables
    charter = synthetic.charter_nl
    network = Network(
        name=synthetic.name,
        slug=slug or synthetic.slug,
        language="nl",
        purpose=charter.purpose,
        values="\n".join(charter.values),
        rules="\n".join(charter.rules),
    )
    network.full_clean()
    network.save()

    themes = {
        theme.slug: theme
        for theme in _bulk(
            Theme,
            [Theme(network=network, **row) for row in synthetic.themes.iter_rows(named=True)],
        )
    }

    organisations = tables.organisations.join(
        synthetic.organisation_details, on="organisation_id", how="left"
    )
    saved_orgs = _bulk(
        Organisation,
        [
            Organisation(
                network=network,
                name=row["name"],
                slug=row["slug"],
                sector=row["sector"],
                city=row.get("city") or "",
            )
            for row in organisations.iter_rows(named=True)
        ],
    )
    org_pk = IdMap(organisations["organisation_id"], (o.pk for o in saved_orgs))
    progress("organisations", len(saved_orgs), len(saved_orgs))

    people = tables.members.join(synthetic.people, on="person_id", how="left")
    saved_people = _bulk(
        Person,
        [
            Person(
                network=network,
                organisation_id=org_pk.optional(row["organisation_id"]),
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
                language=row["language"],
                joined_on=row["joined"],
                left_on=row["left"],
            )
            for row in people.iter_rows(named=True)
        ],
    )
    person_pk = IdMap(people["person_id"], (p.pk for p in saved_people))
    progress("people", len(saved_people), len(saved_people))
    theme_pk = {slug: theme.pk for slug, theme in themes.items()}
    member_themes = tables.member_themes
    insert_frame(
        Person.themes.through,
        member_themes.select(
            person=person_pk.column(member_themes["person_id"]),
            theme=pl.col("theme").replace_strict(theme_pk, return_dtype=pl.Int64),
        ),
        progress=no_progress,
    )

    _load_routines(synthetic, network, themes, person_pk, progress)

    interactions = tables.interactions
    insert_frame(
        Interaction,
        interactions.select(
            network=pl.lit(network.pk, dtype=pl.Int64),
            occurred_on="on",
            kind="kind",
            person_a=person_pk.column(interactions["a"]),
            person_b=person_pk.column(interactions["b"]),
            directed="directed",
            purpose="purpose",
            source="source",
            logged_via=pl.lit(Channel.IMPORT.value),
        ),
        progress=progress,
    )

    introductions = tables.introductions.join(
        synthetic.introduction_outcomes, on="introduction_id", how="left", maintain_order="left"
    )
    insert_frame(
        Introduction,
        introductions.select(
            network=pl.lit(network.pk, dtype=pl.Int64),
            introducer=person_pk.column(introductions["introducer_id"]),
            person_a=person_pk.column(introductions["a"]),
            person_b=person_pk.column(introductions["b"]),
            status="status",
            suggested_on="suggested_on",
            met_on="met_on",
            outcome=pl.col("outcome").fill_null(""),
            outcome_on="outcome_on",
        ),
        progress=no_progress,
    )
    for model, frame in ((Ask, synthetic.asks), (Offer, synthetic.offers)):
        insert_frame(
            model,
            frame.select(
                network=pl.lit(network.pk, dtype=pl.Int64),
                person=person_pk.column(frame["person_id"]),
                # An unknown theme is left empty, as before.
                theme=pl.col("theme").replace_strict(theme_pk, default=None, return_dtype=pl.Int64),
                text="text",
                language="language",
                created_on="created_on",
                closed_on="closed_on",
            ),
            progress=no_progress,
        )
    _load_initiatives(synthetic, network, themes, person_pk)
    network_map_refresh_later(network)
    suggestions_changed(network)
    return network


def _load_routines(
    synthetic: SyntheticNetwork,
    network: Network,
    themes: dict[str, Theme],
    person_pk: IdMap,
    progress: ProgressCallback,
) -> None:
    tables = synthetic.tables
    saved_routines = _bulk(
        Routine,
        [
            Routine(
                network=network,
                name=row["name"],
                format=row["format"],
                cadence=row["cadence"],
                steward_id=person_pk.optional(row["steward_id"]),
                theme=themes.get(row["theme"]) if row["theme"] else None,
                started_on=row["started_on"],
                ended_on=row["ended_on"],
            )
            for row in synthetic.routines.iter_rows(named=True)
        ],
    )
    routine_pk = IdMap(synthetic.routines["routine_id"], (r.pk for r in saved_routines))
    saved_occurrences = _bulk(
        Occurrence,
        [
            Occurrence(routine_id=routine_pk[row["routine_id"]], on=row["on"], held=row["held"])
            for row in tables.occurrences.iter_rows(named=True)
        ],
    )
    occurrence_pk = IdMap(tables.occurrences["occurrence_id"], (o.pk for o in saved_occurrences))
    attendance = tables.attendance
    insert_frame(
        Attendance,
        attendance.select(
            occurrence=occurrence_pk.column(attendance["occurrence_id"]),
            person=person_pk.column(attendance["person_id"]),
        ),
        progress=progress,
    )
    participants = _participants(synthetic)
    insert_frame(
        Participant,
        participants.select(
            routine=routine_pk.column(participants["routine_id"]),
            person=person_pk.column(participants["person_id"]),
            status=pl.lit(ParticipantStatus.ACTIVE.value),
        ),
        progress=no_progress,
    )
    reflections = synthetic.reflections
    insert_frame(
        Reflection,
        reflections.select(
            occurrence=occurrence_pk.column(reflections["occurrence_id"]),
            text="text",
            language="language",
        ),
        progress=no_progress,
    )


def _participants(synthetic: SyntheticNetwork) -> pl.DataFrame:
    """routine_id, person_id: who recently came to a routine that still runs, still a member.

    The generator draws who comes from each routine's pool; the app keeps that pool as the
    routine's participants, whom the tick plans and pairs for the meetings to come.
    """
    tables = synthetic.tables
    until = synthetic.config.until
    running = synthetic.routines.filter(
        pl.col("ended_on").is_null() | (pl.col("ended_on") > until)
    ).select("routine_id")
    members = tables.members.filter(pl.col("left").is_null() | (pl.col("left") > until))
    return (
        tables.attendance.join(tables.occurrences, on="occurrence_id")
        .filter(pl.col("on") > until - TAKING_PART_WITHIN)
        .join(running, on="routine_id")
        .join(members.select("person_id"), on="person_id")
        .select("routine_id", "person_id")
        .unique()
        .sort("routine_id", "person_id")
    )


def _load_initiatives(
    synthetic: SyntheticNetwork, network: Network, themes: dict[str, Theme], person_pk: IdMap
) -> None:
    rows = list(synthetic.initiatives.iter_rows(named=True))
    saved = _bulk(
        Initiative,
        [
            Initiative(
                network=network,
                name=row["name"],
                stage=row["stage"],
                owner_id=person_pk.optional(row["owner_id"]),
                started_on=row["started_on"],
                partner_found_on=row["partner_found_on"],
            )
            for row in rows
        ],
    )
    _bulk(
        Initiative.themes.through,
        [
            Initiative.themes.through(initiative=initiative, theme=themes[slug])
            for initiative, row in zip(saved, rows, strict=True)
            for slug in _theme_slugs(row["themes"])
        ],
    )
    # The generator gives a stage without its history: the initiative counts in it from its
    # start, as the migration that introduced the history records existing initiatives.
    _bulk(
        StageChange,
        [
            StageChange(
                initiative=initiative, stage=initiative.stage, changed_on=initiative.started_on
            )
            for initiative in saved
        ],
    )


def _theme_slugs(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [slug for slug in value.split(",") if slug]
    return list(value)
