"""Read one network out of the database as the columnar tables :mod:`netweave.insights` takes.

This is the one place where database rows become insights tables. Each table is one query
whose rows go straight into a Polars frame: no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db.models import QuerySet

from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, SCHEMAS, NetworkTables
from netweave.introductions.models import Introduction
from netweave.ledger.models import Interaction
from netweave.networks.models import Network, Organisation, Person
from netweave.routines.models import Attendance, Occurrence


def _frame(name: str, queryset: QuerySet, fields: Sequence[str]) -> pl.DataFrame:
    """Rows of ``queryset.values_list(*fields)`` as table ``name`` (columns in schema order)."""
    schema = SCHEMAS[name]
    rows = list(queryset.values_list(*fields))
    return pl.DataFrame(rows, schema=dict(schema), orient="row")


def network_tables(network: Network, kind_weights: dict[str, float] | None = None) -> NetworkTables:
    """All tables of ``network``; interaction weights from ``kind_weights`` (defaults if None)."""
    weights = kind_weights or dict(DEFAULT_KIND_WEIGHTS)
    organisations = _frame(
        "organisations",
        Organisation.objects.filter(network=network),
        ["pk", "name", "sector"],
    )
    members = _frame(
        "members",
        Person.objects.filter(network=network),
        ["pk", "organisation_id", "organisation__sector", "joined_on", "left_on"],
    )
    member_themes = _frame(
        "member_themes",
        Person.themes.through.objects.filter(person__network=network),
        ["person_id", "theme__slug"],
    )
    interactions = pl.DataFrame(
        list(
            Interaction.objects.filter(network=network).values_list(
                "person_a_id",
                "person_b_id",
                "occurred_on",
                "kind",
                "directed",
                "purpose",
                "source",
            )
        ),
        schema={k: v for k, v in SCHEMAS["interactions"].items() if k != "weight"},
        orient="row",
    ).with_columns(
        pl.col("kind").replace_strict(weights, default=1.0, return_dtype=pl.Float64).alias("weight")
    )
    introductions = _frame(
        "introductions",
        Introduction.objects.filter(network=network),
        ["pk", "introducer_id", "person_a_id", "person_b_id", "suggested_on", "status", "met_on"],
    )
    occurrences = _frame(
        "occurrences",
        Occurrence.objects.filter(routine__network=network),
        ["pk", "routine_id", "on", "held"],
    )
    attendance = _frame(
        "attendance",
        Attendance.objects.filter(occurrence__routine__network=network),
        ["occurrence_id", "person_id"],
    )
    return NetworkTables.build(
        organisations=organisations,
        members=members,
        member_themes=member_themes,
        interactions=interactions,
        introductions=introductions,
        occurrences=occurrences,
        attendance=attendance,
    )
