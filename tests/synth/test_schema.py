"""The generated frames satisfy the table contract and refer to each other correctly."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import polars as pl
import pytest

from netweave.insights.tables import (
    DEFAULT_KIND_WEIGHTS,
    INTERACTION_KINDS,
    INTRODUCTION_STATUSES,
    PURPOSES,
    SCHEMAS,
    SECTORS,
    SOURCES,
    THEMES,
    NetworkTables,
    conform,
)
from netweave.synth import SynthConfig, generate


def ids_are_dense(series: pl.Series) -> bool:
    return series.to_list() == list(range(1, len(series) + 1))


def all_in(values: pl.Series, allowed: pl.Series | list) -> bool:
    return bool(values.drop_nulls().is_in(pl.Series(list(allowed)).implode()).all())


def test_every_table_conforms_to_the_contract(demo):
    for field in fields(NetworkTables):
        frame = getattr(demo.tables, field.name)
        assert frame.schema == pl.Schema(SCHEMAS[field.name]), field.name
        assert conform(field.name, frame).equals(frame), field.name
        assert frame.height > 0, field.name


def test_ids_are_dense_from_one(demo):
    tables = demo.tables
    assert ids_are_dense(tables.organisations["organisation_id"])
    assert ids_are_dense(tables.members["person_id"])
    assert ids_are_dense(tables.introductions["introduction_id"])
    assert ids_are_dense(tables.occurrences["occurrence_id"])
    assert ids_are_dense(demo.routines["routine_id"])
    assert ids_are_dense(demo.initiatives["initiative_id"])
    assert demo.people["person_id"].equals(tables.members["person_id"])
    assert demo.organisation_details["organisation_id"].equals(
        tables.organisations["organisation_id"]
    )


def test_ids_refer_to_existing_rows(demo):
    tables = demo.tables
    people = tables.members["person_id"]
    assert all_in(tables.members["organisation_id"], tables.organisations["organisation_id"])
    for frame, columns in (
        (tables.interactions, ("a", "b")),
        (tables.introductions, ("introducer_id", "a", "b")),
        (tables.attendance, ("person_id",)),
        (tables.member_themes, ("person_id",)),
        (demo.asks, ("person_id",)),
        (demo.offers, ("person_id",)),
        (demo.routines, ("steward_id",)),
        (demo.initiatives, ("owner_id",)),
    ):
        for column in columns:
            assert all_in(frame[column], people), column
    assert all_in(tables.occurrences["routine_id"], demo.routines["routine_id"])
    held = tables.occurrences.filter("held")["occurrence_id"]
    assert all_in(tables.attendance["occurrence_id"], held)
    assert all_in(demo.reflections["occurrence_id"], held)
    assert tables.attendance.is_duplicated().sum() == 0


def test_values_come_from_the_vocabularies(demo):
    tables = demo.tables
    assert all_in(tables.organisations["sector"], SECTORS)
    assert all_in(tables.interactions["kind"], INTERACTION_KINDS)
    assert all_in(tables.interactions["purpose"], PURPOSES)
    assert all_in(tables.interactions["source"], SOURCES)
    assert all_in(tables.introductions["status"], INTRODUCTION_STATUSES)
    for frame in (tables.member_themes, demo.asks, demo.offers, demo.routines):
        assert all_in(frame["theme"], THEMES)
    assert all_in(demo.initiatives["themes"].explode(), THEMES)
    assert demo.themes["slug"].to_list() == list(THEMES)
    weights = tables.interactions["kind"].replace_strict(dict(DEFAULT_KIND_WEIGHTS))
    assert (tables.interactions["weight"] == weights).all()
    sectors = tables.members.join(
        tables.organisations, on="organisation_id", suffix="_of_organisation"
    )
    assert (sectors["sector"] == sectors["sector_of_organisation"]).all()


def test_dates_lie_in_the_window(demo):
    until = demo.config.until
    start = until - timedelta(days=3 * 365)
    for frame, column in (
        (demo.tables.interactions, "on"),
        (demo.tables.occurrences, "on"),
        (demo.tables.introductions, "suggested_on"),
        (demo.tables.introductions, "met_on"),
        (demo.asks, "created_on"),
        (demo.asks, "closed_on"),
        (demo.initiatives, "partner_found_on"),
    ):
        values = frame[column].drop_nulls()
        assert values.min() >= start, column
        assert values.max() <= until, column
    for frame in (demo.asks, demo.offers):
        closed = frame.filter(pl.col("closed_on").is_not_null())
        assert (closed["closed_on"] >= closed["created_on"]).all()


def test_people_have_unique_reserved_emails_and_roles(demo):
    people = demo.people
    assert people["email"].is_unique().all()
    assert people["email"].str.contains(r"^[a-z0-9.'-]+\.\d+@[a-z0-9-]+\.example$").all()
    roles = people["role"].value_counts()
    counts = dict(zip(roles["role"], roles["count"], strict=True))
    assert 1 <= counts["steward"] <= 3
    assert 1 <= counts["sponsor"] <= 2
    assert (people["language"] == "nl").mean() >= 0.75
    assert people["language"].is_in(["nl", "en"]).all()
    assert demo.organisation_details["slug"].is_unique().all()
    assert demo.tables.organisations["name"].is_unique().all()


def test_texts_are_in_the_writers_language(demo):
    language = demo.people.select("person_id", pl.col("language").alias("person_language"))
    for frame in (demo.asks, demo.offers):
        joined = frame.join(language, on="person_id")
        assert (joined["language"] == joined["person_language"]).all()
        assert (frame["text"].str.len_chars() > 20).all()
        dutch = frame.filter(pl.col("language") == "nl")["text"]
        assert dutch.str.contains(r"\b(we|ik|voor|met|naar|over|bij|wie|een)\b").mean() > 0.9
    assert demo.asks.height >= 80
    assert demo.offers.height >= 100
    assert (demo.reflections["text"].str.len_chars() > 60).all()


def test_charter_in_english_and_dutch(demo):
    for charter, language in ((demo.charter, "en"), (demo.charter_nl, "nl")):
        assert charter.language == language
        assert demo.name in charter.purpose
        assert len(charter.values) == 4
        assert len(charter.rules) == 5
    assert demo.charter.purpose != demo.charter_nl.purpose
    assert demo.slug == demo.slug.lower()
    assert " " not in demo.slug


def test_default_organisation_count():
    assert SynthConfig(members=150, until=date(2026, 1, 1)).organisation_count == 40


@pytest.mark.parametrize(("members", "years"), [(20, 1), (40, 2), (60, 3), (150, 5)])
def test_small_and_odd_sizes_work(members, years):
    network = generate(SynthConfig(members=members, years=years, until=date(2026, 1, 1), seed=3))
    assert network.tables.members.height == members
    assert network.tables.interactions.height > 0
    assert network.routines.height >= 3


def test_bad_configs_are_refused():
    with pytest.raises(ValueError, match="members"):
        SynthConfig(members=5, until=date(2026, 1, 1))
    with pytest.raises(ValueError, match="years"):
        SynthConfig(members=50, years=0, until=date(2026, 1, 1))
