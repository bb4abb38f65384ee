"""The columnar tables that flow into :mod:`netweave.insights`.

This module is the contract between three parts of netweave that never import each other:
the synthetic generator (:mod:`netweave.synth`) writes these tables, the Django selectors
(``netweave.reports.selectors``) read them out of the database, and every metric in
``netweave.insights`` takes them as input. Column names and dtypes are fixed here, once.

Ids are the database primary keys (or, for generated data, dense integers from 1).
Dates are :class:`datetime.date` (Polars ``Date``); a tie's age is measured in days.

Tables
------
``organisations``
    ``organisation_id`` Int64, ``name`` String, ``sector`` String (one of :data:`SECTORS`).
``members``
    ``person_id`` Int64, ``organisation_id`` Int64, ``sector`` String (the organisation's),
    ``joined`` Date, ``left`` Date (null while still a member).
``member_themes``
    ``person_id`` Int64, ``theme`` String (a theme slug, see :data:`THEMES`).
``interactions``
    One row per pair that interacted. ``a`` Int64 and ``b`` Int64 are person ids (a != b);
    ``on`` Date; ``kind`` String (one of :data:`INTERACTION_KINDS`); ``directed`` Boolean —
    when true, ``a`` gave and ``b`` received (help, an introduction made, hosting);
    ``purpose`` String (one of :data:`PURPOSES`); ``source`` String (one of :data:`SOURCES`);
    ``weight`` Float64 (> 0; see :data:`DEFAULT_KIND_WEIGHTS`).
``introductions``
    ``introduction_id`` Int64, ``introducer_id`` Int64, ``a`` Int64, ``b`` Int64,
    ``suggested_on`` Date, ``status`` String (one of :data:`INTRODUCTION_STATUSES`),
    ``met_on`` Date (null until the two met).
``occurrences``
    ``occurrence_id`` Int64, ``routine_id`` Int64, ``on`` Date, ``held`` Boolean
    (false: planned but cancelled or skipped).
``attendance``
    ``occurrence_id`` Int64, ``person_id`` Int64.
``asks`` and ``offers``
    ``ask_id`` (or ``offer_id``) Int64, ``person_id`` Int64, ``theme`` String (a slug, null
    when none), ``language`` String (``"nl"`` or ``"en"``), ``text`` String, ``created_on``
    Date, ``closed_on`` Date (null while open). Optional: a network that keeps no asks or
    offers hands in empty tables.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

import polars as pl

SECTORS: tuple[str, ...] = ("knowledge", "business", "government", "civil_society", "citizens")
"""Sectors of an organisation. The first three form the *golden triangle*."""

GOLDEN_TRIANGLE: tuple[str, ...] = ("knowledge", "business", "government")

INTERACTION_KINDS: tuple[str, ...] = ("meeting", "introduction", "help", "joint_work", "event")
PURPOSES: tuple[str, ...] = ("network", "outside")
"""``network``: building the network itself; ``outside``: serving the world outside it."""
SOURCES: tuple[str, ...] = ("logged", "imported", "routine")
INTRODUCTION_STATUSES: tuple[str, ...] = (
    "suggested",
    "accepted",
    "declined",
    "met",
    "followed_up",
    "sent",  # last: the generator draws statuses by position
)

DEFAULT_KIND_WEIGHTS: Mapping[str, float] = {
    "meeting": 1.0,
    "introduction": 1.0,
    "help": 2.0,
    "joint_work": 3.0,
    "event": 0.5,
}
"""Weight an interaction of each kind adds to a tie's warmth before decay."""

THEMES: tuple[str, ...] = (
    "care",
    "mobility",
    "energy_transition",
    "housing",
    "education",
    "digitalisation",
    "labour_market",
    "food",
    "circular_economy",
    "safety",
    "culture",
    "climate_adaptation",
)

