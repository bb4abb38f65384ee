"""Read one network out of the database as the columnar tables :mod:`netweave.insights` takes.

This is the one place where database rows become insights tables. Each table is one query
whose rows go straight into a Polars frame: no Python loop per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl
from django.db.models import Max, Min, QuerySet

from netweave.initiatives.models import Initiative, StageChange
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, SCHEMAS, NetworkTables
from netweave.introductions.models import Introduction
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.actor import Actor
from netweave.networks.models import Membership, Network, Organisation, Person, Theme
from netweave.networks.policy import Action
from netweave.reports.document import (
    INITIATIVE_SCHEMA,
    REFLECTION_SCHEMA,
    ROUTINE_SCHEMA,
    STAGE_CHANGE_SCHEMA,
    ReportSources,
)
from netweave.reports.models import VISIBLE_TO_MEMBERS, ReportRun
from netweave.routines.models import Attendance, Occurrence, Reflection, Routine


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
    listing_fields = ["pk", "person_id", "theme__slug", "language", "text"]
    listing_fields += ["created_on", "closed_on"]
    asks = _frame("asks", Ask.objects.filter(network=network), listing_fields)
    offers = _frame("offers", Offer.objects.filter(network=network), listing_fields)
    return NetworkTables.build(
        organisations=organisations,
        members=members,
        member_themes=member_themes,
        interactions=interactions,
        introductions=introductions,
        occurrences=occurrences,
        attendance=attendance,
        asks=asks,
        offers=offers,
    )


def report_people(network: Network) -> pl.DataFrame:
    """DataFrame[person_id, name, organisation_id, consents, role] of ``network``: what
    :class:`~netweave.reports.naming.Namer` needs to call each person what a reader may see."""
    people = pl.DataFrame(
        list(
            Person.objects.filter(network=network).values_list(
                "pk", "first_name", "last_name", "organisation_id", "consents_to_reports"
            )
        ),
        schema={
            "person_id": pl.Int64,
            "first_name": pl.String,
            "last_name": pl.String,
            "organisation_id": pl.Int64,
            "consents": pl.Boolean,
        },
        orient="row",
    )
    roles = pl.DataFrame(
        list(
            Membership.objects.filter(network=network, person__isnull=False).values_list(
                "person_id", "role"
            )
        ),
        schema={"person_id": pl.Int64, "role": pl.String},
        orient="row",
    )
    people = (
        people.join(roles, on="person_id", how="left")
        .with_columns(
            (pl.col("first_name") + " " + pl.col("last_name")).alias("name"),
            pl.col("role").fill_null("member"),
        )
        .select("person_id", "name", "organisation_id", "consents", "role")
    )
    return people


def report_sources(network: Network) -> ReportSources:
    """What the annual report needs besides the insights tables: names, charter, routines,
    reflections and initiatives of ``network`` (one query per frame, no loop per row)."""
    people = report_people(network)
    routines = pl.DataFrame(
        list(
            Routine.objects.filter(network=network).values_list(
                "pk", "name", "format", "cadence", "steward_id"
            )
        ),
        schema=ROUTINE_SCHEMA,
        orient="row",
    )
    reflections = pl.DataFrame(
        list(
            Reflection.objects.filter(occurrence__routine__network=network).values_list(
                "occurrence__routine_id", "occurrence__on", "text", "language"
            )
        ),
        schema=REFLECTION_SCHEMA,
        orient="row",
    )
    initiatives = pl.DataFrame(
        list(
            Initiative.objects.filter(network=network).values_list(
                "pk", "name", "stage", "owner_id", "started_on", "partner_found_on"
            )
        ),
        schema=INITIATIVE_SCHEMA,
        orient="row",
    )
    stage_changes = pl.DataFrame(
        list(
            StageChange.objects.filter(initiative__network=network).values_list(
                "initiative_id", "stage", "changed_on"
            )
        ),
        schema=STAGE_CHANGE_SCHEMA,
        orient="row",
    )
    themes = {
        slug: {"en": name_en, "nl": name_nl}
        for slug, name_en, name_nl in Theme.objects.filter(network=network).values_list(
            "slug", "name_en", "name_nl"
        )
    }
    return ReportSources(
        name=network.name,
        slug=network.slug,
        purpose=network.purpose,
        values=_lines(network.values),
        rules=_lines(network.rules),
        people=people,
        routines=routines,
        reflections=reflections,
        initiatives=initiatives,
        stage_changes=stage_changes,
        themes=themes,
        metric_settings=dict(network.metric_settings or {}),
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def network_report_years(network: Network) -> list[int]:
    """The calendar years from ``network``'s first to its last recorded interaction.

    Two index lookups (min and max of ``occurred_on``), not a scan of every interaction.
    """
    span = Interaction.objects.filter(network=network).aggregate(
        first=Min("occurred_on"), last=Max("occurred_on")
    )
    if span["first"] is None:
        return []
    return list(range(span["first"].year, span["last"].year + 1))


def network_has_year(network: Network, year: int) -> bool:
    """Whether ``network`` recorded at least one interaction in calendar year ``year``."""
    if not date.min.year <= year <= date.max.year:
        return False
    return Interaction.objects.filter(
        network=network, occurred_on__range=(date(year, 1, 1), date(year, 12, 31))
    ).exists()


def report_runs_for(actor: Actor) -> QuerySet[ReportRun]:
    """The report runs of ``actor``'s network they may see: all for a steward; finished
    reports whose audience is the network or the public for members and sponsors."""
    runs = ReportRun.objects.filter(network=actor.network).select_related("created_by")
    if actor.may(Action.STEWARD):
        return runs
    return runs.filter(status=ReportRun.Status.DONE, audience__in=VISIBLE_TO_MEMBERS)


def report_run_visible(actor: Actor, run: ReportRun) -> bool:
    """Whether ``actor`` may see ``run`` of their network (the rule of :func:`report_runs_for`)."""
    if actor.may(Action.STEWARD):
        return True
    return run.status == ReportRun.Status.DONE and run.audience in VISIBLE_TO_MEMBERS
