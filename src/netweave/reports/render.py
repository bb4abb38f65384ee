"""Render an :class:`~netweave.reports.document.AnnualReport` to HTML and PDF.

HTML is one self-contained file: CSS inline, charts as inline SVG, no script and no external
request. The PDF is WeasyPrint's rendering of the same HTML with print styles: A4, page numbers
in the footer and a table of contents with page numbers (``target-counter``).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from netweave.reports.document import AnnualReport
from netweave.reports.sections.glossary import GLOSSARY

__all__ = ["render_html", "render_pdf"]

TEMPLATE = "reports/annual_report.html"
LONG_TABLE = 60
"""In the PDF, a table of more rows is printed as compact monospaced lines: the same figures,
but laid out in a fraction of the time (print layout of a table cell costs about 1 ms)."""


def render_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    """The report as one HTML document in the report's language.

    ``for_pdf`` lists only the ``members.shown_in_pdf`` most active members in the appendix and
    ``organisations.rows_in_pdf`` (a printed list of thousands of
    rows helps nobody, and print layout time grows with rows); the HTML lists all.
    """
    members = report.members.rows[: report.members.shown_in_pdf] if for_pdf else report.members.rows
    organisations = report.organisations.rows_in_pdf if for_pdf else report.organisations.rows
    context = {
        "report": report,
        "members": members,
        "organisations": organisations,
        "for_pdf": for_pdf,
        "long_table": LONG_TABLE,
        "glossary": GLOSSARY,
    }
    with translation.override(report.language):
        return render_to_string(TEMPLATE, context)


def render_pdf(report: AnnualReport) -> bytes:
    """The report as a print-quality PDF (WeasyPrint)."""
    from weasyprint import HTML  # imported here: it is slow to import and only needed for PDF

    html = render_html(report, for_pdf=True)
    # Everything the document needs is inline; refuse any fetch so a stray URL in network data
    # (a charter, a name) can never make the renderer reach out.
    # PDF/UA-1: tagged structure and the document language, as Dutch public bodies must publish.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant="pdf/ua-1")


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"the report fetches nothing, not {url!r}")
