"""Interactions from a table: one row per pair of people who did something together on a day.

The hot path (a million rows): every check is a column expression, people are matched by
e-mail or unique full name with one join, and the rows go to the database through
:func:`bulk.insert_frame`.

Importing the same file again adds nothing: each row gets an ``import_key``, the file's own id
column (``Kenmerk``/``id``) when it has one (an id that netweave's export wrote is used as it
is, so an export imports into its own network as nothing new), otherwise a digest of the row's
content with the number of identical rows before it (two identical meetings on one day stay two
rows, and stay two on the next import). Rows whose key the network already has are skipped.

``Van`` gave and ``Naar`` received when the interaction is directed; without a ``Gericht``
column, help and introductions are directed and the other kinds are not (as the app logs them).
"""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl
from django.utils.translation import gettext as _

from netweave.interop.bulk import insert_frame
from netweave.interop.importing import values
from netweave.interop.importing.columns import BOOLEANS, KINDS, PURPOSES
from netweave.interop.importing.outcome import Tally
from netweave.interop.importing.problems import Problems
from netweave.interop.importing.source import Sheet
from netweave.ledger.models import Interaction, Kind, Purpose, Source
from netweave.networks.models import Network, Person
from netweave.progress import ProgressCallback

DIRECTED_KINDS = (Kind.HELP.value, Kind.INTRODUCTION.value)
NETWEAVE_KEY = r"^(row|id|ical|netweave):"


def people_keys(network: Network) -> pl.DataFrame:
    """[key, person, holders] of every member: their e-mail address and their full name
    ("first last"), both normalised as :func:`values.normalised` does; ``holders`` is how many
    members share the key (two members may share a name, rarely an address)."""
    rows = Person.objects.filter(network=network).values_list(
        "email", "first_name", "last_name", "pk"
    )
    people = pl.DataFrame(
        [(email, f"{first} {last}", pk) for email, first, last, pk in rows],
        schema={"email": pl.String, "name": pl.String, "person": pl.Int64},
        orient="row",
    )
    keys = pl.concat(
        [
            people.select(key=values.normalised(people["email"]), person="person"),
            people.select(key=values.normalised(people["name"]), person="person"),
        ]
    ).filter(pl.col("key") != "")
    return keys.with_columns(holders=pl.len().over("key"))


def match_people(
    frame: pl.DataFrame, header: str, people: pl.DataFrame, problems: Problems
) -> pl.Series:
    """The person of each row's cell in column ``header``: an e-mail address, or a full name
    that only one member has (spreadsheets kept by hand name people; a shared name is a
    problem, never a guess). A problem for an unknown or shared one."""
    keys = values.normalised(values.required(frame, header, problems))
    matched = pl.DataFrame({"key": keys}).join(
        people.unique("key"), on="key", how="left", maintain_order="left"
    )
    unknown = (keys != "") & matched["person"].is_null()
    address = keys.str.contains("@")
    values.report(
        frame,
        unknown & address,
        header,
        _("no member of this network has the e-mail address '%(value)s'"),
        problems,
    )
    values.report(
        frame,
        unknown & ~address,
        header,
        _("'%(value)s' is neither the name nor the e-mail address of a member of this network"),
        problems,
    )
    values.report(
        frame,
        (matched["holders"] > 1).fill_null(False),
        header,
        _("more than one member is called '%(value)s': use their e-mail address"),
        problems,
    )
    return matched["person"]


