"""The network of one year as a graph file: GEXF 1.3 (Gephi), GraphML, and Kumu's XLSX.

Nodes are members, edges their ties in the year, both with the attributes a steward colours and
sizes a map by. Every figure comes from :mod:`netweave.insights` — the tie graph, warmth at the
year's end, brokerage (betweenness, Burt's constraint) and Leiden communities — as the annual
report computes them, never again here:

- node: ``label`` (name), ``organisation``, ``sector``, ``community``, ``betweenness``,
  ``constraint`` (left out for an isolated member, where it is undefined);
- edge: ``weight`` (the year's interactions weighted by kind), ``interactions``, ``warmth``.

Floats are written with :func:`repr`, so a reader gets back exactly the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import polars as pl

from netweave.insights import MetricSettings, Period, brokerage, cohesion, tie_graph, warmth
from netweave.networks.models import Network, Organisation, Person
from netweave.reports.selectors import network_tables

GEXF_NS = "http://gexf.net/1.3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

NODE_ATTRIBUTES = {
    "organisation": "string",
    "sector": "string",
    "community": "integer",
    "betweenness": "double",
    "constraint": "double",
}
EDGE_ATTRIBUTES = {"interactions": "integer", "warmth": "double"}


@dataclass(frozen=True)
class YearGraph:
    """nodes: [id, label, organisation, sector, community, betweenness, constraint];
    edges: [source, target, weight, interactions, warmth] — ids are person keys as text."""

    year: int
    nodes: pl.DataFrame
    edges: pl.DataFrame


def year_graph(network: Network, year: int) -> YearGraph:
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    tables = network_tables(network, dict(settings.kind_weights))
    period = Period.year(year)
    graph = tie_graph(tables, period, settings)
    broker = brokerage(graph, settings).members
    communities = cohesion(graph, settings).communities
    tie_warmth = warmth(tables, period.end, settings).ties.select("a", "b", "warmth")
    names = pl.DataFrame(
        list(Person.objects.filter(network=network).values_list("pk", "first_name", "last_name")),
        schema={"person_id": pl.Int64, "first": pl.String, "last": pl.String},
        orient="row",
    )
    organisations = pl.DataFrame(
        list(Organisation.objects.filter(network=network).values_list("pk", "name")),
        schema={"organisation_id": pl.Int64, "organisation": pl.String},
        orient="row",
    )
    nodes = (
        graph.vertices.join(names, on="person_id", how="left", maintain_order="left")
        .join(organisations, on="organisation_id", how="left", maintain_order="left")
        .join(communities, on="person_id", how="left", maintain_order="left")
        .join(broker, on="person_id", how="left", maintain_order="left")
        .select(
            id=pl.col("person_id").cast(pl.String),
            label=pl.concat_str("first", "last", separator=" ").str.strip_chars(),
            organisation="organisation",
            sector="sector",
            community=pl.col("community").cast(pl.Int64),
            betweenness="betweenness",
            constraint=pl.col("constraint").fill_nan(None),
        )
    )
    edges = graph.ties.join(tie_warmth, on=["a", "b"], how="left", maintain_order="left").select(
        source=pl.col("a").cast(pl.String),
        target=pl.col("b").cast(pl.String),
        weight="weight",
        interactions=pl.col("interactions").cast(pl.Int64),
        warmth=pl.col("warmth").fill_null(0.0),
    )
    return YearGraph(year, nodes, edges)


def _text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def write_gexf(graph: YearGraph, out: Path) -> None:
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(
        f"{{{GEXF_NS}}}gexf",
        {"version": "1.3", f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"},
    )
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "netweave"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = f"ties in {graph.year}"
    body = ET.SubElement(
        root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "undirected", "mode": "static"}
    )
    for kind, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = ET.SubElement(body, f"{{{GEXF_NS}}}attributes", {"class": kind})
        for name, gexf_type in attributes.items():
            ET.SubElement(
                declared, f"{{{GEXF_NS}}}attribute", {"id": name, "title": name, "type": gexf_type}
            )
    nodes = ET.SubElement(body, f"{{{GEXF_NS}}}nodes")
    for row in graph.nodes.iter_rows(named=True):
        node = ET.SubElement(
            nodes, f"{{{GEXF_NS}}}node", {"id": row["id"], "label": row["label"] or ""}
        )
        _gexf_values(node, row, NODE_ATTRIBUTES)
    edges = ET.SubElement(body, f"{{{GEXF_NS}}}edges")
    for number, row in enumerate(graph.edges.iter_rows(named=True)):
        edge = ET.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            {"id": str(number), "source": row["source"], "target": row["target"],
             "weight": _text(row["weight"])},
        )  # fmt: skip
        _gexf_values(edge, row, EDGE_ATTRIBUTES)
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def _gexf_values(element: ET.Element, row: dict[str, Any], attributes: dict[str, str]) -> None:
    present = [(name, row[name]) for name in attributes if row[name] is not None]
    if present:
        values = ET.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        for name, value in present:
            ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": name, "value": _text(value)})


GRAPHML_TYPES = {"string": "string", "integer": "long", "double": "double"}


def write_graphml(graph: YearGraph, out: Path) -> None:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = {
        "node": {"label": "string", **NODE_ATTRIBUTES},
        "edge": {"weight": "double", **EDGE_ATTRIBUTES},
    }
    for kind, attributes in keys.items():
        for name, kind_type in attributes.items():
            ET.SubElement(
                root,
                f"{{{GRAPHML_NS}}}key",
                {"id": f"{kind}_{name}", "for": kind, "attr.name": name,
                 "attr.type": GRAPHML_TYPES[kind_type]},
            )  # fmt: skip
    body = ET.SubElement(
        root, f"{{{GRAPHML_NS}}}graph", {"id": str(graph.year), "edgedefault": "undirected"}
    )
    for row in graph.nodes.iter_rows(named=True):
        node = ET.SubElement(body, f"{{{GRAPHML_NS}}}node", {"id": row["id"]})
        _graphml_data(node, "node", row, keys["node"])
    for row in graph.edges.iter_rows(named=True):
        edge = ET.SubElement(
            body, f"{{{GRAPHML_NS}}}edge", {"source": row["source"], "target": row["target"]}
        )
        _graphml_data(edge, "edge", row, keys["edge"])
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def _graphml_data(
    element: ET.Element, kind: str, row: dict[str, Any], keys: dict[str, str]
) -> None:
    for name in keys:
        if row[name] is not None:
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": f"{kind}_{name}"}).text = _text(
                row[name]
            )


def write_kumu(graph: YearGraph, out: Path) -> None:
    """Kumu's import layout: sheet "Elements" (Label, Type, …) and "Connections" (From, To, …).

    Kumu joins connections to elements by label, so a label two members share gets the
    member's number added.
    """
    from netweave.interop.exporting.tables import write_xlsx

    nodes = graph.nodes.with_columns(
        Label=pl.when(pl.col("label").is_duplicated())
        .then(pl.concat_str("label", pl.lit(" ("), "id", pl.lit(")")))
        .otherwise("label")
    )
    labels = dict(zip(nodes["id"], nodes["Label"], strict=True))
    elements = nodes.select(
        "Label",
        Type=pl.lit("Person"),
        Organisation="organisation",
        Sector="sector",
        Community="community",
        Betweenness="betweenness",
        Constraint="constraint",
    )
    connections = graph.edges.select(
        From=pl.col("source").replace_strict(labels),
        To=pl.col("target").replace_strict(labels),
        Type=pl.lit("Tie"),
        Weight="weight",
        Interactions="interactions",
        Warmth="warmth",
    )
    write_xlsx({"Elements": elements, "Connections": connections}, out)
