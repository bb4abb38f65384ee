"""The PDF: print pages with numbers, a table of contents whose page numbers are right."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.utils import translation

from netweave import synth
from netweave.reports import render
from netweave.reports.assemble import report_assemble
from netweave.reports.html_tree import parse_report_html, weasyprint_html
from netweave.reports.render import render_pdf
from netweave.reports.sources import sources_from_synthetic

pytestmark = pytest.mark.django_db


def _render(fixture, tmp_path_factory, django_db_blocker, language: str):
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils (pdftotext, pdfinfo) is required; .ci/run installs it")
    path = tmp_path_factory.mktemp("pdf") / f"report-{language}.pdf"
    with django_db_blocker.unblock():
        path.write_bytes(render_pdf(fixture.report(language)))
    return path


@pytest.fixture(scope="module")
def pdf(fixture, tmp_path_factory, django_db_blocker):
    return _render(fixture, tmp_path_factory, django_db_blocker, "en")


@pytest.fixture(scope="module")
def dutch_pdf(fixture, tmp_path_factory, django_db_blocker):
    return _render(fixture, tmp_path_factory, django_db_blocker, "nl")


GENERATED = synth.SynthConfig(members=150, years=3, until=date(2026, 11, 23), seed=11)
"""A network other than the fixture, the benchmark's size: its organisation table used to end
with five rows alone on a page before the map (a chapter a page high)."""


@pytest.fixture(scope="module")
def generated_pdf(tmp_path_factory):
    network = synth.generate(GENERATED)
    with translation.override("nl"):
        report = report_assemble(
            tables=network.tables,
            sources=sources_from_synthetic(network, "nl"),
            year=GENERATED.until.year - 1,
            language="nl",
            generated_on=GENERATED.until,
        )
        path = tmp_path_factory.mktemp("pdf") / "generated-nl.pdf"
        path.write_bytes(render_pdf(report))
    return path


def _poppler(tool: str, path, *options: str) -> str:
    """What poppler's ``pdftotext`` or ``pdfinfo`` prints for ``path``."""
    command = [tool, *options, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _pages(path) -> list[str]:
    return _poppler("pdftotext", path, "-layout").split("\f")[:-1]


def test_pdf_has_the_expected_pages(pdf, fixture):
    info = _poppler("pdfinfo", pdf)
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    pages = _pages(pdf)
    assert count == len(pages)
    # Cover, contents and eleven chapters flowing on from each other over more pages than that.
    assert count >= 2 + len(fixture.report("en").contents)
    assert "A4" in info or "595.28 x 841.89" in info
    assert fixture.network.name in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"{number} / {count}" in page, number


def test_table_of_contents_points_at_the_right_pages(pdf, fixture):
    pages = _pages(pdf)
    contents = pages[1]
    for section in fixture.report("en").contents:
        # The title, its leader (dots, spaced), its page number.
        match = re.search(rf"{re.escape(section.title)}[\s.]*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, section.title
        page = int(match.group(1))
        assert section.title in pages[page - 1], (section.title, page)


def test_the_printed_appendix_puts_each_organisation_beside_its_member(pdf, fixture):
    """One line a member where it fits: "name · organisation", not the organisation on a line
    of its own under the name (at 150 members: two pages and 9 % of WeasyPrint's Python calls)."""
    text = " ".join(_poppler("pdftotext", pdf, "-raw").split())
    start, end = text.rindex("Appendix: what each member did"), text.rindex("About this report")
    appendix = text[start:end]
    report = fixture.report("en")
    shown = report.members.rows[: report.members.shown_in_pdf]
    beside = [
        (row.label, row.organisation)
        for row in shown
        if row.organisation and row.organisation not in row.label  # a pseudonym names it
    ]
    assert len(beside) > 10
    missing = [pair for pair in beside if f"{pair[0]} · {pair[1]}" not in appendix]
    assert missing == []


def test_pdf_is_tagged_for_accessibility_with_its_language(pdf):
    """PDF/UA-1, as Dutch public bodies must publish: a structure tree and the document language."""
    from pypdf import PdfReader

    assert re.search(r"Tagged:\s+yes", _poppler("pdfinfo", pdf))
    catalog = PdfReader(pdf).trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])


MM = 72 / 25.4
PAGE_TOP, PAGE_BOTTOM = 17 * MM, 18 * MM
"""The @page margins of annual_report.css: the footer sits below the bottom one."""
WORD = re.compile(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
)


