"""Open asks a member could answer: matched to their open offers, never their own asks."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from netweave.insights import NetworkTables
from netweave.insights.answerable import answerable_asks

AT = date(2025, 6, 1)
TEXTS = (
    "heat pumps for social housing",
    "a heat pump in social housing flats",
    "subsidies for community energy",
    "community energy cooperatives and subsidies",
    "teaching older people to use a smartphone",
)


def listings(name: str, rows: list[tuple[int, int, int, date, date | None]]) -> pl.DataFrame:
    """(id, person, text index, created, closed) rows of asks or offers, in English."""
    return pl.DataFrame(
        {
            f"{name}_id": [r[0] for r in rows],
            "person_id": [r[1] for r in rows],
            "theme": [None] * len(rows),
            "language": ["en"] * len(rows),
            "text": [TEXTS[r[2]] for r in rows],
            "created_on": [r[3] for r in rows],
            "closed_on": [r[4] for r in rows],
        },
        schema_overrides={"theme": pl.String, "closed_on": pl.Date},
    )


def test_an_offer_answers_a_matching_ask_of_someone_else():
    tables = NetworkTables.build(
        asks=listings(
            "ask", [(1, 1, 0, date(2025, 1, 1), None), (2, 2, 2, date(2025, 1, 1), None)]
        ),
        offers=listings("offer", [(1, 3, 1, date(2025, 1, 1), None)]),
    )
    found = answerable_asks(tables, at=AT)
    assert found.select("person_id", "ask_id", "rank").rows() == [(3, 1, 1)]


listing = st.tuples(
    st.integers(1, 4),
    st.integers(0, len(TEXTS) - 1),
    st.dates(date(2024, 1, 1), date(2026, 1, 1)),
    st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2026, 1, 1))),
)


@settings(max_examples=40, deadline=None)
@given(
    asks=st.lists(listing, max_size=8), offers=st.lists(listing, max_size=8), k=st.integers(1, 3)
)
def test_only_open_asks_of_others_at_most_k(asks, offers, k):
    ask_rows = [(i + 1, *row) for i, row in enumerate(asks)]
    offer_rows = [(i + 1, *row) for i, row in enumerate(offers)]
    tables = NetworkTables.build(
        asks=listings("ask", ask_rows), offers=listings("offer", offer_rows)
    )
    found = answerable_asks(tables, at=AT, k=k)
    by_id = {row[0]: row for row in ask_rows}
    for person, ask_id in found.select("person_id", "ask_id").iter_rows():
        _id, asker, _text, created, closed = by_id[ask_id]
        assert asker != person
        assert created < AT and (closed is None or closed >= AT)
        assert any(
            o[1] == person and o[3] < AT and (o[4] is None or o[4] >= AT) for o in offer_rows
        )
    counts = found.group_by("person_id").len()["len"]
    assert counts.is_empty() or counts.max() <= k
