"""Render an :class:`~netweave.reports.document.AnnualReport` to HTML and PDF.

HTML is one self-contained file: CSS inline, charts as inline SVG, no script and no external
request. The PDF is WeasyPrint's rendering of the same HTML with print styles: A4, page numbers
in the footer and a table of contents with page numbers (``target-counter``).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import cast

from django.template.loader import get_template, render_to_string
from django.utils import translation

from netweave.collector import collector_paused
from netweave.reports.document import AnnualReport
from netweave.reports.html_tree import weasyprint_html
from netweave.reports.sections.glossary import GLOSSARY

__all__ = ["pdf_rendered_beside", "render_html", "render_pdf"]

logger = logging.getLogger(__name__)

TEMPLATE = "reports/annual_report.html"
LONG_TABLE = 60
"""In the PDF, a table of more rows is printed as compact monospaced lines: the same figures,
but laid out in a fraction of the time (print layout of a table cell costs about 1 ms)."""
DATA_ATTRIBUTES = re.compile(r' data-[a-z-]+="[^"]*"')
"""The ``data-*`` attributes that let the tests read figures back from the HTML: the PDF has no
use for them, and WeasyPrint's pure-Python parser tokenises every attribute (2 % of the
150-member PDF's Python calls). Text never matches: Django escapes its quotes."""
CHILD_PATIENCE = 600.0
"""Seconds :func:`pdf_rendered_beside` waits for the forked PDF process before rendering the
PDF itself (a 10,000-member report takes about ten)."""


def render_html(report: AnnualReport, *, for_pdf: bool = False) -> str:
    """The report as one HTML document in the report's language.

    ``for_pdf`` lists only the ``members.shown_in_pdf`` most active members in the appendix,
    ``organisations.rows_in_pdf``, ``routines.rows_in_pdf`` and
    ``initiatives.partnered_in_pdf`` (a printed list of hundreds or thousands of rows helps
    nobody, and print layout time grows with rows); the HTML lists all.
    """
    members = report.members.rows[: report.members.shown_in_pdf] if for_pdf else report.members.rows
    organisations = report.organisations.rows_in_pdf if for_pdf else report.organisations.rows
    routines = report.routines.rows_in_pdf if for_pdf else report.routines.rows
    partnered = report.initiatives.partnered_in_pdf if for_pdf else report.initiatives.partnered
    context = {
        "report": report,
        "members": members,
        "organisations": organisations,
        "routines": routines,
        "partnered": partnered,
        "for_pdf": for_pdf,
        "long_table": LONG_TABLE,
        "glossary": GLOSSARY,
    }
    with translation.override(report.language):
        return render_to_string(TEMPLATE, context)


def render_pdf(report: AnnualReport) -> bytes:
    """The report as a print-quality PDF (WeasyPrint)."""
    html = DATA_ATTRIBUTES.sub("", render_html(report, for_pdf=True))
    # Everything the document needs is inline; refuse any fetch so a stray URL in network data
    # (a charter, a name) can never make the renderer reach out.
    # PDF/UA-1: tagged structure and the document language, as Dutch public bodies must publish.
    # WeasyPrint's millions of boxes set the collector off hundreds of times per PDF, each time
    # walking every object of the process, the caller's included: about 13 % of the PDF's CPU
    # (1.0 of 7.4 CPU s at 150 members, 2.3 of 17 at 10,000, load average near 10). Most of
    # what it leaves behind is freed by reference counting (peak memory of the 10,000-member
    # PDF 430 → 435 MiB); about 220,000 objects in cycles wait for the next collection (0.2 CPU
    # s), which the forked PDF process never makes: it exits.
    with collector_paused():
        document = weasyprint_html(html, _refuse_fetch)  # WeasyPrint imported there: it is slow
        return document.write_pdf(pdf_variant="pdf/ua-1")


@contextmanager
def pdf_rendered_beside(
    report: AnnualReport, *, fork: bool = True
) -> Iterator[Callable[[], bytes]]:
    """Start :func:`render_pdf` of ``report`` in a forked process; yields a function that waits
    for the PDF's bytes (and raises what rendering raised).

    The PDF is the slow part of a report and WeasyPrint uses one core, so the caller renders
    the HTML edition on the other core meanwhile. Forked, not spawned: a fresh interpreter
    would spend about a second importing WeasyPrint and Django first. The child only renders
    (a template and WeasyPrint: no database, no Polars) and sends the bytes back.

    Python warns that forking a multi-threaded process may deadlock the child: Polars' worker
    threads exist here, and a lock one of them held would stay held in the child. The child
    takes none of Polars' locks; and should it die or hang all the same, the PDF is rendered
    in this process after :data:`CHILD_PATIENCE` seconds, so a report is never lost to it.
    Unless ``fork`` (nothing to overlap), with one core, or where fork is unavailable, the PDF
    is rendered when asked for, in this process.
    """
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if not fork or not forkable or len(os.sched_getaffinity(0)) < 2:
        yield lambda: render_pdf(report)
        return
    # Loaded before the fork, so the child inherits it: loading Django's template engine imports
    # every app's template tags (0.3 CPU s; 1.6 before scikit-learn was imported only where a
    # text is matched), which parent and child would otherwise each pay on a first report.
    get_template(TEMPLATE)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_render_pdf_into, args=(report, send), daemon=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        child.start()
    send.close()

    def wait() -> bytes:
        try:
            result = receive.recv() if receive.poll(CHILD_PATIENCE) else None
        except EOFError:
            result = None
        if result is None:  # the child died or hangs: render here
            logger.warning("the PDF process gave no PDF (exit %s); rendering here", child.exitcode)
            child.terminate()
            return render_pdf(report)
        if isinstance(result, BaseException):
            raise result
        return cast(bytes, result)

    try:
        yield wait
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()  # the caller failed before it needed the PDF
        child.join()


def _render_pdf_into(report: AnnualReport, send: Connection) -> None:
    """The forked child of :func:`pdf_rendered_beside`: sends the PDF's bytes or the error.

    The heap inherited from the parent (Django, Polars, the assembled report) is frozen
    first: no collection here walks it again (nor copies the memory pages it would touch).
    """
    gc.freeze()
    try:
        send.send(render_pdf(report))
    except Exception as error:  # handed to the parent, which raises it
        try:
            pickle.dumps(error)
        except Exception:  # an error that cannot travel is described
            error = RuntimeError(f"{type(error).__name__}: {error}")
        send.send(error)
    finally:
        send.close()


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"the report fetches nothing, not {url!r}")