def _words(path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Per page: its height and the (top, bottom, text) of every word, from poppler's boxes."""
    boxes = _poppler("pdftotext", path, "-bbox")
    pages = []
    for page in boxes.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [(float(top), float(bottom), text) for top, bottom, text in WORD.findall(page)]
        pages.append((height, words))
    return pages


def _filled(height: float, words: list[tuple[float, float, str]]) -> float:
    """How far down the page's text area the lowest word of the body reaches (0 to 1)."""
    body = [bottom for _top, bottom, _text in words if bottom < height - PAGE_BOTTOM]
    return (max(body, default=PAGE_TOP) - PAGE_TOP) / (height - PAGE_TOP - PAGE_BOTTOM)


@pytest.mark.parametrize("edition", ["pdf", "dutch_pdf", "generated_pdf"])
def test_no_page_but_the_last_is_less_than_a_third_full(request, fixture, edition):
    """A spill page with a few rows helps nobody: chapters flow on and keep-together rules
    move whole blocks, so every page but the last is at least a third full. Checked on the
    fixture in both languages and on a generated network of the benchmark's size."""
    # `fixture` is named so that it is set up before this test's transaction, not inside it by
    # getfixturevalue (see conftest's _outside_every_transaction).
    path = request.getfixturevalue(edition)
    filled = [round(_filled(height, words), 2) for height, words in _words(path)]
    assert len(filled) > 10
    assert [(n, f) for n, f in enumerate(filled[:-1], start=1) if f < 1 / 3] == [], filled


def test_column_heads_are_never_broken_inside_a_word(dutch_pdf, fixture):
    """ "Ontvan-gen" helps nobody: a head wraps between words only. Every word of every column
    head of the Dutch report appears whole, and never as a hyphenated piece."""
    from html.parser import HTMLParser

    from netweave.reports.render import render_html

    class Heads(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth, self.words = 0, set()

        def handle_starttag(self, tag, attrs):
            self.depth += tag == "thead"

        def handle_endtag(self, tag):
            self.depth -= tag == "thead"

        def handle_data(self, data):
            if self.depth:
                self.words.update(w for w in data.split() if len(w) > 3 and w.isalpha())

    heads = Heads()
    heads.feed(render_html(fixture.report("nl"), for_pdf=True))
    assert {"Gegeven", "Ontvangen"} <= heads.words
    printed = {text for _height, words in _words(dutch_pdf) for _t, _b, text in words}
    pieces = {
        (word, text)
        for word in heads.words
        for text in printed
        if text.endswith("-") and len(text) > 2 and word.startswith(text[:-1]) and word != text
    }
    assert pieces == set()
    assert heads.words <= printed


def test_the_pdf_rendered_beside_is_the_pdf_rendered_here(
    pdf, fixture, tmp_path, django_db_blocker, monkeypatch
):
    """The forked process that renders the PDF while the HTML is written gives the same pages,
    and hands back a rendering error rather than hanging or losing it."""
    with django_db_blocker.unblock():
        report = fixture.report("en")
    with render.pdf_rendered_beside(report) as beside:
        (tmp_path / "beside.pdf").write_bytes(beside())
    assert _pages(tmp_path / "beside.pdf") == _pages(pdf)

    def broken(_report):
        raise ValueError("the renderer broke")

    monkeypatch.setattr(render, "render_pdf", broken)  # the forked child inherits it
    with render.pdf_rendered_beside(report) as beside, pytest.raises(ValueError, match="broke"):
        beside()


def _tree(element) -> list:
    """Every element of a tree in document order: depth, name, attributes, text and tail."""
    rows = []

    def walk(node, depth: int) -> None:
        rows.append((depth, node.tag, sorted(node.attrib.items()), node.text, node.tail))
        for child in node:
            walk(child, depth + 1)

    walk(element, 0)
    return rows


@pytest.mark.parametrize(
    ("language", "audience", "for_pdf"),
    [
        ("en", "network", True),
        ("nl", "network", True),
        ("nl", "public", True),
        ("nl", "network", False),
    ],
)
def test_the_report_is_parsed_into_the_tree_weasyprint_parses(fixture, language, audience, for_pdf):
    """The standard library's parser builds the tree WeasyPrint's own (tinyhtml5) builds, SVG
    included, so the PDF cannot differ (the HTML edition too, with its data attributes)."""
    import tinyhtml5

    from netweave.reports.document import Audience
    from netweave.reports.render import render_html

    html = render_html(fixture.report(language, Audience(audience)), for_pdf=for_pdf)
    ours = parse_report_html(html)
    assert ours is not None
    assert any(str(node.tag).endswith("}svg") for node in ours.iter())
    assert _tree(ours) == _tree(tinyhtml5.parse(html, namespace_html_elements=False))


def _structure(path) -> list[str]:
    """The PDF's structure tree (PDF/UA tags) as a list of types, depth first."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    types: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            types.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"]["/K"])
    return types


def test_the_pdf_is_the_pdf_weasyprint_parsing_gives(pdf, fixture, tmp_path, django_db_blocker):
    """Same pages, text and tags as when WeasyPrint parses the HTML itself."""
    from weasyprint import HTML

    from netweave.reports.render import render_html

    with django_db_blocker.unblock():
        html = render.DATA_ATTRIBUTES.sub("", render_html(fixture.report("en"), for_pdf=True))
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
    assert _pages(pdf) == _pages(theirs)
    assert len(_structure(pdf)) > 500
    assert _structure(pdf) == _structure(theirs)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>open<p>paragraphs</body></html>",
        "<html><body><!-- a comment --></body></html>",
        "<html><head><base href='https://example.org/'></head><body></body></html>",
        "<p>no html element</p>",
    ],
)
def test_html_the_template_does_not_write_is_left_to_weasyprint(html):
    assert parse_report_html(html) is None
    assert weasyprint_html(html, render._refuse_fetch).etree_element.tag == "html"