SCHEMAS: Mapping[str, Mapping[str, pl.DataType | type[pl.DataType]]] = {
    "organisations": {"organisation_id": pl.Int64, "name": pl.String, "sector": pl.String},
    "members": {
        "person_id": pl.Int64,
        "organisation_id": pl.Int64,
        "sector": pl.String,
        "joined": pl.Date,
        "left": pl.Date,
    },
    "member_themes": {"person_id": pl.Int64, "theme": pl.String},
    "interactions": {
        "a": pl.Int64,
        "b": pl.Int64,
        "on": pl.Date,
        "kind": pl.String,
        "directed": pl.Boolean,
        "purpose": pl.String,
        "source": pl.String,
        "weight": pl.Float64,
    },
    "introductions": {
        "introduction_id": pl.Int64,
        "introducer_id": pl.Int64,
        "a": pl.Int64,
        "b": pl.Int64,
        "suggested_on": pl.Date,
        "status": pl.String,
        "met_on": pl.Date,
    },
    "occurrences": {
        "occurrence_id": pl.Int64,
        "routine_id": pl.Int64,
        "on": pl.Date,
        "held": pl.Boolean,
    },
    "attendance": {"occurrence_id": pl.Int64, "person_id": pl.Int64},
    "asks": {
        "ask_id": pl.Int64,
        "person_id": pl.Int64,
        "theme": pl.String,
        "language": pl.String,
        "text": pl.String,
        "created_on": pl.Date,
        "closed_on": pl.Date,
    },
    "offers": {
        "offer_id": pl.Int64,
        "person_id": pl.Int64,
        "theme": pl.String,
        "language": pl.String,
        "text": pl.String,
        "created_on": pl.Date,
        "closed_on": pl.Date,
    },
}


class TableSchemaError(ValueError):
    """A table handed to insights lacks a column or has one of the wrong type."""


def empty(name: str) -> pl.DataFrame:
    """An empty table with the schema of ``name``."""
    # A copy of one made once: building a frame from a schema costs more than copying it, and
    # a page computing one person's ties builds seven empty tables each time.
    return _empty(name).clone()


@functools.cache
def _empty(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(SCHEMAS[name]))


def conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Return ``frame`` with exactly the columns of table ``name``, cast to their dtypes.

    Extra columns are dropped; a missing column raises :class:`TableSchemaError` naming it.
    """
    schema = SCHEMAS[name]
    missing = [column for column in schema if column not in frame.columns]
    if missing:
        raise TableSchemaError(f"table {name!r} lacks column(s): {', '.join(missing)}")
    return frame.select(pl.col(column).cast(dtype) for column, dtype in schema.items())


@dataclass(frozen=True)
class NetworkTables:
    """Everything insights needs about one network, as Polars frames (see module docstring)."""

    organisations: pl.DataFrame
    members: pl.DataFrame
    interactions: pl.DataFrame
    member_themes: pl.DataFrame
    introductions: pl.DataFrame
    occurrences: pl.DataFrame
    attendance: pl.DataFrame
    # Defaults so that code written before asks and offers joined the contract still builds.
    asks: pl.DataFrame = dataclasses.field(default_factory=lambda: empty("asks"))
    offers: pl.DataFrame = dataclasses.field(default_factory=lambda: empty("offers"))

    @classmethod
    def build(cls, **frames: pl.DataFrame) -> NetworkTables:
        """Conform each given frame to its schema; tables not given are empty."""
        unknown = set(frames) - set(SCHEMAS)
        if unknown:
            raise TableSchemaError(f"unknown table(s): {', '.join(sorted(unknown))}")
        return cls(
            **{
                field.name: conform(field.name, frames[field.name])
                if field.name in frames
                else empty(field.name)
                for field in fields(cls)
            }
        )

    def write_parquet(self, folder: Path) -> None:
        """Write each table to ``folder/<name>.parquet``."""
        folder.mkdir(parents=True, exist_ok=True)
        for field in fields(self):
            getattr(self, field.name).write_parquet(folder / f"{field.name}.parquet")

    @classmethod
    def read_parquet(cls, folder: Path) -> NetworkTables:
        """Read the tables written by :meth:`write_parquet` (a missing file: an empty table)."""
        frames = {
            f.name: pl.read_parquet(folder / f"{f.name}.parquet")
            for f in fields(cls)
            if (folder / f"{f.name}.parquet").exists()
        }
        return cls.build(**frames)
