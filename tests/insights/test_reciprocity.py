"""Given / received / balance: hand-worked from balance = given / (given + received)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from insights_helpers import interaction_rows, members_frame

from netweave.insights import MetricSettings, NetworkTables, Period, reciprocity

YEAR = Period.year(2025)


def help_(giver: int, beneficiary: int, on: date = date(2025, 5, 1)) -> dict[str, object]:
    return {"a": giver, "b": beneficiary, "kind": "help", "directed": True, "weight": 2.0, "on": on}


@pytest.fixture
def tables() -> NetworkTables:
    # Member 1 (org 1) helps 9 members: 2 (own org 1), 3 and 4 (org 2), 5 and 6 (org 3),
    # 7 (org 4), 8 (org 5), 9 (org 6), 10 (org 7); member 3 four more times: 14 in total.
    people = {1: (1, "business"), 2: (1, "business"), 3: (2, "knowledge"), 4: (2, "knowledge")}
    people |= {5: (3, "government"), 6: (3, "government"), 7: (4, "business")}
    people |= {8: (5, "business"), 9: (6, "knowledge"), 10: (7, "citizens")}
    rows = [help_(1, b) for b in range(2, 11)] + [help_(1, 3)] * 5
    rows += [help_(3, 1), help_(3, 1)]  # member 3 helps back twice
    rows += [{"a": 1, "b": 4}]  # a meeting: not directed, not counted
    rows += [help_(4, 1, date(2024, 12, 31))]  # outside the period
    return NetworkTables.build(members=members_frame(people), interactions=interaction_rows(rows))


def member(result, person_id: int) -> dict[str, object]:
    return result.members.filter(pl.col("person_id") == person_id).row(0, named=True)


def test_the_report_sentence(tables):
    one = member(reciprocity(tables, YEAR), 1)
    # "Gave help 14 times to 9 members of 6 other organisations."
    assert (one["given"], one["beneficiaries"], one["beneficiary_organisations"]) == (14, 9, 6)
    assert one["given_weight"] == 28.0
    assert one["received"] == 2
    assert one["balance"] == pytest.approx(14 / 16)
    assert one["imbalanced"]  # 16 ≥ 10 and 0.875 > 0.75


def test_balance_needs_volume_before_it_is_flagged(tables):
    result = reciprocity(tables, YEAR)
    three = member(result, 3)
    assert (three["given"], three["received"]) == (2, 6)
    assert three["balance"] == pytest.approx(2 / 8)
    assert not three["imbalanced"]  # 0.25 is not < 0.25, and 8 < 10 anyway
    four = member(result, 4)
    assert (four["given"], four["received"], four["balance"]) == (0, 1, 0.0)
    assert not four["imbalanced"]
    low = reciprocity(tables, YEAR, MetricSettings(imbalance_min_volume=1))
    assert member(low, 4)["imbalanced"]
    assert result.imbalanced_members == 1
    assert result.directed_interactions == 16


def test_members_without_directed_interactions_have_a_null_balance():
    tables = NetworkTables.build(members=members_frame({1: (1, "business")}))
    result = reciprocity(tables, YEAR)
    row = member(result, 1)
    assert (row["given"], row["received"], row["balance"]) == (0, 0, None)


def test_organisations_count_only_help_across_organisations(tables):
    result = reciprocity(tables, YEAR)
    org = result.organisations.filter(pl.col("organisation_id") == 1).row(0, named=True)
    # 14 given minus 1 to member 2 of the same organisation; 2 received from member 3.
    assert (org["given"], org["received"]) == (13, 2)
    assert (org["beneficiaries"], org["beneficiary_organisations"]) == (8, 6)
    assert org["balance"] == pytest.approx(13 / 15)
    assert org["imbalanced"]
    two = result.organisations.filter(pl.col("organisation_id") == 2).row(0, named=True)
    assert (two["given"], two["received"]) == (2, 7)
    assert not two["imbalanced"]  # 9 < 10
