"""Charts and the network map: well-formed SVG, stable layout, aggregation when large.

These use hand-made tables: no database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import polars as pl
import pytest
from django.utils import translation

from netweave.insights import NetworkTables, Period, tie_graph
from netweave.insights.layout import map_layout
from netweave.insights.tables import SECTORS
from netweave.reports import charts, network_map
from netweave.reports.document import MatrixCell
from netweave.reports.sections.context import sector_label
from netweave.reports.sections.organisations import organisation_sentence


def _tables(members: int, organisations: int, days: int = 700) -> NetworkTables:
    orgs = pl.DataFrame(
        {
            "organisation_id": range(1, organisations + 1),
            "name": [f"Org {i}" for i in range(1, organisations + 1)],
            "sector": [SECTORS[i % len(SECTORS)] for i in range(organisations)],
        }
    )
    people = pl.DataFrame(
        {
            "person_id": range(1, members + 1),
            "organisation_id": [1 + i % organisations for i in range(members)],
            "sector": [SECTORS[(i % organisations) % len(SECTORS)] for i in range(members)],
            "joined": [date(2023, 1, 1)] * members,
            "left": [None] * members,
        },
        schema_overrides={"left": pl.Date},
    )
    start = date(2024, 1, 1)
    rows = [
        (1 + i % members, 1 + (i * 7 + 3) % members, start + timedelta(days=i % days))
        for i in range(members * 6)
    ]
    interactions = pl.DataFrame(
        [(a, b, on, "meeting", False, "network", "logged", 1.0) for a, b, on in rows if a != b],
        schema=["a", "b", "on", "kind", "directed", "purpose", "source", "weight"],
        orient="row",
    )
    return NetworkTables.build(organisations=orgs, members=people, interactions=interactions)


def _draw(tables: NetworkTables, year: int, positions: pl.DataFrame | None = None):
    graph = tie_graph(tables, Period.year(year))
    names = dict(tables.organisations.select("organisation_id", "name").iter_rows())
    if positions is None:
        positions = map_layout(graph).positions
    with translation.override("en"):
        return network_map.draw(
            tables=tables,
            graph=graph,
            brokers=[1, 2],
            organisations=names,
            sector_label=sector_label,
            positions=positions,
        )


def test_map_is_valid_svg_with_sector_colours():
    drawing = _draw(_tables(40, 10), 2024)
    root = ET.fromstring(  # noqa: S314 - our own SVG
        drawing.svg
    )
    assert root.tag.endswith("svg")
    assert not drawing.aggregated
    for colour in charts.SECTOR_COLOURS.values():
        assert colour in drawing.svg


def test_map_draws_people_where_the_layout_puts_them_from_year_to_year():
    """The drawing is the layout under one uniform scale and shift, so a person seeded from
    last year's layout sits where the layout moved them, not somewhere of the drawing's own."""
    tables = _tables(40, 10)
    graph_2024 = tie_graph(tables, Period.year(2024))
    layout_2024 = map_layout(graph_2024).positions
    layout_2025 = map_layout(tie_graph(tables, Period.year(2025)), layout_2024).positions
    for year, layout in ((2024, layout_2024), (2025, layout_2025)):
        place = network_map.page_transform(layout)
        expected = [place(x, y) for _p, x, y in layout.iter_rows()]
        drawn = network_map.dot_centres(_draw(tables, year, layout).svg)
        assert len(drawn) >= len(expected)  # every person, plus broker rings
        for x, y in drawn:
            assert min(abs(x - ex) + abs(y - ey) for ex, ey in expected) < 0.2


def test_large_networks_are_drawn_by_organisation():
    drawing = _draw(_tables(network_map.MEMBER_LIMIT + 200, 120), 2024)
    assert drawing.aggregated
    ET.fromstring(  # noqa: S314 - our own SVG
        drawing.svg
    )
    assert drawing.svg.count("<circle") < network_map.MEMBER_LIMIT


def test_charts_are_valid_svg():
    cells = [MatrixCell("business", "knowledge", 12, 9), MatrixCell("knowledge", "knowledge", 3, 5)]
    sectors = [("knowledge", "Knowledge"), ("business", "Business")]
    with translation.override("en"):
        for svg in (
            charts.sector_matrix(cells, sectors, caption="ties"),
            charts.funnel(
                [("Suggested", 10), ("Met", 4)], of_previous="%(share)s of before", title="Funnel"
            ),
            charts.bars([("Idea", 3), ("Running", 0)], title="Stages"),
        ):
            ET.fromstring(  # noqa: S314 - our own SVG
                svg
            )


def _row(given, members, organisations, received=0, made=0, met=0, hosted=0) -> dict:
    return {
        "given": given,
        "beneficiaries": members,
        "beneficiary_organisations": organisations,
        "received": received,
        "introductions_made": made,
        "introductions_met": met,
        "routines_hosted": hosted,
    }


@pytest.mark.parametrize(
    ("row", "english", "dutch"),
    [
        (
            _row(14, 9, 6, made=3, met=2),
            "Helped 9 members of 6 other organisations, 14 times in all; "
            "made 3 introductions, 2 of which met.",
            "Hielp 9 leden van 6 andere organisaties, in totaal 14 keer; "
            "bracht 3 keer mensen met elkaar in contact, 2 keer met een ontmoeting als gevolg.",
        ),
        (
            _row(1, 1, 1, received=1, made=1, met=1, hosted=1),
            "Helped one member of another organisation, once; was helped once; "
            "made one introduction, and the two met; hosted one routine meeting.",
            "Hielp één lid van een andere organisatie, één keer; werd één keer geholpen; "
            "bracht één keer mensen met elkaar in contact, en zij ontmoetten elkaar; "
            "organiseerde één vaste bijeenkomst.",
        ),
        (
            _row(2, 2, 2, made=2, met=1),
            "Helped 2 members of 2 other organisations, 2 times in all; "
            "made 2 introductions, one of which met.",
            "Hielp 2 leden van 2 andere organisaties, in totaal 2 keer; "
            "bracht 2 keer mensen met elkaar in contact, één keer met een ontmoeting als gevolg.",
        ),
        (
            _row(0, 0, 0, received=2),
            "Gave no help to other organisations; was helped 2 times.",
            "Hielp geen andere organisaties; werd 2 keer geholpen.",
        ),
    ],
)
def test_organisation_sentence_reads_as_written_by_a_person(row, english, dutch):
    with translation.override("en"):
        assert organisation_sentence(row) == english
    with translation.override("nl"):
        assert organisation_sentence(row) == dutch


def test_a_sparse_hand_made_network_still_makes_a_whole_report():
    from netweave.reports.assemble import report_assemble
    from netweave.reports.document import ReportSources
    from netweave.reports.render import render_html

    tables = _tables(12, 3, days=300)
    sources = ReportSources(name="Tiny", slug="tiny", purpose="Test.")
    report = report_assemble(
        tables=tables, sources=sources, year=2024, language="nl", generated_on=date(2025, 1, 2)
    )
    html = render_html(report)
    assert report.members.rows and report.organisations.rows
    assert "Netwerkjaarverslag" in html and "Tiny" in html
    # Nobody has a name in the sources: everyone is shown by role and organisation.
    assert all(" van " in row.label or row.label.startswith("Lid") for row in report.members.rows)


def test_an_empty_year_gives_zeros_not_errors():
    from netweave.reports.assemble import report_assemble
    from netweave.reports.document import ReportSources
    from netweave.reports.render import render_html

    report = report_assemble(
        tables=_tables(12, 3),
        sources=ReportSources(name="Tiny", slug="tiny"),
        year=2030,
        language="en",
        generated_on=date(2031, 1, 1),
    )
    assert {f.name: f.current for f in report.numbers.figures}["interactions"] == 0
    assert "No introductions were made this year." in render_html(report)


def test_every_chart_names_its_numbers_for_a_screen_reader():
    cells = [MatrixCell("business", "knowledge", 12, 9), MatrixCell("knowledge", "knowledge", 0, 5)]
    sectors = [("knowledge", "Knowledge"), ("business", "Business")]
    with translation.override("en"):
        assert "<title>Stages: Idea 3, Running 0</title>" in charts.bars(
            [("Idea", 3), ("Running", 0)], title="Stages"
        )
        assert "<title>Funnel: Suggested 10, Met 4</title>" in charts.funnel(
            [("Suggested", 10), ("Met", 4)], of_previous="%(share)s", title="Funnel"
        )
        assert "<title>ties: Business – Knowledge 12</title>" in charts.sector_matrix(
            cells, sectors, caption="ties"
        )


def test_a_pair_far_from_the_rest_is_drawn_at_the_margin_and_does_not_shrink_the_map():
    """A force layout pushes a pair that meets only each other far away; scaled to them, the
    demo's map was a blob of 2 % of the page. Now the rest fills the page and the pair sits at
    the margin, in its own direction."""
    side = list(range(10))
    rest = pl.DataFrame(
        {
            "person_id": range(100),
            "x": [float(i) for i in side for _j in side],
            "y": [float(j) for _i in side for j in side],
        }
    )
    far = pl.DataFrame({"person_id": [100, 101], "x": [4.5, 4.6], "y": [900.0, 901.0]})
    place = network_map.page_transform(pl.concat([rest, far]))
    xs = [place(x, y)[0] for _p, x, y in rest.iter_rows()]
    assert max(xs) - min(xs) > 0.75 * network_map.SIZE
    for _p, x, y in far.iter_rows():
        px, py = place(x, y)
        assert py == pytest.approx(network_map.SIZE - network_map.MARGIN)
        assert abs(px - network_map.CENTRE) < 0.05 * network_map.SIZE


def test_the_map_says_what_it_shows_in_numbers_for_a_screen_reader():
    """Its text alternative is more than "Network map": how many members and ties it draws, and
    where the same is printed as text."""
    tables = _tables(40, 10)
    graph = tie_graph(tables, Period.year(2024))
    title = ET.fromstring(_draw(tables, 2024).svg).find("{http://www.w3.org/2000/svg}title")  # noqa: S314
    assert title is not None
    assert title.text.startswith(
        f"Network map of {graph.vertex_count} members and {graph.tie_count} ties this year"
    )
    assert "“Who works with whom”" in title.text and "appendix" in title.text
