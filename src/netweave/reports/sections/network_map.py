"""The network map: every member with a tie, in the places the stored layout gives them."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from netweave.reports import network_map
from netweave.reports.sections.context import ReportContext, sector_label
from netweave.reports.sections.health import top_brokers

__all__ = ["MapSection", "map_section"]


@dataclass(frozen=True)
class MapSection:
    svg: str
    aggregated: bool
    """Drawn by organisation: the network is too large to draw people."""


def map_section(ctx: ReportContext, positions: pl.DataFrame) -> MapSection:
    drawing = network_map.draw(
        tables=ctx.tables,
        graph=ctx.current.graph,
        brokers=[int(p) for p in top_brokers(ctx.current)["person_id"]],
        organisations=ctx.organisations,
        sector_label=sector_label,
        positions=positions,
    )
    return MapSection(drawing.svg, drawing.aggregated)
