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
from netweave.insights.affinity import PairKind, formation_lift, pair_kinds
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
    # Organisations 0 {0, 1, 2}, 1 {3, 4}, 2 {5}; sectors unknown. Ties 0–1, 3–4 (before the
    # window), 0–2, 1–2, 0–3 (in it). Pairs with a common contact: 0–1, 0–2, 1–2 (colleagues),
    # 0–4, 1–3, 2–3 (others). Open at the window's start: 2 colleague pairs (0–1 had met), 3
    # others; new among them: 0–2 and 1–2 (0–3 share nobody), so ρ = 2/5.
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
    assert found[PairKind.COLLEAGUES] == pytest.approx((2 + 1) / (2 * 2 / 5 + 1))  # 5/3
    assert found[PairKind.OTHERS] == pytest.approx((0 + 1) / (3 * 2 / 5 + 1))  # 5/11
    assert found[PairKind.SECTOR_PEERS] == pytest.approx(1.0)  # no pairs, no evidence


def test_no_new_ties_no_lift():
    found = formation_lift(
        ties([(0, 1, LONG_AGO), (1, 2, LONG_AGO)]), np.array([0, 0, 1]), np.full(3, -1), AT, 90
    )
    assert found == pytest.approx([1.0, 1.0, 1.0])


@given(
    st.dictionaries(
        st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda t: t[0] < t[1]),
        st.booleans(),
        max_size=20,
    )
)
def test_one_kind_only_means_no_lift(edges):
    # Whatever the ties, when every pair is of one kind the lift is 1: nothing to tell apart.
    rows = [(x, y, RECENT if recent else LONG_AGO) for (x, y), recent in edges.items()]
    found = formation_lift(ties(rows), np.full(8, 7), np.full(8, -1), AT, 90)
    assert found == pytest.approx([1.0, 1.0, 1.0])


def test_pair_kinds():
    organisation = np.array([0, 0, 1, -1])
    sector = np.array([0, 0, 0, 0])
    kinds = pair_kinds((organisation, organisation), (sector, sector))
    assert kinds[0, 1] == PairKind.COLLEAGUES
    assert kinds[0, 2] == PairKind.SECTOR_PEERS
    assert kinds[3, 3] == PairKind.SECTOR_PEERS  # an unknown organisation is nobody's colleague
    unknown_sector = pair_kinds((organisation, organisation), (np.full(4, -1), np.full(4, -1)))
    assert unknown_sector[0, 2] == PairKind.OTHERS


def colleagues_network() -> NetworkTables:
    """1 – 2 – 3 and 2 – 4 (met lately); 5, 6, 7, 8 all know 9 (long ago); 5 and 6 met lately.
    1, 3, 5, 6 work at organisation 1; everyone else at an organisation of their own."""
    people = {1: 1, 2: 2, 3: 1, 4: 3, 5: 1, 6: 1, 7: 4, 8: 5, 9: 6}
    recent = [(1, 2), (2, 3), (2, 4), (5, 6)]
    long_ago = [(5, 9), (6, 9), (7, 9), (8, 9)]
    rows = [{"a": a, "b": b, "on": RECENT} for a, b in recent]
    rows += [{"a": a, "b": b, "on": LONG_AGO} for a, b in long_ago]
    return NetworkTables.build(
        members=members_frame({p: (org, None) for p, org in people.items()}),  # type: ignore[misc]
        interactions=interaction_rows(rows),
    )


def test_a_colleague_ranks_above_an_equally_close_stranger_when_colleagues_meet_lately():
    # Pairs with a common contact: through 2: 1–3 (colleagues), 1–4, 3–4; through 9: 5–6
    # (colleagues), 5–7, 5–8, 6–7, 6–8, 7–8; through 5 and 6: 6–9, 5–9. Open at the window's
    # start: 2 colleague pairs and 7 others (5–9, 6–9 had met); new: 5–6, so ρ = 1/9.
    # L_colleagues = 2 / (2/9 + 1) = 18/11, L_others = 1 / (7/9 + 1) = 9/16.
    # 3 and 4 are equally close to 1 (both through 2): P̂ = 1 for both.
    suggestions = suggest_introductions(colleagues_network(), at=AT, settings=ONLY_PROXIMITY)
    mine = suggestions.filter(pl.col("person_id") == 1)
    assert mine["other_id"].to_list() == [3, 4]
    assert mine["score"].to_list() == pytest.approx([18 / 11, 9 / 16])
    colleague = {r["reason"]: r for r in mine["reasons"][0]}
    # What the lift added is the reason "same organisation"; the mutual contact keeps P̂.
    assert colleague[Reason.SAME_ORGANISATION]["contribution"] == pytest.approx(7 / 11)
    assert colleague[Reason.MUTUAL_CONTACTS]["contribution"] == pytest.approx(1.0)
    assert colleague[Reason.MUTUAL_CONTACTS]["people"] == [2]
    # A lift below 1 scales the reasons, so they still add up to the score.
    stranger = mine["reasons"][1]
    assert [r["reason"] for r in stranger] == [Reason.MUTUAL_CONTACTS]
    assert stranger[0]["contribution"] == pytest.approx(9 / 16)


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
