"""The shared pair group-by gives what a two-column group-by gives, whatever the ids."""

from __future__ import annotations

import polars as pl
import pytest

from netweave.insights._frames import group_by_pair


@pytest.mark.parametrize(
    "ids",
    [[1, 2, 3, 7], [-5, 0, 4, 9], [0, 2**40, 2**40 + 3, 5]],
    ids=["small", "negative", "too large to pack"],
)
def test_group_by_pair_equals_the_two_column_group_by(ids):
    a = [ids[0], ids[0], ids[1], ids[2], ids[0], ids[3]]
    b = [ids[1], ids[1], ids[2], ids[3], ids[2], ids[3]]
    frame = pl.DataFrame({"a": a, "b": b, "w": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    aggs = (pl.col("w").sum(), pl.len().alias("n"))
    ours = group_by_pair(frame, *aggs).sort("a", "b")
    assert ours.equals(frame.group_by("a", "b").agg(*aggs).sort("a", "b"))
    assert ours.height == 5
    assert (
        group_by_pair(frame).sort("a", "b").equals(frame.select("a", "b").unique().sort("a", "b"))
    )


def test_group_by_pair_keeps_null_ids_apart():
    frame = pl.DataFrame(
        {"a": [1, None, None], "b": [2, 2, 3]}, schema={"a": pl.Int64, "b": pl.Int64}
    )
    assert group_by_pair(frame).sort("a", "b", nulls_last=True).rows() == [
        (1, 2),
        (None, 2),
        (None, 3),
    ]
