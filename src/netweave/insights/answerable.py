r"""Open asks a member could answer: the weekly digest's "asks you could help with".

For a member :math:`u` and an ask :math:`q` of someone else, both open at :math:`t`, the match
is the best cosine between :math:`q` and one of :math:`u`'s open offers
(:mod:`netweave.insights.matching`, idf fitted on all open asks and offers together):

.. math:: m(u, q) = \max_{o \in O_u(t)} x_q \cdot x_o,

and :math:`q` is answerable by :math:`u` when :math:`m(u, q) \ge` ``text_match_threshold``.
Unlike suggested introductions this includes people :math:`u` already knows: answering a
friend's ask is as welcome as a stranger's. Per member the ``k`` best, ties by the lower ask id.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from netweave.insights.matching import vectorise
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables

__all__ = ["ANSWERABLE_SCHEMA", "answerable_asks"]

ANSWERABLE_SCHEMA = pl.Schema(
    {"person_id": pl.Int64(), "ask_id": pl.Int64(), "rank": pl.UInt32(), "match": pl.Float64()}
)


def _open(frame: pl.DataFrame, at: date) -> pl.DataFrame:
    return frame.filter(
        (pl.col("created_on") < at) & (pl.col("closed_on").is_null() | (pl.col("closed_on") >= at))
    )


def answerable_asks(
    tables: NetworkTables, *, at: date, k: int = 3, settings: MetricSettings | None = None
) -> pl.DataFrame:
    """Per member with an open offer, up to ``k`` open asks of others that it answers.

    Returns
    -------
    DataFrame[person_id, ask_id, rank, match], rank 1 = best match.
    """
    settings = settings or MetricSettings()
    asks, offers = _open(tables.asks, at), _open(tables.offers, at)
    if asks.height == 0 or offers.height == 0:
        return pl.DataFrame(schema=ANSWERABLE_SCHEMA)
    texts = pl.concat([asks.select("text", "language"), offers.select("text", "language")])
    vectors = vectorise(texts["text"].to_list(), texts["language"].fill_null("nl").to_list())
    similarity = (vectors[asks.height :] @ vectors[: asks.height].T).tocoo()
    offer_row, ask_row, match = similarity.row, similarity.col, similarity.data
    keep = match >= settings.text_match_threshold
    pairs = pl.DataFrame(
        {
            "person_id": offers["person_id"].to_numpy()[offer_row[keep]],
            "asker_id": asks["person_id"].to_numpy()[ask_row[keep]],
            "ask_id": asks["ask_id"].to_numpy()[ask_row[keep]],
            "match": np.asarray(match[keep], dtype=np.float64),
        },
        schema={
            "person_id": pl.Int64,
            "asker_id": pl.Int64,
            "ask_id": pl.Int64,
            "match": pl.Float64,
        },
    )
    return (
        pairs.filter(pl.col("person_id") != pl.col("asker_id"))
        .group_by("person_id", "ask_id")
        .agg(pl.col("match").max())
        .sort(["person_id", "match", "ask_id"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("person_id").alias("rank"))
        .filter(pl.col("rank") <= k)
        .select(list(ANSWERABLE_SCHEMA))
        .cast(ANSWERABLE_SCHEMA)
    )