def import_interactions(
    network: Network,
    sheet: Sheet,
    fields: dict[str, str],
    problems: Problems,
    tally: Tally,
    today: date,
    progress: ProgressCallback,
) -> None:
    frame = sheet.frame
    progress("checking", 0, frame.height)
    people = people_keys(network)
    person_a = match_people(frame, fields["from"], people, problems)
    person_b = match_people(frame, fields["to"], people, problems)
    same = (person_a == person_b).fill_null(False)
    values.report(frame, same, fields["to"], _("is the same person as in 'from'"), problems)
    kind = values.choices(frame, fields["kind"], KINDS, problems)
    default_purpose = Purpose.NETWORK.value
    purpose = values.choices(
        frame, fields.get("purpose"), PURPOSES, problems, default=default_purpose
    )
    directed_cells = values.choices(frame, fields.get("directed"), BOOLEANS, problems, default="")
    occurred_on = values.dates(frame, fields["date"], problems)
    _check_days(frame, fields["date"], occurred_on, today, problems)
    rows = pl.DataFrame(
        {
            "network": pl.Series([network.pk] * frame.height, dtype=pl.Int64),
            "occurred_on": occurred_on,
            "kind": kind,
            "person_a": person_a,
            "person_b": person_b,
            "directed": pl.select(
                pl.when(directed_cells == "")
                .then(kind.is_in(DIRECTED_KINDS))
                .otherwise(directed_cells == "true")
                .alias("directed")
            )["directed"],
            "purpose": purpose,
            "source": pl.Series([Source.IMPORTED.value] * frame.height, dtype=pl.String),
            "note": values.cells(frame, fields.get("note")),
        }
    )
    keys = _import_keys(frame, rows, fields.get("id"), problems)
    progress("checking", frame.height, frame.height)
    problems.raise_if_any()
    rows = rows.with_columns(import_key=keys)
    existing = _existing_keys(network)
    new = rows.join(existing, on="import_key", how="anti", maintain_order="left")
    tally.unchanged["interactions"] += rows.height - new.height
    insert_frame(Interaction, new, progress=progress, label="interactions")
    tally.created["interactions"] += new.height


EARLIEST = date(1900, 1, 1)
"""No interaction of a network is older: an earlier date is a typing slip (0026 for 2026)."""


def _check_days(
    frame: pl.DataFrame, header: str, days: pl.Series, today: date, problems: Problems
) -> None:
    """An interaction happened: not after ``today``, nor before :data:`EARLIEST`."""
    later = (days > today).fill_null(False)
    values.report(frame, later, header, _("'%(value)s' is in the future"), problems)
    earlier = (days < EARLIEST).fill_null(False)
    values.report(frame, earlier, header, _("'%(value)s' is before 1900"), problems)


def _import_keys(
    frame: pl.DataFrame, rows: pl.DataFrame, id_header: str | None, problems: Problems
) -> pl.Series:
    if id_header is not None:
        ids = values.required(frame, id_header, problems)
        values.report(
            frame,
            ids.is_duplicated() & (ids != ""),
            id_header,
            _("'%(value)s' is the id of another row too"),
            problems,
        )
        # An id netweave wrote itself (an export's ``id`` column) is that row's key already.
        return (
            pl.select(pl.when(ids.str.contains(NETWEAVE_KEY)).then(ids).otherwise("id:" + ids))
            .to_series()
            .alias("import_key")
        )
    content = rows.select(
        pl.concat_str(
            [
                pl.col("occurred_on").cast(pl.String),
                pl.col("kind"),
                pl.col("person_a").cast(pl.String),
                pl.col("person_b").cast(pl.String),
                pl.col("directed").cast(pl.String),
                pl.col("purpose"),
                pl.col("note"),
            ],
            separator="\x1f",
            ignore_nulls=True,
        ).alias("content")
    )["content"]
    # A stable digest (Polars' own hash may change between versions; keys must not).
    digests = pl.DataFrame(
        {"digest": [hashlib.sha1(text.encode()).hexdigest() for text in content.to_list()]},  # noqa: S324 - an identity, not security
        schema={"digest": pl.String},
    )
    return digests.select(
        pl.concat_str(
            pl.lit("row:"),
            "digest",
            pl.lit("#"),
            pl.int_range(pl.len()).over("digest").cast(pl.String),
        ).alias("import_key")
    )["import_key"]


def _existing_keys(network: Network) -> pl.DataFrame:
    """The key of every interaction of the network; ``netweave:<pk>`` for one logged in the app
    (what an export writes as its id)."""
    rows = Interaction.objects.filter(network=network).values_list("pk", "import_key")
    return pl.DataFrame(
        {"import_key": [key or f"netweave:{pk}" for pk, key in rows]},
        schema={"import_key": pl.String},
    )
