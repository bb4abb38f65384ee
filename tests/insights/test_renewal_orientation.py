"""Renewal (new / kept / lapsed) and orientation (network share), worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from insights_helpers import interaction_rows, members_frame

from netweave.insights import NetworkTables, Period, orientation, renewal

YEAR = Period.year(2025)


def test_new_kept_lapsed():
    rows = [
        {"a": 1, "b": 2, "on": date(2024, 3, 1)},
        {"a": 2, "b": 3, "on": date(2024, 6, 1)},
        {"a": 3, "b": 4, "on": date(2024, 12, 31)},
        {"a": 5, "b": 6, "on": date(2023, 12, 31)},  # two periods back: ignored
        {"a": 2, "b": 1, "on": date(2025, 1, 1)},  # kept (pair is unordered)
        {"a": 1, "b": 3, "on": date(2025, 2, 1)},
        {"a": 1, "b": 3, "on": date(2025, 3, 1)},
        {"a": 4, "b": 5, "on": date(2025, 12, 31)},
    ]
    result = renewal(NetworkTables.build(interactions=interaction_rows(rows)), YEAR)
    assert (result.new, result.kept, result.lapsed) == (2, 1, 2)
    assert result.renewal_rate == pytest.approx(2 / 3)
    per = {r["person_id"]: (r["new"], r["kept"], r["lapsed"]) for r in result.members.to_dicts()}
    assert per == {1: (1, 1, 0), 2: (0, 1, 1), 3: (1, 0, 2), 4: (1, 0, 1), 5: (1, 0, 0)}


def test_orientation_shares():
    people = {1: (10, "business"), 2: (10, "business"), 3: (20, "government")}
    rows = [
        {"a": 1, "b": 2, "purpose": "network", "weight": 2.0},
        {"a": 1, "b": 3, "purpose": "outside", "weight": 1.0},
        {"a": 2, "b": 3, "purpose": "outside", "weight": 3.0, "kind": "joint_work"},
        {"a": 2, "b": 3, "purpose": "network", "weight": 9.0, "on": date(2024, 1, 1)},
    ]
    tables = NetworkTables.build(members=members_frame(people), interactions=interaction_rows(rows))
    result = orientation(tables, YEAR)
    assert (result.network_weight, result.outside_weight) == (2.0, 4.0)
    assert result.network_share == pytest.approx(2 / 6)
    members = {r["person_id"]: r["network_share"] for r in result.members.to_dicts()}
    assert members == pytest.approx({1: 2 / 3, 2: 2 / 5, 3: 0.0})
    orgs = result.organisations.sort("organisation_id").to_dicts()
    # Organisation 10 took part in all three (the 1–2 meeting once), 20 in the two outside ones.
    assert (orgs[0]["network_weight"], orgs[0]["outside_weight"]) == (2.0, 4.0)
    assert (orgs[1]["network_weight"], orgs[1]["outside_weight"]) == (0.0, 4.0)


def test_orientation_of_an_empty_network():
    result = orientation(NetworkTables.build(), YEAR)
    assert result.network_share == 0.0
    assert result.members.height == 0
    assert result.members.columns == [
        "person_id",
        "network_weight",
        "outside_weight",
        "network_share",
    ]
    assert isinstance(result.organisations, pl.DataFrame)
