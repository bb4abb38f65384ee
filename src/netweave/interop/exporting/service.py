"""Export one network to a file: the one door for the command line and the download page."""

from __future__ import annotations

import enum
import json
from datetime import date
from pathlib import Path

from netweave.interop.exporting import graphs, tables
from netweave.interop.snapshot import network_snapshot
from netweave.networks.models import Network


class ExportFormat(enum.StrEnum):
    CSV = "csv"  # a zip of one CSV per table
    XLSX = "xlsx"
    GEXF = "gexf"
    GRAPHML = "graphml"
    JSON = "json"
    KUMU = "kumu"  # XLSX in Kumu's layout

    @property
    def suffix(self) -> str:
        return {"csv": ".zip", "kumu": ".xlsx"}.get(self.value, f".{self.value}")


GRAPH_FORMATS = (ExportFormat.GEXF, ExportFormat.GRAPHML, ExportFormat.KUMU)


def network_export(
    *, network: Network, fmt: ExportFormat, out: Path, year: int | None, today: date
) -> Path:
    """Write ``network`` to ``out`` in ``fmt``; graphs are of ``year`` (default: last year)."""
    if fmt in GRAPH_FORMATS:
        graph = graphs.year_graph(network, year if year is not None else today.year - 1)
        {
            ExportFormat.GEXF: graphs.write_gexf,
            ExportFormat.GRAPHML: graphs.write_graphml,
            ExportFormat.KUMU: graphs.write_kumu,
        }[fmt](graph, out)
    elif fmt == ExportFormat.JSON:
        with out.open("w", encoding="utf-8") as stream:
            json.dump(network_snapshot(network), stream, ensure_ascii=False)
    else:
        frames = tables.network_export_tables(network, year)
        (tables.write_csv_zip if fmt == ExportFormat.CSV else tables.write_xlsx)(frames, out)
    return out
