"""Exports: graph files read back identically by NetworkX and igraph; spreadsheets safe to open."""

from __future__ import annotations

import math
import zipfile
from datetime import date
from xml.etree import ElementTree as ET

import igraph
import networkx as nx
import openpyxl
import polars as pl
import pytest

from netweave.insights import MetricSettings, Period, analyse
from netweave.interop.exporting.graphs import GEXF_NS, year_graph
from netweave.interop.exporting.service import ExportFormat, network_export
from netweave.interop.importing.columns import ImportKind
from netweave.interop.synthetic import network_load_synthetic
from netweave.ledger.models import Interaction, Kind
from netweave.reports.selectors import network_tables

from .conftest import run_import

pytestmark = pytest.mark.django_db
YEAR = 2025
TODAY = date(2026, 6, 30)


@pytest.fixture
def network(small_synthetic):
    return network_load_synthetic(synthetic=small_synthetic, slug="export")


def export(network, fmt, tmp_path, year=YEAR):
    return network_export(
        network=network, fmt=fmt, out=tmp_path / f"out{fmt.suffix}", year=year, today=TODAY
    )


def test_graph_attributes_are_the_insights_figures(network):
    graph = year_graph(network, YEAR)
    insights = analyse(network_tables(network), Period.year(YEAR), MetricSettings())

    brokerage = insights.brokerage.members.sort("person_id")
    nodes = graph.nodes.with_columns(pl.col("id").cast(pl.Int64)).sort("id")
    assert nodes["id"].to_list() == brokerage["person_id"].to_list()
    assert nodes["betweenness"].to_list() == brokerage["betweenness"].to_list()
    communities = insights.cohesion.communities.sort("person_id")["community"].to_list()
    assert nodes["community"].to_list() == communities
    assert graph.edges.height == insights.graph.tie_count > 0
    warm = insights.warmth.ties.join(
        graph.edges.select(
            a=pl.col("source").cast(pl.Int64), b=pl.col("target").cast(pl.Int64), exported="warmth"
        ),
        on=["a", "b"],
    )
    assert warm.height == graph.edges.height
    assert (warm["warmth"] == warm["exported"]).all()


def _expected(graph):
    nodes = {
        row["id"]: {k: v for k, v in row.items() if k != "id" and v is not None}
        for row in graph.nodes.iter_rows(named=True)
    }
    edges = {
        frozenset((row["source"], row["target"])): {
            k: v for k, v in row.items() if k not in ("source", "target")
        }
        for row in graph.edges.iter_rows(named=True)
    }
    return nodes, edges


def test_gexf_reads_back_identically_with_networkx(network, tmp_path):
    path = export(network, ExportFormat.GEXF, tmp_path)
    expected_nodes, expected_edges = _expected(year_graph(network, YEAR))

    read = nx.read_gexf(path, version="1.3")

    assert dict(read.nodes(data=True)) == expected_nodes
    edges = {
        frozenset((a, b)): {k: v for k, v in d.items() if k != "id"}
        for a, b, d in read.edges(data=True)
    }
    assert edges == expected_edges


def test_graphml_reads_back_identically_with_networkx_and_igraph(network, tmp_path):
    path = export(network, ExportFormat.GRAPHML, tmp_path)
    expected_nodes, expected_edges = _expected(year_graph(network, YEAR))

    read = nx.read_graphml(path)
    assert dict(read.nodes(data=True)) == expected_nodes
    assert {frozenset((a, b)): d for a, b, d in read.edges(data=True)} == expected_edges

    other = igraph.Graph.Read_GraphML(str(path))
    # igraph reads every numeric attribute as a float and a missing one as NaN.
    for vertex in other.vs:
        expected = expected_nodes[vertex["id"]]
        for name, value in vertex.attributes().items():
            if name == "id":
                continue
            if name in expected:
                assert value == expected[name], (vertex["id"], name)
            else:
                assert isinstance(value, float) and math.isnan(value)
    for edge in other.es:
        pair = frozenset((other.vs[edge.source]["id"], other.vs[edge.target]["id"]))
        assert edge.attributes() == expected_edges[pair]


