"""Generated tables → database → `network_tables` gives back the same network, up to ids."""

from __future__ import annotations

import polars as pl
import pytest

from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Person
from netweave.reports.selectors import network_tables

pytestmark = pytest.mark.django_db


def _by_email(frame: pl.DataFrame, emails: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Replace person-id columns by e-mail addresses, which survive the trip unchanged."""
    for column in columns:
        frame = frame.join(
            emails.rename({"person_id": column, "email": f"{column}_email"}), on=column
        ).drop(column)
    return frame


def test_interactions_survive_the_round_trip(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="round-trip")
    read = network_tables(network)

    generated_emails = small_synthetic.people.select("person_id", "email")
    stored_emails = pl.DataFrame(
        list(Person.objects.filter(network=network).values_list("pk", "email")),
        schema={"person_id": pl.Int64, "email": pl.String},
        orient="row",
    )
    columns = ["on", "kind", "directed", "purpose", "source", "weight"]
    expected = _by_email(small_synthetic.tables.interactions, generated_emails, ["a", "b"])
    actual = _by_email(read.interactions, stored_emails, ["a", "b"])
    order = ["a_email", "b_email", *columns]

    assert actual.height == expected.height
    assert actual.sort(order).select(order).equals(expected.sort(order).select(order))


def test_members_keep_their_organisation_sector_and_dates(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="members-trip")
    read = network_tables(network)
    generated = small_synthetic.tables.members

    assert read.members.height == generated.height
    assert (
        read.members["sector"]
        .value_counts()
        .sort("sector")
        .equals(generated["sector"].value_counts().sort("sector"))
    )
    assert read.members["joined"].sort().equals(generated["joined"].sort())
    assert read.member_themes.height == small_synthetic.tables.member_themes.height
    assert read.attendance.height == small_synthetic.tables.attendance.height
