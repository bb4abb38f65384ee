"""Constants shared by the report tests (a module, not conftest, so tests can import them), and
readers of what a report built from hand-made tables shows."""

from __future__ import annotations

import re
from datetime import date

from netweave.insights import NetworkTables
from netweave.reports.assemble import report_assemble
from netweave.reports.document import ReportSources
from netweave.reports.render import render_html

YEAR = 2025
TODAY = date(2026, 6, 30)
PASSWORD = "report-test-pw-123"


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
