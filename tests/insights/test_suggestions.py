"""Suggested introductions, the classic indices they are measured against, reconnections and
fair sending: hand-made networks, NetworkX references and hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from insights_helpers import interaction_rows, members_frame, workplace_tables

from netweave.insights import MetricSettings, NetworkTables
from netweave.insights import suggestions as suggestions_module
from netweave.insights.link_prediction import LinkIndex, index_scores, suggest_by_index
from netweave.insights.reconnections import suggest_reconnections
from netweave.insights.sending import choose_to_send
from netweave.insights.suggestions import (
    BLOCK_BYTES,
    MAX_BLOCK_ROWS,
    Reason,
    block_rows,
    history_before,
    suggest_introductions,
)
from netweave.insights.tables import INTRODUCTION_STATUSES

AT = date(2025, 6, 1)
BEFORE = date(2025, 5, 1)
ONLY_PROXIMITY = MetricSettings(
    introduction_text_weight=0,
    introduction_theme_weight=0,
    introduction_bridging_bonus=0,
    introduction_three_step_weight=0,
)


def listings(name: str, rows: list[tuple[int, int, str, str]]) -> pl.DataFrame:
    """Asks or offers from (id, person_id, language, text), open since January."""
    return pl.DataFrame(
        {
            f"{name}_id": [r[0] for r in rows],
            "person_id": [r[1] for r in rows],
            "theme": [None] * len(rows),
            "language": [r[2] for r in rows],
            "text": [r[3] for r in rows],
            "created_on": [date(2025, 1, 1)] * len(rows),
            "closed_on": [None] * len(rows),
        },
        schema={
            f"{name}_id": pl.Int64,
            "person_id": pl.Int64,
            "theme": pl.String,
            "language": pl.String,
            "text": pl.String,
            "created_on": pl.Date,
            "closed_on": pl.Date,
        },
    )


def path_network(**extra: pl.DataFrame) -> NetworkTables:
    """1 – 2 – 3 – 4 (met before AT), 5 and 6 know nobody; 2 and 3 in another organisation."""
    people = {1: (1, "business"), 2: (2, "knowledge"), 3: (2, "knowledge"), 4: (1, "business")}
    people |= {5: (3, "government"), 6: (3, "government")}
    rows = [{"a": 1, "b": 2, "on": BEFORE}, {"a": 2, "b": 3, "on": BEFORE}]
    rows.append({"a": 3, "b": 4, "on": BEFORE})
    return NetworkTables.build(
        members=members_frame(people), interactions=interaction_rows(rows), **extra
    )


def reasons_of(suggestions: pl.DataFrame, person: int, other: int) -> list[dict[str, object]]:
    row = suggestions.filter((pl.col("person_id") == person) & (pl.col("other_id") == other))
    assert row.height == 1, f"{other} is not suggested to {person}"
    return row["reasons"][0].to_list()


def test_a_friend_of_a_friend_is_suggested_with_the_mutual_contact_named():
    suggestions = suggest_introductions(path_network(), at=AT)
    reasons = reasons_of(suggestions, 1, 3)
    assert reasons[0]["reason"] == Reason.MUTUAL_CONTACTS
    assert reasons[0]["people"] == [2]
    # 1 and 4 share nobody but are two handshakes apart: a wider-circle suggestion.
    assert reasons_of(suggestions, 1, 4)[0]["reason"] == Reason.WIDER_CIRCLE
    # Who already met is never suggested, and nobody to themselves.
    assert suggestions.filter(pl.col("person_id") == 1)["other_id"].to_list() == [3, 4]


def test_contributions_add_up_to_the_score_and_ranks_follow_the_score():
    tables = path_network(
        asks=listings("ask", [(1, 1, "en", "Who knows about heat pumps in social housing?")]),
        offers=listings("offer", [(7, 5, "en", "I advise on heat pumps for social housing.")]),
    )
    suggestions = suggest_introductions(tables, at=AT)
    totals = suggestions["reasons"].list.eval(pl.element().struct.field("contribution").sum())
    assert totals.explode().to_numpy() == pytest.approx(suggestions["score"].to_numpy())
    for _, group in suggestions.group_by("person_id"):
        assert group["rank"].to_list() == list(range(1, group.height + 1))
        assert np.all(np.diff(group["score"].to_numpy()) <= 0)


def test_an_ask_meets_a_matching_offer_of_a_stranger():
    tables = path_network(
        asks=listings(
            "ask", [(1, 1, "nl", "Wie heeft ervaring met warmtepompen in huurwoningen?")]
        ),
        offers=listings(
            "offer",
            [
                (7, 5, "nl", "Ik adviseer over de warmtepomp in een huurwoning."),
                (8, 6, "nl", "Ik geef les over voedselbanken."),
            ],
        ),
    )
    suggestions = suggest_introductions(tables, at=AT)
    reasons = reasons_of(suggestions, 1, 5)
    match = next(r for r in reasons if r["reason"] == Reason.ASK_MATCHES_OFFER)
    assert (match["ask_id"], match["offer_id"]) == (1, 7)
    # The other side sees the same match from the offer's end.
    other_side = reasons_of(suggestions, 5, 1)
    assert any(r["reason"] == Reason.OFFER_MATCHES_ASK for r in other_side)
    # A stranger without a matching offer, theme or contact has no reason to be suggested.
    assert suggestions.filter((pl.col("person_id") == 1) & (pl.col("other_id") == 6)).height == 0


def test_shared_themes_and_bridges_are_named():
    themes = pl.DataFrame(
        {"person_id": [1, 3, 1, 3], "theme": ["care", "care", "food", "mobility"]}
    )
    suggestions = suggest_introductions(path_network(member_themes=themes), at=AT)
    reasons = {r["reason"]: r for r in reasons_of(suggestions, 1, 3)}
    assert reasons[Reason.SHARED_THEMES]["themes"] == ["care"]
    assert Reason.BRIDGES_ORGANISATIONS in reasons  # organisation 1 and 2
    assert Reason.BRIDGES_SECTORS in reasons  # business and knowledge


def test_only_what_happened_before_at_counts():
    tables = path_network()
    # 1 and 3 meet on AT itself: at AT that is not yet history, so they are still suggested.
    meeting = interaction_rows([{"a": 1, "b": 3, "on": AT}])
    later = NetworkTables.build(
        members=tables.members, interactions=pl.concat([tables.interactions, meeting])
    )
    assert reasons_of(suggest_introductions(later, at=AT), 1, 3)
    after = suggest_introductions(later, at=AT + timedelta(days=1))
    assert after.filter((pl.col("person_id") == 1) & (pl.col("other_id") == 3)).height == 0


def test_a_member_who_left_or_opted_out_is_never_suggested():
    tables = path_network()
    members = tables.members.with_columns(
        pl.when(pl.col("person_id") == 3).then(BEFORE).otherwise(None).alias("left")
    )
    left = NetworkTables.build(members=members, interactions=tables.interactions)
    assert 3 not in suggest_introductions(left, at=AT)["other_id"].to_list()
    opted = suggest_introductions(tables, at=AT, opted_out={3})
    assert 3 not in opted["other_id"].to_list() + opted["person_id"].to_list()


def test_no_history_no_suggestions():
    empty = NetworkTables.build(members=members_frame({1: (1, "business"), 2: (1, "business")}))
    assert suggest_introductions(empty, at=AT).height == 0


def networkx_graph(tables: NetworkTables) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(tables.members["person_id"].to_list())
    graph.add_edges_from(tables.interactions.select("a", "b").iter_rows())
    return graph


NETWORKX_INDEX = {
    LinkIndex.COMMON_NEIGHBOURS: lambda g, pairs: (
        (u, v, len(list(nx.common_neighbors(g, u, v)))) for u, v in pairs
    ),
    LinkIndex.JACCARD: nx.jaccard_coefficient,
    LinkIndex.RESOURCE_ALLOCATION: nx.resource_allocation_index,
    LinkIndex.ADAMIC_ADAR: nx.adamic_adar_index,
}


def one_day_workplace() -> NetworkTables:
    """The first day of the workplace contacts: every tie met once, on the same day."""
    tables = workplace_tables()
    first = tables.interactions.filter(pl.col("on") == pl.col("on").min())
    return NetworkTables.build(members=tables.members, interactions=first)


@pytest.mark.parametrize("index", list(LinkIndex))
def test_classic_indices_equal_networkx(index):
    tables = one_day_workplace()
    history = history_before(tables, date(2014, 1, 1))
    adjacency = history.warmth.copy()
    adjacency.data[:] = 1.0
    rows = np.arange(len(history.ids))
    ours = index_scores(adjacency, rows, index)
    graph = networkx_graph(tables)
    ids = history.ids.tolist()
    pairs = [(u, v) for i, u in enumerate(ids) for v in ids[i + 1 :]]
    for u, v, expected in NETWORKX_INDEX[index](graph, pairs):
        assert ours[ids.index(u), ids.index(v)] == pytest.approx(expected, abs=1e-12), (u, v)


def test_proximity_with_equal_ties_is_resource_allocation_both_ways():
    # Every tie met once on the same day, so all strengths are equal; with γ = 0 and no other
    # signal, score(u, v) = RA(u, v) (1/d_u + 1/d_v) / max over u's candidates.
    tables = one_day_workplace()
    graph = networkx_graph(tables)
    suggestions = suggest_introductions(tables, at=date(2014, 1, 1), k=200, settings=ONLY_PROXIMITY)
    pairs = suggestions.select("person_id", "other_id").iter_rows()
    ra = {
        (u, v): score * (1 / graph.degree(u) + 1 / graph.degree(v))
        for u, v, score in nx.resource_allocation_index(graph, list(pairs))
    }
    expected = pl.DataFrame(
        {"person_id": [p[0] for p in ra], "other_id": [p[1] for p in ra], "p": list(ra.values())}
    ).with_columns(expected=pl.col("p") / pl.col("p").max().over("person_id"))
    joined = suggestions.join(expected, on=["person_id", "other_id"])
    assert joined.height == suggestions.height
    # Scores are ranked in float32: equal to about seven digits.
    assert joined["score"].to_numpy() == pytest.approx(joined["expected"].to_numpy(), rel=1e-6)
    # And every pair NetworkX gives a positive RA is suggested (k is larger than anyone's list).
    everyone = [
        (u, v)
        for u in graph
        for v in graph
        if u != v and not graph.has_edge(u, v) and set(graph[u]) & set(graph[v])
    ]
    assert suggestions.height == len(everyone)


def test_suggest_by_index_ranks_like_networkx_adamic_adar():
    tables = one_day_workplace()
    ranked = suggest_by_index(tables, at=date(2014, 1, 1), k=5, index=LinkIndex.ADAMIC_ADAR)
    graph = networkx_graph(tables)
    person = int(ranked["person_id"][0])
    candidates = [v for v in graph if v != person and not graph.has_edge(person, v)]
    scores = sorted(
        ((-s, v) for _, v, s in nx.adamic_adar_index(graph, [(person, v) for v in candidates])),
    )
    expected = [v for s, v in scores if s < 0][:5]
    assert ranked.filter(pl.col("person_id") == person)["other_id"].to_list() == expected


# --- properties -------------------------------------------------------------------------------

PEOPLE = range(1, 9)
meeting = st.tuples(
    st.integers(1, 8), st.integers(1, 8), st.dates(date(2024, 1, 1), date(2025, 12, 31))
).filter(lambda m: m[0] != m[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    meetings=st.lists(meeting, max_size=30),
    introduced=st.lists(st.tuples(meeting, st.sampled_from(INTRODUCTION_STATUSES)), max_size=6).map(
        lambda rows: ([m for m, _ in rows], [s for _, s in rows])
    ),
    opted_out=st.sets(st.sampled_from(list(PEOPLE)), max_size=3),
    at=st.dates(date(2024, 6, 1), date(2026, 1, 1)),
    k=st.integers(1, 8),
)
def test_suggestions_never_include_met_introduced_opted_out_or_the_same_person(
    meetings, introduced, opted_out, at, k
):
    # Introduced in any status: a declined or unanswered introduction is not suggested again.
    introduced, statuses = introduced
    people = {p: (1 + p % 3, ("business", "knowledge", "government")[p % 3]) for p in PEOPLE}
    tables = NetworkTables.build(
        members=members_frame(people),
        interactions=interaction_rows([{"a": a, "b": b, "on": on} for a, b, on in meetings]),
        introductions=pl.DataFrame(
            {
                "introduction_id": range(1, len(introduced) + 1),
                "introducer_id": [None] * len(introduced),
                "a": [a for a, _, _ in introduced],
                "b": [b for _, b, _ in introduced],
                "suggested_on": [on for _, _, on in introduced],
                "status": statuses,
                "met_on": [None] * len(introduced),
            },
            schema_overrides={"introducer_id": pl.Int64, "met_on": pl.Date},
        ),
        member_themes=pl.DataFrame({"person_id": list(PEOPLE), "theme": ["care", "food"] * 4}),
    )
    suggestions = suggest_introductions(tables, at=at, k=k, opted_out=opted_out)
    forbidden = {frozenset((a, b)) for a, b, on in meetings + introduced if on < at}
    for person, other in suggestions.select("person_id", "other_id").iter_rows():
        assert person != other
        assert frozenset((person, other)) not in forbidden
        assert person not in opted_out and other not in opted_out
    counts = suggestions.group_by("person_id").len()["len"]
    assert counts.is_empty() or counts.max() <= k
    assert (suggestions["score"] > 0).all()


# --- reconnections and fair sending -----------------------------------------------------------


def test_a_cooling_tie_is_suggested_for_renewal_and_a_warm_one_is_not():
    rows = [{"a": 1, "b": 2, "on": date(2025, 1, 10), "kind": "joint_work", "weight": 3.0}]
    rows += [{"a": 1, "b": 2, "on": date(2025, 1, 20), "kind": "joint_work", "weight": 3.0}]
    rows += [{"a": 1, "b": 3, "on": date(2025, 5, 20)}]
    people = {p: (1, "business") for p in (1, 2, 3)}
    tables = NetworkTables.build(members=members_frame(people), interactions=interaction_rows(rows))
    reconnect = suggest_reconnections(tables, at=date(2025, 6, 1))
    assert reconnect.select("person_id", "other_id").rows() == [(1, 2), (2, 1)]
    assert reconnect["last_contact"].to_list() == [date(2025, 1, 20)] * 2


def test_sending_caps_each_person_on_both_sides_and_gives_everyone_a_turn():
    # Everybody's best suggestion is person 9 (popular), each person's second is a peer.
    rows = [(p, 9, 1, 1.0) for p in range(1, 6)] + [(p, p % 5 + 1, 2, 0.5) for p in range(1, 6)]
    suggestions = pl.DataFrame(
        rows, schema=["person_id", "other_id", "rank", "score"], orient="row"
    )
    chosen = choose_to_send(suggestions, per_week=2)
    load = pl.concat([chosen["person_id"], chosen["other_id"]]).value_counts()
    assert load["count"].max() <= 2
    assert chosen.filter(pl.col("other_id") == 9).height == 2
    # Every member appears in at least one introduction this week.
    assert set(load["person_id"]) >= set(range(1, 6))


def test_sending_counts_what_was_already_sent_this_week():
    suggestions = pl.DataFrame(
        [(1, 2, 1, 1.0), (3, 4, 1, 0.9)],
        schema=["person_id", "other_id", "rank", "score"],
        orient="row",
    )
    chosen = choose_to_send(suggestions, per_week=1, already={1: 1})
    assert chosen.select("person_id", "other_id").rows() == [(3, 4)]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 8), st.integers(1, 8), st.integers(1, 4), st.floats(0.01, 1)),
        max_size=40,
    ).map(lambda rows: [r for r in rows if r[0] != r[1]]),
    per_week=st.integers(0, 3),
    already=st.dictionaries(st.integers(1, 8), st.integers(0, 3), max_size=4),
)
def test_sending_never_repeats_a_pair_or_exceeds_the_cap(rows, per_week, already):
    suggestions = pl.DataFrame(
        rows,
        schema={
            "person_id": pl.Int64,
            "other_id": pl.Int64,
            "rank": pl.UInt32,
            "score": pl.Float64,
        },
        orient="row",
    )
    chosen = choose_to_send(suggestions, per_week=per_week, already=already)
    pairs = [frozenset(p) for p in chosen.select("person_id", "other_id").iter_rows()]
    assert len(pairs) == len(set(pairs))
    assert all(len(pair) == 2 for pair in pairs)
    assert set(chosen.rows()) <= set(suggestions.rows())  # only what was suggested
    load = {p: already.get(p, 0) for p in range(1, 9)}
    for pair in pairs:
        for person in pair:
            load[person] += 1
    for person, count in load.items():
        assert count <= max(per_week, already.get(person, 0))


# --- blocks -----------------------------------------------------------------------------------


def test_a_blocks_rows_fill_the_bytes_it_may_take():
    assert block_rows(10_000) == BLOCK_BYTES // 40_000
    assert block_rows(100) == MAX_BLOCK_ROWS, "a small network: few blocks, not huge ones"
    assert block_rows(BLOCK_BYTES) == 1, "a huge network still scores a row at a time"


@pytest.mark.parametrize("rows", [1, 7])
def test_the_answer_does_not_depend_on_the_size_of_the_blocks(small_synthetic, monkeypatch, rows):
    tables, at = small_synthetic.tables, small_synthetic.config.until
    whole = suggest_introductions(tables, at=at, k=5)
    by_index = suggest_by_index(tables, at=at, k=5, index=LinkIndex.ADAMIC_ADAR)
    people = len(history_before(tables, at).ids)
    assert block_rows(people) >= people, "the default takes this network in one block"
    monkeypatch.setattr(suggestions_module, "BLOCK_BYTES", rows * 4 * people)
    assert block_rows(people) == rows
    assert suggest_introductions(tables, at=at, k=5).equals(whole)
    assert suggest_by_index(tables, at=at, k=5, index=LinkIndex.ADAMIC_ADAR).equals(by_index)
    assert whole.height > 0
