"""A whole network as one JSON document, and back: ``netweave export --format json`` and
``netweave import network.json --network NEW``.

Every table of the network is written as ``{"columns": [...], "rows": [[...], ...]}`` (compact
for millions of interactions). Rows are in primary-key order and are numbered from 1 in the
document; references between tables use those numbers, never database keys, so an export of a
restored network is the same document as the export it came from (only the slug differs).
What is left out, and why, is :data:`NOT_EXPORTED` (logins, secrets, the audit list, what is
computed from the rest); ``tests/interop/test_network_json.py`` checks that every other model
comes back field by field. An interaction names the login that logged it by its user name; a
restore links the login of that name if the installation has one (an empty one has none).
Dates and times are ISO text, moments in UTC.

Restoring makes a new network in one transaction. Tables whose rows are referred to go in with
``bulk_create`` (which returns the new keys); the others through :func:`bulk.insert_frame`.

A JSON column (an introduction's ``reasons``) is written as JSON; the people, asks and offers it
names are row numbers too (``Table.nested``). Columns added since a document was written
(``Table.added``) may be missing from it: they take the model's default.

Restoring makes a new network in one transaction. Tables whose rows are referred to go in with
``bulk_create`` (which returns the new keys); the others through :func:`bulk.insert_frame`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from types import MappingProxyType
from typing import Any

import numpy as np
import polars as pl
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.translation import gettext as _

from netweave.initiatives.models import Initiative, StageChange
from netweave.interop.bulk import insert_frame
from netweave.interop.importing.problems import Problems
from netweave.introductions.models import DigestMail, Introduction, IntroductionMail
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.models import Network, Organisation, Person, Theme
from netweave.progress import ProgressCallback, no_progress
from netweave.routines.models import (
    Answer,
    Attendance,
    Dispatch,
    DoNotPair,
    Occurrence,
    Participant,
    Reflection,
    RoundSeat,
    Routine,
)

FORMAT = "netweave-network"
VERSION = 2
"""1 lacked the routines' scheduling (times, places, participants, rounds, mails sent) and who
logged an interaction, when and from where."""
NETWORK_FIELDS = ("name", "language", "purpose", "values", "rules", "metric_settings")


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    network_path: str  # lookup from the model to its network
    fields: tuple[str, ...]
    references: Mapping[str, str] = field(default_factory=dict)  # field → referred table
    referred: bool = False  # other tables refer to its rows: insert one by one to learn keys
    logins: frozenset[str] = frozenset()  # fields naming a login, by its user name
    # JSON field → key inside its list of objects → referred table (a number or a list of them)
    nested: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    added: tuple[str, ...] = ()  # fields an older document may lack (they take the default)

    def accepts(self, columns: object) -> bool:
        """Whether ``columns`` are this table's fields, or those without some ``added``."""
        if not isinstance(columns, list):
            return False
        expected = [f for f in self.fields if f in columns or f not in self.added]
        return columns == expected


NOT_EXPORTED: Mapping[str, str] = MappingProxyType(
    {
        "networks.Membership": "logins are people's accounts in this installation, not data",
        "accounts.Invitation": "invitations are single-use login links (a hashed secret)",
        "routines.CalendarFeed": "a member's secret calendar address, a credential",
        "networks.AuditEntry": "the audit list records what happened in this installation",
        "reports.ReportRun": "report files are made again from the data",
        "dashboard.HealthSnapshot": "the dashboard's figures are computed from the data",
        "maps.NetworkMap": "the map's layout is computed from the data",
        "ledger.PersonTies": "a person's ties are computed from the data",
        "maps.MapState": "the map's layout is computed from the data",
        "introductions.SuggestionSet": "suggested introductions are computed from the data",
        "introductions.StoredSuggestion": "suggested introductions are computed from the data",
        "interop.ImportMapping": "remembered column mappings belong to this installation's "
        "import page, not to the network",
    }
)
"""Models of a network the document leaves out (``app.Model`` → why)."""


