"""Bridging: warm ties across sectors/organisations, sector matrix, golden triangle by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from insights_helpers import interaction_rows, members_frame

from netweave.insights import NetworkTables, Period, bridging, tie_graph, warmth

YEAR = Period.year(2025)


@pytest.fixture
def tables() -> NetworkTables:
    people = {
        1: (1, "knowledge"),
        2: (2, "business"),
        3: (3, "government"),
        4: (1, "knowledge"),
        5: (2, "business"),
        6: (4, "civil_society"),
    }
    recent = date(2025, 12, 1)
    rows = [
        {"a": a, "b": b, "on": recent} for a, b in [(1, 2), (2, 3), (1, 3), (4, 5), (3, 4), (1, 4)]
    ]
    rows.append({"a": 5, "b": 6, "on": date(2025, 1, 1), "weight": 0.5})  # cooling by December
    themes = pl.DataFrame(
        [
            {"person_id": p, "theme": t}
            for t, people_ in {
                "energy_transition": [1, 2, 3],
                "care": [4, 5, 6],
                "housing": [2, 3, 4],
            }.items()
            for p in people_
        ]
    )
    return NetworkTables.build(
        members=members_frame(people), interactions=interaction_rows(rows), member_themes=themes
    )


def test_shares_of_warm_ties(tables):
    result = bridging(tables, tie_graph(tables, YEAR), warmth(tables, YEAR.end))
    assert result.warm_ties == 6  # (5, 6) is cooling
    assert result.cross_sector_share == pytest.approx(5 / 6)  # (1, 4) is knowledge–knowledge
    assert result.cross_organisation_share == pytest.approx(5 / 6)  # (1, 4) share org 1


def test_sector_matrix(tables):
    result = bridging(tables, tie_graph(tables, YEAR), warmth(tables, YEAR.end))
    matrix = {(r["sector_a"], r["sector_b"]): r["ties"] for r in result.sector_matrix.to_dicts()}
    assert matrix == {
        ("business", "knowledge"): 2,
        ("business", "government"): 1,
        ("government", "knowledge"): 2,
        ("business", "civil_society"): 1,
        ("knowledge", "knowledge"): 1,
    }
    weights = result.sector_matrix.filter(pl.col("sector_b") == "civil_society")["weight"]
    assert weights.to_list() == [0.5]


def test_golden_triangle(tables):
    result = bridging(tables, tie_graph(tables, YEAR), warmth(tables, YEAR.end))
    rows = {r["theme"]: r for r in result.golden_triangle.to_dicts()}
    energy = rows["energy_transition"]
    assert (energy["knowledge"], energy["business"], energy["government"]) == (1, 1, 1)
    assert energy["present"] and energy["connected"]
    assert (energy["knowledge_business"], energy["knowledge_government"]) == (1, 1)
    assert energy["business_government"] == 1
    care = rows["care"]  # no government member holds it
    assert (care["knowledge"], care["business"], care["government"]) == (1, 1, 0)
    assert not care["present"] and not care["connected"]
    assert care["knowledge_business"] == 1
    housing = rows["housing"]  # all three present, but business–knowledge has no tie
    assert housing["present"] and not housing["connected"]
    assert (housing["knowledge_business"], housing["knowledge_government"]) == (0, 1)
    assert housing["business_government"] == 1
    assert (result.themes_present, result.themes_connected) == (2, 1)