def test_gexf_has_the_structure_of_the_gexf_13_schema(network, tmp_path):
    # No PyPI or npm package we could find ships gexf.xsd (gexfpy and graphology-gexf do not),
    # and nothing is fetched at run time: this checks what the 1.3 schema requires instead.
    root = ET.parse(export(network, ExportFormat.GEXF, tmp_path)).getroot()  # noqa: S314 - ours
    ns = {"g": GEXF_NS}

    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    [graph] = root.findall("g:graph", ns)
    assert [child.tag.split("}")[1] for child in graph] == [
        "attributes",
        "attributes",
        "nodes",
        "edges",
    ]
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    types = {"integer": int, "double": float, "string": str}
    for kind in ("node", "edge"):
        declared = {
            a.get("id"): types[a.get("type")]
            for a in graph.findall(f"g:attributes[@class='{kind}']/g:attribute", ns)
        }
        for element in graph.iter(f"{{{GEXF_NS}}}{kind}"):
            for value in element.findall("g:attvalues/g:attvalue", ns):
                assert value.get("for") in declared
                declared[value.get("for")](value.get("value"))
    ids = [node.get("id") for node in graph.iter(f"{{{GEXF_NS}}}node")]
    assert len(ids) == len(set(ids))
    for edge in graph.iter(f"{{{GEXF_NS}}}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
        assert float(edge.get("weight")) > 0


def test_kumu_elements_and_connections(network, tmp_path):
    workbook = openpyxl.load_workbook(export(network, ExportFormat.KUMU, tmp_path))

    assert workbook.sheetnames == ["Elements", "Connections"]
    elements = list(workbook["Elements"].values)
    connections = list(workbook["Connections"].values)
    assert elements[0][:4] == ("Label", "Type", "Organisation", "Sector")
    assert connections[0][:3] == ("From", "To", "Type")
    labels = {row[0] for row in elements[1:]}
    assert len(labels) == len(elements) - 1
    assert all(row[0] in labels and row[1] in labels for row in connections[1:])
    assert len(connections) - 1 == year_graph(network, YEAR).edges.height


def test_csv_export_neutralises_formulas_and_imports_back_unchanged(known, tmp_path):
    Interaction.objects.create(
        network=known.network, occurred_on=date(2026, 1, 5), kind=Kind.HELP,
        person_a=known.anna, person_b=known.bram, note="=HYPERLINK(\"http://evil\")",
    )  # fmt: skip
    path = export(known.network, ExportFormat.CSV, tmp_path, year=None)

    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "asks.csv", "interactions.csv", "members.csv", "offers.csv", "organisations.csv"
        ]  # fmt: skip
        interactions = archive.read("interactions.csv").decode("utf-8-sig")
        (tmp_path / "members.csv").write_bytes(archive.read("members.csv"))
        (tmp_path / "interactions.csv").write_text(interactions)
    assert "'=HYPERLINK" in interactions
    assert not run_import(tmp_path / "members.csv", ImportKind.MEMBERS).changed
    assert not run_import(tmp_path / "interactions.csv", ImportKind.INTERACTIONS).changed


def test_xlsx_export_keeps_a_formula_as_text(known, tmp_path):
    Interaction.objects.create(
        network=known.network, occurred_on=date(2026, 1, 5), kind=Kind.HELP,
        person_a=known.anna, person_b=known.bram, note="=1+1",
    )  # fmt: skip
    workbook = openpyxl.load_workbook(export(known.network, ExportFormat.XLSX, tmp_path, year=2026))

    sheet = workbook["interactions"]
    header = [cell.value for cell in sheet[1]]
    note = sheet.cell(row=2, column=header.index("note") + 1)
    assert (note.value, note.data_type) == ("=1+1", "s")


def test_json_export_restores(network, tmp_path):
    path = export(network, ExportFormat.JSON, tmp_path)

    run_import(path, None, slug="terug")

    assert (
        Interaction.objects.filter(network__slug="terug").count()
        == Interaction.objects.filter(network=network).count()
    )