TABLES = (
    Table("themes", Theme, "network", ("slug", "name_en", "name_nl"), referred=True),
    Table(
        "organisations", Organisation, "network", ("name", "slug", "sector", "city"), referred=True
    ),
    Table(
        "people",
        Person,
        "network",
        ("organisation", "first_name", "last_name", "email", "language", "joined_on", "left_on",
         "consents_to_reports", "open_to_introductions", "weekly_digest"),
        {"organisation": "organisations"},
        referred=True,
        added=("open_to_introductions", "weekly_digest"),
    ),
    Table(
        "person_themes",
        Person.themes.through,
        "person__network",
        ("person", "theme"),
        {"person": "people", "theme": "themes"},
    ),
    Table(
        "routines",
        Routine,
        "network",
        ("name", "format", "cadence", "steward", "theme", "started_on", "ended_on", "rrule",
         "start_time", "duration_minutes", "place", "video_link", "paused", "pairing_window"),
        {"steward": "people", "theme": "themes"},
        referred=True,
    ),
    Table(
        "participants",
        Participant,
        "routine__network",
        ("routine", "person", "status", "snoozed_until"),
        {"routine": "routines", "person": "people"},
    ),
    Table(
        "do_not_pair",
        DoNotPair,
        "person__network",
        ("person", "other"),
        {"person": "people", "other": "people"},
    ),
    Table(
        "occurrences",
        Occurrence,
        "routine__network",
        ("routine", "on", "held", "scheduled_for", "starts_at", "cancelled", "sequence"),
        {"routine": "routines"},
        referred=True,
    ),
    Table(
        "round_seats",
        RoundSeat,
        "occurrence__routine__network",
        ("occurrence", "person", "group", "changed_at"),
        {"occurrence": "occurrences", "person": "people"},
        added=("changed_at",),
    ),
    # The mails sent: without them the next tick would invite everyone again.
    Table(
        "dispatches",
        Dispatch,
        "occurrence__routine__network",
        ("occurrence", "person", "purpose", "sequence", "sent_at"),
        {"occurrence": "occurrences", "person": "people"},
    ),
    Table(
        "answers",
        Answer,
        "occurrence__routine__network",
        ("occurrence", "person", "happened", "answered_at"),
        {"occurrence": "occurrences", "person": "people"},
    ),
    Table(
        "attendance",
        Attendance,
        "occurrence__routine__network",
        ("occurrence", "person"),
        {"occurrence": "occurrences", "person": "people"},
    ),
    Table(
        "reflections",
        Reflection,
        "occurrence__routine__network",
        ("occurrence", "person", "text", "language"),
        {"occurrence": "occurrences", "person": "people"},
    ),
    Table(
        "interactions",
        Interaction,
        "network",
        ("occurred_on", "kind", "person_a", "person_b", "directed", "purpose", "source",
         "occurrence", "note", "logged_by", "logged_via", "logged_at", "import_key"),
        {"person_a": "people", "person_b": "people", "occurrence": "occurrences"},
        logins=frozenset({"logged_by"}),
    ),
    *(
        Table(
            name,
            model,
            "network",
            ("person", "theme", "text", "language", "created_on", "closed_on"),
            {"person": "people", "theme": "themes"},
            referred=True,  # an introduction's reasons name them
        )
        for name, model in (("asks", Ask), ("offers", Offer))
    ),
    Table(
        "introductions",
        Introduction,
        "network",
        ("introducer", "person_a", "person_b", "reason", "status", "suggested_on", "met_on",
         "reasons", "sent_on", "answer_a", "answer_b", "accepted_on", "outcome", "outcome_note",
         "outcome_on"),
        {"introducer": "people", "person_a": "people", "person_b": "people"},
        nested={"reasons": {"people": "people", "ask_id": "asks", "offer_id": "offers"}},
        added=("reasons", "sent_on", "answer_a", "answer_b", "accepted_on", "outcome",
               "outcome_note", "outcome_on"),
        referred=True,  # the mails sent about it name it
    ),
    # The mails sent: without them the next tick would mail everyone again.
    Table(
        "introduction_mails",
        IntroductionMail,
        "introduction__network",
        ("introduction", "person", "purpose", "sent_at"),
        {"introduction": "introductions", "person": "people"},
    ),
    Table(
        "digest_mails",
        DigestMail,
        "person__network",
        ("person", "week", "sent_at", "items"),
        {"person": "people"},
    ),
    Table(
        "initiatives",
        Initiative,
        "network",
        ("name", "description", "stage", "owner", "started_on", "partner_found_on"),
        {"owner": "people"},
        referred=True,
    ),
    Table(
        "initiative_themes",
        Initiative.themes.through,
        "initiative__network",
        ("initiative", "theme"),
        {"initiative": "initiatives", "theme": "themes"},
    ),
    # An older document has no stage history: its initiatives count in today's stage.
    Table(
        "initiative_stage_changes",
        StageChange,
        "initiative__network",
        ("initiative", "stage", "changed_on"),
        {"initiative": "initiatives"},
    ),
)  # fmt: skip


