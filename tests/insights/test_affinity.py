"""The formation lift (who usually meets whom) and how suggestions use it: hand-made networks
with the values worked out by hand, and a property against brute-force counting."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from insights_helpers import interaction_rows, members_frame

from netweave.insights import MetricSettings, NetworkTables
from netweave.insights.affinity import PairKind, _pairs_per_kind, formation_lift, pair_kinds
from netweave.insights.suggestions import Reason, suggest_introductions

AT = date(2025, 6, 1)
RECENT = date(2025, 5, 1)  # inside the 90 days before AT
LONG_AGO = date(2025, 1, 1)  # before them
ONLY_PROXIMITY = MetricSettings(
    introduction_text_weight=0,
    introduction_theme_weight=0,
    introduction_bridging_bonus=0,
    introduction_three_step_weight=0,
)


def ties(rows: list[tuple[int, int, date]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"a": [r[0] for r in rows], "b": [r[1] for r in rows], "first": [r[2] for r in rows]},
        schema={"a": pl.Int64, "b": pl.Int64, "first": pl.Date},
    )


def test_lift_by_hand():
    # Organisations 0 {0, 1, 2}, 1 {3, 4}, 2 {5}; sectors unknown. 15 pairs: 4 colleague
    # pairs, 11 others. Before the window: 0–1 and 3–4 (colleagues), so 2 colleague pairs and
    # 11 others are open. In the window: 0–2 and 1–2 (colleagues), 0–3 (others): ρ = 3/13.
    organisation = np.array([0, 0, 0, 1, 1, 2])
    sector = np.full(6, -1)
    found = formation_lift(
        ties(
            [
                (0, 1, LONG_AGO),
                (3, 4, LONG_AGO),
                (0, 2, RECENT),
                (1, 2, date(2025, 5, 15)),
                (0, 3, date(2025, 4, 1)),
            ]
        ),
        organisation,
        sector,
        AT,
        90,
    )
    assert found[PairKind.COLLEAGUES] == pytest.approx((2 + 1) / (2 * 3 / 13 + 1))  # 39/19
    assert found[PairKind.OTHERS] == pytest.approx((1 + 1) / (11 * 3 / 13 + 1))  # 13/23
    assert found[PairKind.SECTOR_PEERS] == pytest.approx(1.0)  # no pairs, no evidence


def test_no_new_ties_no_lift():
    found = formation_lift(ties([(0, 1, LONG_AGO)]), np.array([0, 0, 1]), np.full(3, -1), AT, 90)
    assert found == pytest.approx([1.0, 1.0, 1.0])


@given(st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 2)), min_size=0, max_size=12))
def test_pairs_per_kind_count_every_pair_once(people):
    organisation = np.array([p[0] for p in people], dtype=np.int64)
    sector = np.array([p[1] for p in people], dtype=np.int64)
    kinds = pair_kinds((organisation, organisation), (sector, sector))
    upper = np.triu_indices(len(people), 1)
    expected = np.bincount(kinds[upper], minlength=len(PairKind))
    assert _pairs_per_kind(organisation, sector) == pytest.approx(expected)


def colleagues_network() -> NetworkTables:
    """1 – 2 – 3 and 2 – 4; colleagues 5 – 6 and 7 – 8; all met lately. 1, 3, 5, 6 work at
    organisation 1; 2, 4 at organisations 2 and 3; 7, 8 at organisation 4; sectors unknown."""
    people = {1: 1, 2: 2, 3: 1, 4: 3, 5: 1, 6: 1, 7: 4, 8: 4}
    pairs = [(1, 2), (2, 3), (2, 4), (5, 6), (7, 8)]
    return NetworkTables.build(
        members=members_frame({p: (org, None) for p, org in people.items()}),  # type: ignore[misc]
        interactions=interaction_rows([{"a": a, "b": b, "on": RECENT} for a, b in pairs]),
    )


def test_a_colleague_ranks_above_an_equally_close_stranger_when_colleagues_meet_lately():
    # 28 pairs: 7 colleague pairs (6 in organisation 1, 1 in 4), 21 others; all open at the
    # window's start; new: 2 colleague pairs and 3 others, ρ = 5/28.
    # L_colleagues = 3 / (7·5/28 + 1) = 4/3; L_others = 4 / (21·5/28 + 1) = 16/19.
    # 3 and 4 are equally close to 1 (both through 2), so P̂(1, 3) = 1 and
    # P̂(1, 4) = (16/19) / (4/3) = 12/19.
    suggestions = suggest_introductions(colleagues_network(), at=AT, settings=ONLY_PROXIMITY)
    mine = suggestions.filter(pl.col("person_id") == 1)
    assert mine["other_id"].to_list() == [3, 4]
    assert mine["score"].to_list() == pytest.approx([1.0, 12 / 19])
    colleague = {r["reason"]: r for r in mine["reasons"][0]}
    # The lift's part of P̂: 1 · (1 − 3/4); the mutual contact keeps the rest.
    assert colleague[Reason.SAME_ORGANISATION]["contribution"] == pytest.approx(0.25)
    assert colleague[Reason.MUTUAL_CONTACTS]["contribution"] == pytest.approx(0.75)
    assert colleague[Reason.MUTUAL_CONTACTS]["people"] == [2]
    stranger = [r["reason"] for r in mine["reasons"][1]]
    assert stranger == [Reason.MUTUAL_CONTACTS]


def test_without_the_lift_equally_close_people_score_the_same():
    settings = MetricSettings(**{**ONLY_PROXIMITY.as_dict(), "introduction_affinity_weight": 0})
    suggestions = suggest_introductions(colleagues_network(), at=AT, settings=settings)
    mine = suggestions.filter(pl.col("person_id") == 1)
    assert mine["score"].to_list() == pytest.approx([1.0, 1.0])
    assert all(
        r["reason"] != Reason.SAME_ORGANISATION for reasons in mine["reasons"] for r in reasons
    )


def test_warmer_ties_count_more_only_with_a_positive_warmth_exponent():
    # 1 met 2 once and 3 three times; 2 knows 4, 3 knows 5. All in other organisations.
    rows = [{"a": 1, "b": 2, "on": RECENT}] + [{"a": 1, "b": 3, "on": RECENT}] * 3
    rows += [{"a": 2, "b": 4, "on": RECENT}, {"a": 3, "b": 5, "on": RECENT}]
    tables = NetworkTables.build(
        members=members_frame({p: (p, "business") for p in range(1, 6)}),
        interactions=interaction_rows(rows),
    )

    def scores(exponent: float) -> list[float]:
        settings = MetricSettings(
            **{**ONLY_PROXIMITY.as_dict(), "introduction_warmth_exponent": exponent}
        )
        found = suggest_introductions(tables, at=AT, settings=settings)
        return found.filter(pl.col("person_id") == 1).sort("other_id")["score"].to_list()

    assert scores(0.0) == pytest.approx([1.0, 1.0])  # 4 and 5: every tie counts the same
    four, five = scores(1.0)
    assert five == pytest.approx(1.0)
    assert four < five
