r"""Bridging: ties that cross sectors and organisations, and the golden triangle per theme.

- cross-sector share :math:`= |\{(u,v) \in E_w : \text{sector}(u) \ne \text{sector}(v)\}| / |E_w|`
  over the warm ties :math:`E_w` at the end of the period (see :mod:`.warmth`); ties with an
  end of unknown sector count in the denominator only. Cross-organisation share likewise.
- sector matrix: over the ties of the period (pairs with ≥ 1 interaction in it), per unordered
  sector pair (``sector_a`` ≤ ``sector_b``) the number of ties and their summed weight.
- golden triangle of theme :math:`\theta`: with :math:`M_\theta^s` the members of sector
  :math:`s` holding theme :math:`\theta` (vertices of the period's tie graph), the theme is
  **present** when :math:`M_\theta^K, M_\theta^B, M_\theta^G` (knowledge, business,
  government) are all non-empty, and **connected** when additionally each of the three sector
  pairs KB, KG, BG has at least one tie of the period between a member of one and a member of
  the other.

References
----------
Etzkowitz, H., Leydesdorff, L. (2000). The dynamics of innovation: from National Systems and
"Mode 2" to a Triple Helix of university–industry–government relations. *Research Policy* 29.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from netweave.insights._frames import share
from netweave.insights.graph import TieGraph
from netweave.insights.tables import GOLDEN_TRIANGLE, NetworkTables
from netweave.insights.warmth import Warmth

__all__ = ["Bridging", "bridging", "golden_triangle", "sector_matrix"]

_K, _B, _G = GOLDEN_TRIANGLE
_PAIRS = {
    "knowledge_business": (_B, _K),
    "knowledge_government": (_G, _K),
    "business_government": (_B, _G),
}
"""Triangle sector pairs as (min, max) of the sector names."""


@dataclass(frozen=True)
class Bridging:
    """Cross-sector and cross-organisation bridging.

    Attributes
    ----------
    warm_ties : int
    cross_sector_share, cross_organisation_share : float
        Shares of warm ties.
    sector_matrix : DataFrame[sector_a, sector_b, ties, weight]
    golden_triangle : DataFrame[theme, knowledge, business, government, present,
        knowledge_business, knowledge_government, business_government, connected]
    themes_present, themes_connected : int
    """

    warm_ties: int
    cross_sector_share: float
    cross_organisation_share: float
    sector_matrix: pl.DataFrame
    golden_triangle: pl.DataFrame
    themes_present: int
    themes_connected: int


def _with_ends(ties: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """Add organisation and sector of both ends (``org_a``, ``sector_a``, …)."""
    info = people.select("person_id", "organisation_id", "sector").unique("person_id")
    for end in ("a", "b"):
        ties = ties.join(
            info.rename(
                {"person_id": end, "organisation_id": f"org_{end}", "sector": f"sector_{end}"}
            ),
            on=end,
            how="left",
        )
    return ties


def sector_matrix(tie_graph: TieGraph) -> pl.DataFrame:
    """Ties and weight per unordered sector pair (ties with an unknown sector are left out)."""
    ends = _with_ends(tie_graph.ties, tie_graph.vertices).drop_nulls(["sector_a", "sector_b"])
    return (
        ends.select(
            pl.min_horizontal("sector_a", "sector_b").alias("sector_a"),
            pl.max_horizontal("sector_a", "sector_b").alias("sector_b"),
            "weight",
        )
        .group_by("sector_a", "sector_b")
        .agg(pl.len().cast(pl.UInt32).alias("ties"), pl.col("weight").sum())
        .sort("sector_a", "sector_b")
    )


def golden_triangle(tables: NetworkTables, tie_graph: TieGraph) -> pl.DataFrame:
    """Per theme: triangle members per sector, ties per sector pair, present and connected."""
    holders = (
        tables.member_themes.join(tie_graph.vertices.select("person_id", "sector"), on="person_id")
        .filter(pl.col("sector").is_in(GOLDEN_TRIANGLE))
        .unique(["person_id", "theme"])
    )
    per_sector = holders.group_by("theme").agg(
        (pl.col("sector") == s).sum().cast(pl.UInt32).alias(s) for s in GOLDEN_TRIANGLE
    )
    ties = tie_graph.ties.select("a", "b")
    for end in ("a", "b"):
        ties = ties.join(
            holders.rename({"person_id": end, "sector": f"sector_{end}"}),
            on=[end, "theme"] if end == "b" else end,
        )
    crossing = ties.filter(pl.col("sector_a") != pl.col("sector_b")).select(
        "theme",
        pl.min_horizontal("sector_a", "sector_b").alias("low"),
        pl.max_horizontal("sector_a", "sector_b").alias("high"),
    )
    pair_counts = crossing.group_by("theme").agg(
        ((pl.col("low") == low) & (pl.col("high") == high)).sum().cast(pl.UInt32).alias(name)
        for name, (low, high) in _PAIRS.items()
    )
    present = pl.all_horizontal(pl.col(s) > 0 for s in GOLDEN_TRIANGLE)
    connected = present & pl.all_horizontal(pl.col(name) > 0 for name in _PAIRS)
    return (
        per_sector.join(pair_counts, on="theme", how="left")
        .with_columns(pl.col(list(_PAIRS)).fill_null(0).cast(pl.UInt32))
        .with_columns(present.alias("present"), connected.alias("connected"))
        .select("theme", *GOLDEN_TRIANGLE, "present", *_PAIRS, "connected")
        .sort("theme")
    )


def bridging(tables: NetworkTables, tie_graph: TieGraph, ties: Warmth) -> Bridging:
    """Bridging figures of a period.

    Parameters
    ----------
    tables : NetworkTables
    tie_graph : TieGraph
        The period's tie graph (for the sector matrix and the golden triangle).
    ties : Warmth
        Warmth at the end of the period (for the shares of warm ties).

    Returns
    -------
    Bridging
    """
    warm = _with_ends(ties.warm_ties().select("a", "b"), tables.members)
    cross_sector = warm.filter(pl.col("sector_a") != pl.col("sector_b")).height
    cross_org = warm.filter(pl.col("org_a") != pl.col("org_b")).height
    triangle = golden_triangle(tables, tie_graph)
    return Bridging(
        warm_ties=warm.height,
        cross_sector_share=share(cross_sector, warm.height),
        cross_organisation_share=share(cross_org, warm.height),
        sector_matrix=sector_matrix(tie_graph),
        golden_triangle=triangle,
        themes_present=int(triangle["present"].sum()),
        themes_connected=int(triangle["connected"].sum()),
    )
