from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from netweave.interop.synthetic import network_load_synthetic
from netweave.introductions.models import Introduction, Outcome, Status
from netweave.ledger.models import Ask, Interaction, Offer
from netweave.networks.models import Network, Organisation, Person
from netweave.routines.models import Attendance, Occurrence, Reflection, Routine

pytestmark = pytest.mark.django_db


def test_every_generated_row_lands_in_the_database(small_synthetic):
    tables = small_synthetic.tables
    network = network_load_synthetic(synthetic=small_synthetic, slug="loaded")

    assert Organisation.objects.filter(network=network).count() == tables.organisations.height
    assert Person.objects.filter(network=network).count() == tables.members.height
    assert Interaction.objects.filter(network=network).count() == tables.interactions.height
    assert Routine.objects.filter(network=network).count() == small_synthetic.routines.height
    assert Occurrence.objects.filter(routine__network=network).count() == tables.occurrences.height
    assert (
        Attendance.objects.filter(occurrence__routine__network=network).count()
        == tables.attendance.height
    )
    assert Introduction.objects.filter(network=network).count() == tables.introductions.height
    assert Ask.objects.filter(network=network).count() == small_synthetic.asks.height
    assert Offer.objects.filter(network=network).count() == small_synthetic.offers.height


def test_followed_up_introductions_arrive_with_what_came_of_them(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="outcomes")
    introductions = Introduction.objects.filter(network=network)
    followed = introductions.filter(status=Status.FOLLOWED_UP)
    assert followed.count() == small_synthetic.introduction_outcomes.height > 0
    assert not followed.filter(outcome="").exists()
    assert not followed.filter(outcome_on__isnull=True).exists()
    assert set(followed.values_list("outcome", flat=True)) <= set(Outcome.values)
    assert not introductions.exclude(status=Status.FOLLOWED_UP).exclude(outcome="")


def test_references_are_translated_to_the_right_people(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="refs")
    first = small_synthetic.tables.interactions.row(0, named=True)
    people = small_synthetic.people
    name_of = dict(zip(people["person_id"], people["email"], strict=True))

    stored = Interaction.objects.filter(network=network, occurred_on=first["on"]).select_related(
        "person_a", "person_b"
    )
    pairs = {(i.person_a.email, i.person_b.email, i.kind) for i in stored}
    assert (name_of[first["a"]], name_of[first["b"]], first["kind"]) in pairs


def test_a_crash_halfway_leaves_the_database_as_it_was(small_synthetic):
    """The last interaction breaks a check constraint, after everything else was inserted."""
    network_load_synthetic(synthetic=small_synthetic, slug="kept")
    before = (Network.objects.count(), Person.objects.count(), Interaction.objects.count())
    interactions = small_synthetic.tables.interactions
    broken_tables = replace(
        small_synthetic.tables,
        interactions=interactions.with_columns(
            pl.when(pl.int_range(pl.len()) == pl.len() - 1)
            .then(pl.lit("gossip"))
            .otherwise(pl.col("kind"))
            .alias("kind")
        ),
    )

    with pytest.raises(IntegrityError):
        network_load_synthetic(synthetic=replace(small_synthetic, tables=broken_tables), slug="new")

    after = (Network.objects.count(), Person.objects.count(), Interaction.objects.count())
    assert after == before
    assert not Network.objects.filter(slug="new").exists()


def test_a_taken_slug_is_refused_before_anything_is_written(small_synthetic):
    network_load_synthetic(synthetic=small_synthetic, slug="taken")
    people = Person.objects.count()

    with pytest.raises(ValidationError, match="slug"):
        network_load_synthetic(synthetic=small_synthetic, slug="taken")

    assert Person.objects.count() == people


def test_every_column_round_trips(small_synthetic):
    """The bulk path writes the same values the model path did: types, NULLs, empty texts."""
    tables = small_synthetic.tables
    network = network_load_synthetic(synthetic=small_synthetic, slug="columns")

    stored = Interaction.objects.filter(network=network)
    expected = tables.interactions.group_by("kind", "directed", "purpose", "source").len()
    counts = {
        (row["kind"], row["directed"], row["purpose"], row["source"]): row["len"]
        for row in expected.iter_rows(named=True)
    }
    for key, count in counts.items():
        kind, directed, purpose, source = key
        assert (
            stored.filter(kind=kind, directed=directed, purpose=purpose, source=source).count()
            == count
        )
    assert not stored.exclude(note="").exists()
    assert not stored.exclude(import_key="").exists()
    assert not stored.filter(occurrence__isnull=False).exists()
    first, last = tables.interactions["on"].min(), tables.interactions["on"].max()
    assert stored.order_by("occurred_on").first().occurred_on == first
    assert stored.order_by("occurred_on").last().occurred_on == last

    introductions = Introduction.objects.filter(network=network)
    assert introductions.filter(met_on__isnull=True).count() == (
        tables.introductions["met_on"].null_count()
    )
    assert not introductions.exclude(reason="").exists()
    asks = Ask.objects.filter(network=network)
    assert (
        asks.filter(closed_on__isnull=True).count()
        == small_synthetic.asks["closed_on"].null_count()
    )
    theme_slugs = set(small_synthetic.themes["slug"])
    with_theme = small_synthetic.asks.filter(pl.col("theme").is_in(list(theme_slugs))).height
    assert asks.filter(theme__isnull=False).count() == with_theme
    assert Person.themes.through.objects.filter(person__network=network).count() == (
        tables.member_themes.height
    )


def test_text_with_separators_and_quotes_survives(small_synthetic):
    awkward = 'a, "quoted" text\nover two lines \\N, and a tab\t'
    reflections = small_synthetic.reflections.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit(awkward))
        .otherwise(pl.col("text"))
        .alias("text")
    )
    network = network_load_synthetic(
        synthetic=replace(small_synthetic, reflections=reflections), slug="awkward"
    )

    texts = set(
        Reflection.objects.filter(occurrence__routine__network=network).values_list(
            "text", flat=True
        )
    )
    assert awkward in texts
    assert len(texts) == reflections["text"].n_unique()


def test_progress_reaches_the_total_of_each_big_table(small_synthetic):
    reports: dict[str, list[tuple[int, int]]] = {}
    network_load_synthetic(
        synthetic=small_synthetic,
        slug="progress",
        progress=lambda stage, done, total: reports.setdefault(stage, []).append((done, total)),
    )

    total = small_synthetic.tables.interactions.height
    assert reports["interactions"][-1] == (total, total)
    assert [done for done, _ in reports["interactions"]] == sorted(
        done for done, _ in reports["interactions"]
    )
    attendance = small_synthetic.tables.attendance.height
    assert reports["attendance"][-1] == (attendance, attendance)
