"""Read one network out of the database as the columnar tables :mod:`netweave.insights` takes.

This is the one place where database rows become insights tables. Each table is one query
whose rows go straight from the database cursor into a Polars frame: no model instances, no
Django converter per row (:func:`_frame`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl
from django.db import connections
from django.db.models import CharField, F, Max, Min, QuerySet
from django.db.models.functions import Cast

from netweave.initiatives.models import Initiative, StageChange
from netweave.insights.period import Period
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
from netweave.reports.reading import FrameReader, Schema, frame_reader
from netweave.routines.models import Attendance, Occurrence, Reflection, Routine


def _frame(
    queryset: QuerySet, fields: Mapping[str, str], schema: Schema, read: FrameReader | None = None
) -> pl.DataFrame:
    """The rows of ``queryset`` as a frame: column ``name`` holds field path ``fields[name]``,
    typed by ``schema`` (same names, same order), read by ``read``, else through Django's
    connection (the few hundred or thousand rows of a small table are not worth a connection
    of their own: opening an ADBC connection to PostgreSQL costs about 60 CPU ms).

    The ORM writes the query; :mod:`netweave.reports.reading` hands its rows to Polars, through
    a columnar driver where one may stand in for Django's connection. Measured on the
    interactions of 10,000 members (989,644 rows, SQLite): 2.3 CPU s through the cursor's
    tuples, against 3.5 s through ``values_list`` (Django's converter on every row), about the
    same through ``pl.read_database`` on the same cursor (quiet cores). On PostgreSQL ADBC's
    Arrow takes 2.5× less client CPU, and on SQLite ADBC's driver in a process of its own takes
    1.2 CPU s there and 0.2 here (:mod:`netweave.reports.reading`, ``docs/report.md``).
    SQLite stores dates as ISO text: they are selected as text and parsed by Polars in one pass
    (its Python driver would parse each one). PostgreSQL's drivers return dates natively.
    """
    if read is None:
        with frame_reader(queryset.db, columnar=False) as rows:
            return _frame(queryset, fields, schema, rows)
    return read(*_compiled(queryset, fields, schema), list(fields), schema)


def _frame_started(
    queryset: QuerySet, fields: Mapping[str, str], schema: Schema, read: FrameReader
) -> Callable[[], pl.DataFrame]:
    """:func:`_frame` of a large table, begun now where ``read`` can read beside this process
    (SQLite's reading process); the frame when the returned function is called."""
    return read.start(*_compiled(queryset, fields, schema), list(fields), schema)


def _compiled(
    queryset: QuerySet, fields: Mapping[str, str], schema: Schema
) -> tuple[str, Sequence[Any]]:
    """The SQL and parameters that select ``fields`` of ``queryset`` as columns c0, c1, …"""
    text_dates = connections[queryset.db].vendor == "sqlite"
    # Only expressions are selected, so the columns come in the order of ``fields``; aliases
    # c0, c1, … since an alias may not repeat a model field's name.
    columns = {
        f"c{index}": Cast(path, CharField()) if text_dates and schema[name] == pl.Date else F(path)
        for index, (name, path) in enumerate(fields.items())
    }
    sql, params = queryset.values(**columns).query.get_compiler(queryset.db).as_sql()
    return sql, params


def _table(
    name: str, queryset: QuerySet, paths: tuple[str, ...], read: FrameReader
) -> pl.DataFrame:
    """Insights table ``name``: its schema's columns, in order, from field ``paths``."""
    schema = SCHEMAS[name]
    return _frame(queryset, _named(schema, paths), schema, read)


# The interactions table as read: its weight is the kind's, added after (:func:`_weighted`).
_INTERACTION_SCHEMA = {k: v for k, v in SCHEMAS["interactions"].items() if k != "weight"}
_INTERACTION_FIELDS = (
    "person_a",
    "person_b",
    "occurred_on",
    "kind",
    "directed",
    "purpose",
    "source",
)


def network_tables(
    network: Network, kind_weights: dict[str, float] | None = None, *, columnar: bool = True
) -> NetworkTables:
    """All tables of ``network``; interaction weights from ``kind_weights`` (defaults if None).

    Read through one columnar connection when ``columnar`` and :mod:`~netweave.reports.reading`
    allow it (PostgreSQL, outside a transaction, driver installed) — on SQLite the interactions
    by a process of their own, begun first, the other tables meanwhile through Django's
    connection —, else through Django's connection. Pages pass ``columnar=False``: opening the
    second connection costs about 50 ms (a 150-member network's tables took 0.10 CPU s so, 0.07
    without; at 10,000 members 0.87 against 2.25), and a request should not hold two
    connections; background work (the report, the map and dashboard refreshes, the recommender,
    exports) reads columnar.
    """
    weights = kind_weights or dict(DEFAULT_KIND_WEIGHTS)
    listing = ("pk", "person", "theme__slug", "language", "text", "created_on", "closed_on")
    with frame_reader(Interaction.objects.db, columnar=columnar) as read:
        # Begun first: on SQLite a process of its own reads the interactions while this one
        # reads the other tables.
        # In no order: the model's default (newest first) made SQLite walk the date index and
        # fetch each row from the table (0.4-0.65 of 3.8-4.7 CPU s at a million rows, load 8);
        # no analysis depends on the order of the rows.
        interactions = _frame_started(
            Interaction.objects.filter(network=network).order_by(),
            _named(_INTERACTION_SCHEMA, _INTERACTION_FIELDS),
            _INTERACTION_SCHEMA,
            read,
        )
        others = {
            "organisations": _table(
                "organisations",
                Organisation.objects.filter(network=network),
                ("pk", "name", "sector"),
                read,
            ),
            "members": _table(
                "members",
                Person.objects.filter(network=network),
                ("pk", "organisation", "organisation__sector", "joined_on", "left_on"),
                read,
            ),
            "member_themes": _table(
                "member_themes",
                Person.themes.through.objects.filter(person__network=network),
                ("person", "theme__slug"),
                read,
            ),
            "introductions": _table(
                "introductions",
                Introduction.objects.filter(network=network),
                ("pk", "introducer", "person_a", "person_b", "suggested_on", "status", "met_on"),
                read,
            ),
            "occurrences": _table(
                "occurrences",
                Occurrence.objects.filter(routine__network=network),
                ("pk", "routine", "on", "held"),
                read,
            ),
            "attendance": _table(
                "attendance",
                Attendance.objects.filter(occurrence__routine__network=network),
                ("occurrence", "person"),
                read,
            ),
            "asks": _table("asks", Ask.objects.filter(network=network), listing, read),
            "offers": _table("offers", Offer.objects.filter(network=network), listing, read),
        }
        weighted = _weighted(interactions(), weights)
    return NetworkTables.build(interactions=weighted, **others)


def routine_tables(routine: Routine, period: Period) -> NetworkTables:
    """Of ``routine``'s network, what :func:`netweave.insights.routines.routines` needs for
    ``routine``'s figures over ``period``, and nothing else: its occurrences, their attendance,
    and every interaction between two people who attended one of its held meetings in the
    period. A tie is credited to the routine only when both attended it that day, and whether
    it was their first-ever interaction takes that pair's whole history, no other pair's.

    Its figures for ``routine`` equal those from :func:`network_tables`
    (``tests/routines/test_routine_health.py``); a routine's page reads this, where reading the
    network's tables took 4-6 s at 10,000 members, a million interactions, on every view.
    Through Django's connection, as a page should (see :func:`network_tables`).
    """
    attendees = Attendance.objects.filter(
        occurrence__routine=routine,
        occurrence__held=True,
        occurrence__on__range=(period.start, period.end),
    ).values("person")
    interactions = Interaction.objects.filter(
        network_id=routine.network_id, person_a__in=attendees, person_b__in=attendees
    ).order_by()
    with frame_reader(Interaction.objects.db, columnar=False) as read:
        return NetworkTables.build(
            interactions=_weighted(
                _frame(
                    interactions,
                    _named(_INTERACTION_SCHEMA, _INTERACTION_FIELDS),
                    _INTERACTION_SCHEMA,
                    read,
                ),
                dict(DEFAULT_KIND_WEIGHTS),
            ),
            occurrences=_table(
                "occurrences",
                Occurrence.objects.filter(routine=routine),
                ("pk", "routine", "on", "held"),
                read,
            ),
            attendance=_table(
                "attendance",
                Attendance.objects.filter(occurrence__routine=routine),
                ("occurrence", "person"),
                read,
            ),
        )


def _weighted(interactions: pl.DataFrame, weights: Mapping[str, float]) -> pl.DataFrame:
    """``interactions`` with each one's ``weight``: its kind's, from ``weights``."""
    return interactions.with_columns(
        pl.col("kind").replace_strict(weights, default=1.0, return_dtype=pl.Float64).alias("weight")
    )


def report_people(network: Network) -> pl.DataFrame:
    """DataFrame[person_id, name, organisation_id, consents, role] of ``network``: what
    :class:`~netweave.reports.naming.Namer` needs to call each person what a reader may see."""
    people = _frame(
        Person.objects.filter(network=network),
        {
            "person_id": "pk",
            "first_name": "first_name",
            "last_name": "last_name",
            "organisation_id": "organisation",
            "consents": "consents_to_reports",
        },
        {
            "person_id": pl.Int64,
            "first_name": pl.String,
            "last_name": pl.String,
            "organisation_id": pl.Int64,
            "consents": pl.Boolean,
        },
    )
    roles = _frame(
        Membership.objects.filter(network=network, person__isnull=False),
        {"person_id": "person", "role": "role"},
        {"person_id": pl.Int64, "role": pl.String},
    )
    return (
        people.join(roles, on="person_id", how="left")
        .with_columns(
            (pl.col("first_name") + " " + pl.col("last_name")).alias("name"),
            pl.col("role").fill_null("member"),
        )
        .select("person_id", "name", "organisation_id", "consents", "role")
    )


def report_sources(network: Network) -> ReportSources:
    """What the annual report needs besides the insights tables: names, charter, routines,
    reflections and initiatives of ``network`` (one query per frame, no loop per row)."""
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
        people=report_people(network),
        routines=_frame(
            Routine.objects.filter(network=network),
            _named(ROUTINE_SCHEMA, ("pk", "name", "format", "cadence", "steward")),
            ROUTINE_SCHEMA,
        ),
        reflections=_frame(
            Reflection.objects.filter(occurrence__routine__network=network),
            _named(
                REFLECTION_SCHEMA, ("occurrence__routine", "occurrence__on", "text", "language")
            ),
            REFLECTION_SCHEMA,
        ),
        initiatives=_frame(
            Initiative.objects.filter(network=network),
            _named(
                INITIATIVE_SCHEMA,
                ("pk", "name", "stage", "owner", "started_on", "partner_found_on"),
            ),
            INITIATIVE_SCHEMA,
        ),
        stage_changes=_frame(
            StageChange.objects.filter(initiative__network=network),
            _named(STAGE_CHANGE_SCHEMA, ("initiative", "stage", "changed_on")),
            STAGE_CHANGE_SCHEMA,
        ),
        themes=themes,
        metric_settings=dict(network.metric_settings or {}),
    )


def _named(schema: Schema, paths: tuple[str, ...]) -> dict[str, str]:
    """``schema``'s column names, in order, each with its field path."""
    return dict(zip(schema, paths, strict=True))


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
