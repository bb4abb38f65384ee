"""One person's ties at a day, computed from their own interactions and kept until those change.

Computing them (reading the person's interactions, the warmth rule in Polars) took 5–6.5 ms of
CPU of a member home's 15–25 (the benchmark's member of the kept 10,000-member network, one
process); reading them back takes 0.1–0.3 ms. So the rows are stored per person
(:class:`~netweave.ledger.models.PersonTies`, a table: the web processes share no other cache,
and one computation then serves them all) with what they were computed from, and a read takes
them only if that is still what the database holds, checked in the read's own query:

- the day (warmth decays with the calendar) and the network's metric settings;
- how many of the person's interactions up to that day there are and the highest id among them.
  Interactions are added and deleted, never changed by a service, and ids only grow, so any
  change to that set changes the pair: a quick log, an undo, a met introduction, a routine's
  meeting, an import or a restore is seen on the next read without its writer having to say so.
  (An interaction edited in the admin, by a superuser, is seen at the next change or the next day.)

A stale row is never shown: a read that does not match computes the ties anew and stores them
with the count and id of the rows it read, so two requests at once can only store rows that are
each true of what they read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache

import polars as pl
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.options import Options
from django.utils import timezone

from netweave.insights import MetricSettings, NetworkTables, warmth
from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, SCHEMAS
from netweave.ledger.models import Interaction, PersonTies
from netweave.networks.models import Network, Person

TieRow = tuple[int, float, str, date]
"""The other person's id, the warmth, the state and the last contact of one tie."""


def tie_rows(network: Network, person: Person, at: date) -> list[TieRow]:
    """``person``'s ties at ``at``, warmest first: the stored rows if still valid, else computed
    (and stored)."""
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    key = _settings_key(settings)
    stored = _valid_stored(network, person, at, key)
    if stored is not None:
        return [
            (other, warmth, state, date.fromisoformat(last))
            for other, warmth, state, last in stored
        ]
    read = list(
        _interactions(network, person, at).values_list(
            "pk", "person_a_id", "person_b_id", "occurred_on", "kind", "directed"
        )
    )
    rows = _computed(person, [row[1:] for row in read], at, settings)
    PersonTies.objects.bulk_create(
        [
            PersonTies(
                person=person,
                as_of=at,
                settings_key=key,
                interactions=len(read),
                last_interaction=max((row[0] for row in read), default=0),
                ties=[
                    [other, warmth, state, last.isoformat()] for other, warmth, state, last in rows
                ],
                computed_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=[
            "as_of",
            "settings_key",
            "interactions",
            "last_interaction",
            "ties",
            "computed_at",
        ],
    )
    return rows


def _interactions(network: Network, person: Person, at: date) -> QuerySet[Interaction]:
    return Interaction.objects.filter(
        Q(person_a=person) | Q(person_b=person), network=network, occurred_on__lte=at
    ).order_by()


def _valid_stored(network: Network, person: Person, at: date, key: str) -> list | None:
    """The stored rows of ``person`` if they were computed from what the database holds now.

    Written out rather than built with the ORM: building and compiling this query took 1.6 ms of
    CPU a request, running it 0.1 ms (a kept network of 10,000 members, in one process)."""
    with connection.cursor() as cursor:
        cursor.execute(_check_sql(), [person.pk, at, key, person.pk, person.pk, network.pk, at])
        found = cursor.fetchone()
    if found is None:
        return None
    # PostgreSQL's jsonb and SQLite's text both arrive as the JSON text here.
    return json.loads(found[0]) if isinstance(found[0], str) else found[0]


@cache
def _check_sql() -> str:
    """Stored rows of a person, day and settings key, if the count and highest id of the
    person's interactions up to that day are still the stored ones (one scan for both)."""
    quote = connection.ops.quote_name
    kept, interaction = PersonTies._meta, Interaction._meta

    def columns(meta: Options, *fields: str) -> list[str]:
        column = {field.name: str(field.column) for field in meta.concrete_fields}
        return [quote(column[field]) for field in fields]

    ties, person, as_of, key, count, last = columns(
        kept, "ties", "person", "as_of", "settings_key", "interactions", "last_interaction"
    )
    pk, a, b, network, on = columns(
        interaction, "id", "person_a", "person_b", "network", "occurred_on"
    )
    return (
        f"SELECT {ties} FROM {quote(kept.db_table)}"  # noqa: S608 - the models' own names
        f" WHERE {person} = %s AND {as_of} = %s AND {key} = %s AND ({count}, {last}) = ("
        f"SELECT COUNT(*), COALESCE(MAX({pk}), 0) FROM {quote(interaction.db_table)}"
        f" WHERE ({a} = %s OR {b} = %s) AND {network} = %s AND {on} <= %s)"
    )


def _computed(
    person: Person, interactions: list[tuple], at: date, settings: MetricSettings
) -> list[TieRow]:
    frame = pl.DataFrame(
        interactions,
        schema={key: SCHEMAS["interactions"][key] for key in ("a", "b", "on", "kind", "directed")},
        orient="row",
    ).with_columns(
        # As reports.selectors.network_tables does; warmth() then applies the network's weights.
        pl.col("kind")
        .replace_strict(dict(DEFAULT_KIND_WEIGHTS), default=1.0, return_dtype=pl.Float64)
        .alias("weight"),
        pl.lit("network").alias("purpose"),
        pl.lit("logged").alias("source"),
    )
    result = warmth(NetworkTables.build(interactions=frame), at, settings)
    ties = result.ties.select(
        pl.when(pl.col("a") == person.pk).then("b").otherwise("a").alias("other"),
        "warmth",
        "state",
        "last_contact",
    ).sort("warmth", descending=True)
    return list(ties.iter_rows())


def _settings_key(settings: MetricSettings) -> str:
    """Stands for the settings (the network's, with this version's defaults filled in)."""
    return hashlib.sha256(repr(settings).encode()).hexdigest()
