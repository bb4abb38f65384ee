"""Constants shared by the report tests (a module, not conftest, so tests can import them), and
readers of what a report built from hand-made tables shows."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from netweave.insights import NetworkTables
from netweave.reports.assemble import report_assemble
from netweave.reports.document import ReportSources
from netweave.reports.render import render_html

YEAR = 2025
TODAY = date(2026, 6, 30)
PASSWORD = "report-test-pw-123"


def ada_bo_cas_dewi(
    joined: list[date], left: list[date | None], ties: list[tuple[int, int, date]]
) -> NetworkTables:
    """Ada and Bo (knowledge, Hogeschool), Cas and Dewi (business, Bakkerij), people 1 to 4,
    with the days they joined and left, and one meeting per ``(a, b, on)`` of ``ties``."""
    organisations = pl.DataFrame(
        {
            "organisation_id": [1, 2],
            "name": ["Hogeschool", "Bakkerij"],
            "sector": ["knowledge", "business"],
        }
    )
    members = pl.DataFrame(
        {
            "person_id": [1, 2, 3, 4],
            "organisation_id": [1, 1, 2, 2],
            "sector": ["knowledge", "knowledge", "business", "business"],
            "joined": joined,
            "left": left,
        },
        schema_overrides={"left": pl.Date},
    )
    interactions = pl.DataFrame(
        [(a, b, on, "meeting", False, "network", "logged", 1.0) for a, b, on in ties],
        schema=["a", "b", "on", "kind", "directed", "purpose", "source", "weight"],
        orient="row",
    )
    return NetworkTables.build(
        organisations=organisations, members=members, interactions=interactions
    )


def hand_made_html(tables: NetworkTables, language: str) -> str:
    """The HTML report of ``YEAR`` of a network made by hand, the year over. No database."""
    report = report_assemble(
        tables=tables,
        sources=ReportSources(name="Vier", slug="vier"),
        year=YEAR,
        language=language,
        generated_on=date(YEAR + 1, 1, 5),
    )
    return render_html(report)


def tile(html: str, name: str) -> tuple[str, str]:
    """(value, change and direction) of a tile of "the year in numbers"."""
    found = re.search(
        rf'data-figure="{name}" data-value="[^"]*">([^<]*)</span></div>'
        rf'<div class="tile-label">[^<]*</div>\s*<div class="tile-change">(.*?)</div>',
        html,
        re.S,
    )
    assert found, name
    return found.group(1), re.sub(r"<[^>]+>", "", found.group(2)).strip()


def health_row(html: str, name: str) -> tuple[str, str, str]:
    """(this year, last year, change and direction) of a row of the health table."""
    found = re.search(
        rf'data-figure="{name}" data-value="[^"]*">([^<]*)</td>'
        rf'<td class="num"><span data-previous="{name}" data-value="[^"]*">([^<]*)</span></td>'
        r"<td>(.*?)</td>",
        html,
        re.S,
    )
    assert found, name
    return found.group(1), found.group(2), re.sub(r"<[^>]+>", "", found.group(3)).strip()
