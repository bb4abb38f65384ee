"""The PDF: print pages with numbers, a table of contents whose page numbers are right."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from netweave.reports.render import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf(fixture, tmp_path_factory, django_db_blocker):
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils (pdftotext, pdfinfo) is required; .ci/run installs it")
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with django_db_blocker.unblock():
        path.write_bytes(render_pdf(fixture.report("en")))
    return path


def _pages(path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")[:-1]


def test_pdf_has_the_expected_pages(pdf, fixture):
    info = subprocess.run(
        ["pdfinfo", str(pdf)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    pages = _pages(pdf)
    assert count == len(pages)
    # Cover, contents, then each of the ten sections on a page of its own at least.
    assert count >= 2 + len(fixture.report("en").sections)
    assert "A4" in info or "595.28 x 841.89" in info
    assert fixture.network.name in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"{number} / {count}" in page, number


def test_table_of_contents_points_at_the_right_pages(pdf, fixture):
    pages = _pages(pdf)
    contents = pages[1]
    for section in fixture.report("en").sections:
        match = re.search(rf"{re.escape(section.title)}\s*\.*\s*(\d+)", contents)
        assert match, section.title
        page = int(match.group(1))
        assert section.title in pages[page - 1], (section.title, page)


def test_pdf_is_tagged_for_accessibility_with_its_language(pdf):
    """PDF/UA-1, as Dutch public bodies must publish: a structure tree and the document language."""
    from pypdf import PdfReader

    info = subprocess.run(
        ["pdfinfo", str(pdf)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"Tagged:\s+yes", info)
    catalog = PdfReader(pdf).trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
