"""Small Polars helpers shared by the generator tests."""

from __future__ import annotations

from datetime import timedelta

import networkx as nx
import polars as pl

from netweave.synth import SyntheticNetwork


def pairs(interactions: pl.DataFrame) -> pl.DataFrame:
    """Distinct unordered pairs (u < v) that interacted."""
    return interactions.select(
        pl.min_horizontal("a", "b").alias("u"), pl.max_horizontal("a", "b").alias("v")
    ).unique()


def tie_graph(network: SyntheticNetwork) -> nx.Graph:
    """Everyone who was a member, tied when they interacted at least once in the window."""
    graph = nx.Graph()
    graph.add_nodes_from(network.tables.members["person_id"].to_list())
    graph.add_edges_from(pairs(network.tables.interactions).iter_rows())
    return graph


def with_year(network: SyntheticNetwork) -> pl.DataFrame:
    """Interactions with ``year`` 1, 2, 3 (365-day years from the window start)."""
    start = network.config.until - timedelta(days=network.config.days)
    days = (pl.col("on") - pl.lit(start)).dt.total_days()
    return network.tables.interactions.with_columns(year=(days // 365).clip(0, 2) + 1)


def with_sectors(network: SyntheticNetwork, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the sector and organisation of ``a`` and ``b``."""
    members = network.tables.members.select("person_id", "organisation_id", "sector")
    for side in ("a", "b"):
        frame = frame.join(
            members.rename(
                {"person_id": side, "organisation_id": f"org_{side}", "sector": f"sector_{side}"}
            ),
            on=side,
            how="left",
        )
    return frame


def top_share(counts: pl.Series, share: float) -> float:
    """Share of the total held by the top ``share`` of the counts (at least one)."""
    ordered = counts.sort(descending=True)
    top = max(1, round(share * len(ordered)))
    return ordered[:top].sum() / ordered.sum()


def wedge_closing_share(network: SyntheticNetwork) -> float:
    """Of the pairs who first met after the first year, the share who already had a common
    contact then (both had met some third person before they met each other): ties that close
    a wedge. Triadic closure makes these on purpose; the other mechanisms only by chance."""
    first = pairs_with_first_day(network.tables.interactions)
    start = network.config.until - timedelta(days=network.config.days)
    new = first.filter(pl.col("first") >= start + timedelta(days=365))
    either_way = pl.concat(
        [
            first.select(pl.col("u").alias("x"), pl.col("v").alias("y"), "first"),
            first.select(pl.col("v").alias("x"), pl.col("u").alias("y"), "first"),
        ]
    )
    via_u = new.join(either_way.rename({"x": "u", "y": "c", "first": "first_u"}), on="u").filter(
        pl.col("first_u") < pl.col("first")
    )
    wedges = via_u.join(
        either_way.rename({"x": "v", "y": "c", "first": "first_v"}), on=["v", "c"]
    ).filter(pl.col("first_v") < pl.col("first"))
    return wedges.select("u", "v").unique().height / new.height


def pairs_with_first_day(interactions: pl.DataFrame) -> pl.DataFrame:
    """Distinct unordered pairs (u < v) with the day they first interacted, ``first``."""
    return (
        interactions.select(
            pl.min_horizontal("a", "b").alias("u"), pl.max_horizontal("a", "b").alias("v"), "on"
        )
        .group_by("u", "v")
        .agg(pl.col("on").min().alias("first"))
    )