def network_snapshot(network: Network) -> dict[str, Any]:
    """The whole network as a JSON-ready dict."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "network": {"slug": network.slug} | {f: getattr(network, f) for f in NETWORK_FIELDS},
    }
    numbers: dict[str, dict[int, int]] = {}
    for table in TABLES:
        queryset = table.model._default_manager.filter(**{table.network_path: network})
        columns = [
            f"{f}__{_USER_NAME}" if f in table.logins else _attname(table.model, f)
            for f in table.fields
        ]
        rows = list(queryset.order_by("pk").values_list("pk", *columns))
        numbers[table.name] = {row[0]: number for number, row in enumerate(rows, start=1)}
        translate = [
            numbers[table.references[f]] if f in table.references else None for f in table.fields
        ]
        nested = [
            {key: numbers[referred] for key, referred in table.nested.get(f, {}).items()}
            for f in table.fields
        ]
        document[table.name] = {
            "columns": list(table.fields),
            "rows": [
                [
                    _renumbered(value, inner) if inner else _json_value(value, lookup)
                    for value, lookup, inner in zip(row[1:], translate, nested, strict=True)
                ]
                for row in rows
            ],
        }
    return document


def _renumbered(items: Any, lookups: Mapping[str, Mapping[int, int]]) -> Any:
    """A JSON list of objects with the references at ``lookups``' keys translated; a reference
    to a row that is gone (a deleted ask) is dropped."""
    if not isinstance(items, list):
        return items
    result = []
    for item in items:
        item = dict(item)
        for key, lookup in lookups.items():
            value = item.get(key)
            if isinstance(value, list):
                item[key] = [lookup[v] for v in value if v in lookup]
            elif value is not None:
                if value in lookup:
                    item[key] = lookup[value]
                else:
                    del item[key]
        result.append(item)
    return result


_USER_NAME = get_user_model().USERNAME_FIELD
MOMENT = pl.Datetime("us", "UTC")


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return field.attname if isinstance(field, models.ForeignKey) else name


def _json_value(value: Any, lookup: dict[int, int] | None) -> Any:
    if lookup is not None and value is not None:
        return lookup[value]
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def is_snapshot(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def snapshot_check(document: dict[str, Any], problems: Problems) -> None:
    """Refuse a document of another version or with a table whose shape is wrong."""
    if document.get("version") != VERSION:
        problems.add(
            0,
            "version",
            _("netweave JSON version %(v)s is not supported") % {"v": document.get("version")},
        )
        return
    sizes: dict[str, int] = {}
    for table in TABLES:
        part = document.get(table.name, {"columns": list(table.fields), "rows": []})
        if not isinstance(part, dict) or not table.accepts(part.get("columns")):
            problems.add(
                0,
                table.name,
                _("the table's columns are not %(columns)s") % {"columns": ", ".join(table.fields)},
            )
            continue
        rows = part.get("rows", [])
        sizes[table.name] = len(rows)
        columns = part["columns"]
        whole = []
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != len(columns):
                problems.add(
                    number, table.name, _("a row needs %(n)d values") % {"n": len(columns)}
                )
            else:
                _check_references(table, columns, number, row, sizes, problems)
                whole.append((number, row))
        _check_values(table, columns, whole, problems)


PYTHON_TYPES: Mapping[Any, type | tuple[type, ...]] = {pl.Int64: int, pl.Boolean: bool}
"""What JSON gives for a column of each type (text for the rest, dates and times included)."""


def _check_values(
    table: Table, columns: list[str], rows: list[tuple[int, list[Any]]], problems: Problems
) -> None:
    """Each value must be of its column's type, dates and times readable ISO text; a column is
    checked at once (a million interactions), and every bad value is named."""
    for position, name in enumerate(columns):
        if name in table.references or name in table.nested:
            continue  # row numbers, checked by _check_references
        dtype = pl.String if name in table.logins else _dtype(table.model, name)
        expected = PYTHON_TYPES.get(dtype, str)
        values = [row[position] for _number, row in rows]
        wrong = [
            i
            for i, value in enumerate(values)
            if value is not None
            and (not isinstance(value, expected) or (expected is int and isinstance(value, bool)))
        ]
        parse = PARSED_FROM_TEXT.get(dtype)
        if parse is not None:
            text = pl.Series(name, values, dtype=pl.String, strict=False)
            unread = parse(text, strict=False).is_null() & text.is_not_null()
            wrong = sorted({*wrong, *unread.arg_true().to_list()})
        for i in wrong:
            shown = json.dumps(values[i], ensure_ascii=False)
            reason = _("%(field)s cannot be %(value)s") % {"field": name, "value": shown}
            problems.add(rows[i][0], table.name, reason)


def _check_references(
    table: Table,
    columns: list[str],
    number: int,
    row: list[Any],
    sizes: dict[str, int],
    problems: Problems,
) -> None:
    """Each reference must be a row number of the table it refers to (written before it)."""
    for name, value in zip(columns, row, strict=True):
        references = [(name, table.references.get(name), value)]
        if name in table.nested:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                problems.add(number, table.name, _("%(field)s must be a list") % {"field": name})
                continue
            references = [
                (f"{name}.{key}", referred, v)
                for item in value
                for key, referred in table.nested[name].items()
                for v in (item[key] if isinstance(item.get(key), list) else [item.get(key)])
            ]
        for field_name, referred, found in references:
            if referred is None or found is None:
                continue
            if not isinstance(found, int) or not 1 <= found <= sizes.get(referred, 0):
                problems.add(
                    number,
                    table.name,
                    _("%(field)s refers to row %(value)s of %(table)s, which does not exist")
                    % {"field": field_name, "value": found, "table": referred},
                )


@transaction.atomic
def network_restore(
    document: dict[str, Any], *, slug: str, progress: ProgressCallback = no_progress
) -> Network:
    """A new network ``slug`` with everything in ``document``; all or nothing."""
    network = Network(slug=slug, **{f: document["network"][f] for f in NETWORK_FIELDS})
    network.full_clean()
    network.save()
    keys: dict[str, np.ndarray] = {}
    for table in TABLES:
        part = document.get(table.name, {"columns": list(table.fields), "rows": []})
        frame = _frame(table, part["columns"], part["rows"], keys)
        if table.network_path == "network":
            frame = frame.with_columns(network=pl.lit(network.pk, dtype=pl.Int64))
        if table.referred:
            saved = table.model._default_manager.bulk_create(
                [
                    table.model(**_instance_fields(table.model, _json_parsed(table, row)))
                    for row in frame.iter_rows(named=True)
                ],
                batch_size=5_000,
            )
            keys[table.name] = np.array([0, *(obj.pk for obj in saved)], dtype=np.int64)
            progress(table.name, len(saved), len(saved))
        else:
            insert_frame(table.model, frame, progress=progress, label=table.name)
    return network


def _date(column: pl.Series | pl.Expr, *, strict: bool = True) -> Any:
    return column.str.to_date("%Y-%m-%d", strict=strict)


def _time(column: pl.Series | pl.Expr, *, strict: bool = True) -> Any:
    return column.str.to_time("%H:%M:%S%.f", strict=strict)


def _moment(column: pl.Series | pl.Expr, *, strict: bool = True) -> Any:
    return column.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", time_zone="UTC", strict=strict)


PARSED_FROM_TEXT: Mapping[Any, Callable[..., Any]] = {
    pl.Date: _date,
    pl.Time: _time,
    MOMENT: _moment,
}
"""How a column written as ISO text is read back, by its type."""


def _frame(
    table: Table, columns: list[str], rows: list[list[Any]], keys: dict[str, np.ndarray]
) -> pl.DataFrame:
    schema = {
        name: pl.String if name in table.logins else _dtype(table.model, name) for name in columns
    }
    json_columns = [i for i, name in enumerate(columns) if name in table.nested]
    if json_columns:
        # JSON goes in as its text (the database parses it), its references renumbered to keys.
        lookups = {
            i: {
                key: dict(enumerate(keys[referred].tolist()))
                for key, referred in table.nested[columns[i]].items()
            }
            for i in json_columns
        }
        rows = [list(row) for row in rows]
        for row in rows:
            for i in json_columns:
                row[i] = json.dumps(_renumbered(row[i], lookups[i]))
    frame = pl.DataFrame(
        rows,
        schema={n: (pl.String if d in PARSED_FROM_TEXT else d) for n, d in schema.items()},
        orient="row",
    )
    frame = frame.with_columns(
        PARSED_FROM_TEXT[dtype](pl.col(name))
        for name, dtype in schema.items()
        if dtype in PARSED_FROM_TEXT
    )
    for name in table.logins:
        users = get_user_model()._default_manager.filter(
            **{f"{_USER_NAME}__in": frame[name].drop_nulls().unique().to_list()}
        )
        known = dict(users.values_list(_USER_NAME, "pk"))
        frame = frame.with_columns(
            pl.col(name).replace_strict(known, default=None, return_dtype=pl.Int64)
        )
    for name, referred in table.references.items():
        numbers = frame[name]
        translated = pl.Series(name, keys[referred][numbers.fill_null(0).to_numpy()])
        frame = frame.with_columns(
            pl.when(numbers.is_null()).then(None).otherwise(translated).alias(name)
        )
    return frame


def _dtype(model: type[models.Model], name: str) -> Any:
    field = model._meta.get_field(name)
    if isinstance(field, models.ForeignKey | models.IntegerField):
        return pl.Int64
    if isinstance(field, models.DateTimeField):  # before DateField, which it extends
        return MOMENT
    if isinstance(field, models.DateField):
        return pl.Date
    if isinstance(field, models.TimeField):
        return pl.Time
    if isinstance(field, models.BooleanField):
        return pl.Boolean
    return pl.String


def _json_parsed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row for the ORM: its JSON columns as values again (the frame holds them as text for
    the bulk insert, which the database parses)."""
    return row | {name: json.loads(row[name]) for name in table.nested if name in row}


def _instance_fields(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    return {_attname(model, name): value for name, value in row.items()}
