"""Hypothesis properties of the whole analysis: relabelling ids changes no aggregate."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from insights_helpers import interaction_rows, members_frame

from netweave.insights import NetworkTables, Period, TieGraph, analyse, build_tie_graph
from netweave.insights.cohesion import canonical_order
from netweave.insights.tables import INTERACTION_KINDS, SECTORS

YEAR = Period.year(2025)

interaction = st.fixed_dictionaries(
    {
        "a": st.integers(1, 8),
        "b": st.integers(1, 8),
        "on": st.dates(date(2023, 6, 1), date(2025, 12, 31)),
        "kind": st.sampled_from(INTERACTION_KINDS),
        "directed": st.booleans(),
        "purpose": st.sampled_from(["network", "outside"]),
        "source": st.sampled_from(["logged", "imported", "routine"]),
        "weight": st.sampled_from([0.5, 1.0, 2.0, 3.0]),
    }
).filter(lambda row: row["a"] != row["b"])


def network(rows: list[dict[str, object]], sectors: list[int]) -> NetworkTables:
    people = {p: (1 + p % 3, SECTORS[sectors[p - 1]]) for p in range(1, 9)}
    themes = pl.DataFrame({"person_id": list(range(1, 9)), "theme": ["care", "food"] * 4})
    occurrences = pl.DataFrame(
        {
            "occurrence_id": [1, 2, 3],
            "routine_id": [1, 1, 2],
            "on": [date(2025, 2, 1), date(2025, 3, 1), date(2025, 2, 1)],
            "held": [True, True, False],
        }
    )
    attendance = pl.DataFrame({"occurrence_id": [1, 1, 2, 2, 2], "person_id": [1, 2, 1, 2, 3]})
    introductions = pl.DataFrame(
        {
            "introduction_id": [1, 2],
            "introducer_id": [3, 4],
            "a": [1, 5],
            "b": [2, 6],
            "suggested_on": [date(2025, 1, 5), date(2025, 6, 5)],
            "status": ["met", "suggested"],
            "met_on": [date(2025, 2, 1), None],
        }
    )
    return NetworkTables.build(
        members=members_frame(people),
        interactions=interaction_rows(rows),
        member_themes=themes,
        occurrences=occurrences,
        attendance=attendance,
        introductions=introductions,
    )


def relabel(tables: NetworkTables, mapping: dict[int, int]) -> NetworkTables:
    def remap(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
        return frame.with_columns(
            pl.col(c).replace_strict(mapping, return_dtype=pl.Int64) for c in columns
        )

    return NetworkTables(
        organisations=tables.organisations,
        members=remap(tables.members, "person_id"),
        interactions=remap(tables.interactions, "a", "b"),
        member_themes=remap(tables.member_themes, "person_id"),
        introductions=remap(tables.introductions, "introducer_id", "a", "b"),
        occurrences=tables.occurrences,
        attendance=remap(tables.attendance, "person_id"),
    )


def _met(a: int, b: int, weight: float) -> dict[str, object]:
    return {
        "a": a,
        "b": b,
        "on": date(2025, 1, 1),
        "kind": "meeting",
        "directed": False,
        "purpose": "network",
        "source": "logged",
        "weight": weight,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(interaction, max_size=30),
    st.lists(st.integers(0, 4), min_size=8, max_size=8),
    st.permutations(list(range(1, 9))),
    st.integers(0, 1000),
)
# Found by Hypothesis about once in 1500 examples: the path 2 - 1 = 4 - 3 (the middle tie twice
# as heavy) has modularity 0 as one community and as {1, 2} and {3, 4}; Leiden visiting the
# vertices in id order found one, with 4 and 5 swapped the other (between communities 0 vs 1/3).
@example([_met(1, 2, 1.0), _met(1, 4, 2.0), _met(3, 4, 1.0)], [0] * 8, [1, 2, 3, 5, 4, 6, 7, 8], 0)
def test_relabelling_members_changes_no_aggregate(rows, sectors, order, offset):
    tables = network(rows, sectors)
    mapping = {old: 1000 + offset + 7 * new for old, new in zip(range(1, 9), order, strict=True)}
    original = analyse(tables, YEAR).headline()
    relabelled = analyse(relabel(tables, mapping), YEAR).headline()
    for figure, value in original.items():
        if figure == "key_players":  # articulation points are a set: their count is invariant
            assert relabelled[figure] == value
        else:
            assert relabelled[figure] == pytest.approx(value, abs=1e-12), figure


@settings(max_examples=15, deadline=None)
@given(st.lists(interaction, max_size=10))
def test_interactions_of_only_one_member_or_none_give_zeros(rows):
    # Whatever happened between others, a network of one member with no ties is all zeros.
    one = NetworkTables.build(
        members=members_frame({1: (1, "business")}),
        interactions=interaction_rows(
            [r | {"on": date(2020, 1, 1) + timedelta(days=i)} for i, r in enumerate(rows)]
        ),
    )
    result = analyse(one, YEAR)
    assert result.members == 1
    assert result.interactions == 0
    assert result.graph.tie_count == 0
    assert result.cohesion.density == 0.0
    assert result.reciprocity.directed_interactions == 0


def _in_canonical_order(tie_graph: TieGraph) -> list[tuple[int, int, float]]:
    position = canonical_order(tie_graph.graph)
    ends = [sorted(map(int, position[list(edge)])) for edge in tie_graph.graph.get_edgelist()]
    return sorted((a, b, w) for (a, b), w in zip(ends, tie_graph.weights(), strict=True))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.sampled_from([0.5, 1.0, 2.0])),
        max_size=25,
    ),
    st.permutations(list(range(10))),
)
def test_the_canonical_order_does_not_depend_on_the_numbering(ties, order):
    # The same weighted graph numbered twice is the same graph once both are put in canonical
    # order: what Leiden sees (and so the communities' figures) cannot depend on member ids.
    pairs = {tuple(sorted((a, b))): w for a, b, w in ties if a != b}

    def graph(label: list[int]) -> TieGraph:
        frame = pl.DataFrame(
            [
                (min(label[a], label[b]), max(label[a], label[b]), w, 1)
                for (a, b), w in pairs.items()
            ],
            schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64, "interactions": pl.UInt32},
            orient="row",
        ).sort("a", "b")
        return build_tie_graph(frame, np.asarray(label, dtype=np.int64))

    assert _in_canonical_order(graph(list(range(10)))) == _in_canonical_order(graph(order))
