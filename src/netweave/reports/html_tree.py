"""The report's HTML as the element tree WeasyPrint reads, built on the standard library's parser.

WeasyPrint 70 parses HTML with tinyhtml5, an HTML5 parser in pure Python that reads character by
character: 0.12 of the 150-member PDF's 3.2 CPU s. The report's HTML is our own template's:
every element closed, no comment, tables with their row groups but for the ledgers' small
heading tables. ``html.parser`` (regular expressions) reads it about seven times faster, and
this builder gives the tree tinyhtml5 gives for it (``tests/reports/test_report_pdf.py``
compares the two on every edition): void elements, tinyhtml5's implied ``<tbody>``, the
whitespace it keeps, inline SVG in its namespace. HTML it was not written for (an element left
open, a comment) gives ``None``, and the caller lets WeasyPrint parse as it would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, SubElement

__all__ = ["parse_report_html", "weasyprint_html"]

SVG = "{http://www.w3.org/2000/svg}"
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr")
)
"""HTML's void elements: no end tag, no children."""
TAG_NAME = re.compile(r"<([^\s/>]+)")


class _NotOurs(Exception):
    """HTML this builder does not reproduce tinyhtml5's tree for."""


def parse_report_html(html: str) -> Element | None:
    """The ``<html>`` element of ``html`` as tinyhtml5 builds it (HTML elements without a
    namespace), or ``None`` when ``html`` is not of the kind the report's template writes."""
    if "\r" in html or "\0" in html:  # tinyhtml5 rewrites both; the template writes neither
        return None
    builder = _Builder()
    try:
        builder.feed(html)
        builder.close()
    except _NotOurs:
        return None
    if builder.root is None or builder.body is None or builder.stack:
        return None
    return builder.root


def weasyprint_html(html: str, url_fetcher: Callable[..., Any]) -> Any:
    """WeasyPrint's ``HTML`` of ``html``, from :func:`parse_report_html`'s tree when it gives
    one (the attributes WeasyPrint 70's ``HTML.__init__`` sets after parsing, for a string
    without a base URL), else parsed by WeasyPrint."""
    import cssselect2
    from weasyprint import HTML

    root = parse_report_html(html)
    if root is None:
        return HTML(string=html, url_fetcher=url_fetcher)
    document = HTML.__new__(HTML)
    document.base_url = None  # no base URL given, and no <base> (the builder refuses one)
    document.url_fetcher = url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


def _append_text(parent: Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.implied: set[int] = set()  # ids of the <tbody> elements tinyhtml5 would imply
        self.body: Element | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes: dict[str, str] = {}
        for name, value in attrs:  # HTML keeps an attribute's first value
            attributes.setdefault(name, value or "")
        if tag == "base":
            raise _NotOurs(tag)  # it would change the base URL WeasyPrint resolves against
        if tag == "html":
            if self.root is not None:
                raise _NotOurs(tag)
            self.root = Element("html", attributes)
            self.stack = [self.root]
            return
        if not self.stack:
            raise _NotOurs(tag)
        parent = self.stack[-1]
        if parent.tag.startswith(SVG) or tag == "svg":
            self._open(parent, *self._svg(attributes), void=False)
            return
        if tag == "tr" and parent.tag == "table":
            tbody = SubElement(parent, "tbody")
            self.implied.add(id(tbody))
            self.stack.append(tbody)
            parent = tbody
        self._open(parent, tag, attributes, void=tag in VOID)
        if tag == "body":
            self.body = self.stack[-1]

    def _svg(self, attributes: dict[str, str]) -> tuple[str, dict[str, str]]:
        """An element of inline SVG: its name as written (SVG's names are case-sensitive; the
        template writes them right, tinyhtml5 restores their case) and attributes as
        tinyhtml5 adjusts them."""
        from tinyhtml5.constants import adjust_foreign_attributes, adjust_svg_attributes

        match = TAG_NAME.match(self.get_starttag_text() or "")
        if match is None or match.group(1).lower() == "foreignobject":
            raise _NotOurs("svg")
        adjusted = {}
        for name, value in attributes.items():
            if name in adjust_foreign_attributes:
                _prefix, local, namespace = adjust_foreign_attributes[name]
                name = f"{{{namespace}}}{local}"
            adjusted[adjust_svg_attributes.get(name, name)] = value
        return SVG + match.group(1), adjusted

    def _open(self, parent: Element, tag: str, attributes: dict[str, str], *, void: bool) -> None:
        element = SubElement(parent, tag, attributes)
        if not void:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag.startswith(SVG):
            self.stack.pop()  # <path … /> in SVG closes itself
        elif tag not in VOID:
            raise _NotOurs(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack and tag == "html" and self.body is not None:
            return  # </html> after </body>
        if tag in VOID or not self.stack:
            raise _NotOurs(tag)
        if tag == "table" and id(self.stack[-1]) in self.implied:
            self.stack.pop()
        open_tag = self.stack[-1].tag
        if open_tag.removeprefix(SVG).lower() != tag:
            raise _NotOurs(tag)
        if tag in ("body", "html"):
            self.stack = []  # what follows goes into the body, as tinyhtml5 puts it
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            if self.body is not None:
                _append_text(self.body, data)
            elif data.strip():
                raise _NotOurs("text before <html>")
            return
        parent = self.stack[-1]
        if parent is self.root and len(parent) == 0 and not data.strip():
            return  # between <html> and <head>
        _append_text(parent, data)

    def handle_comment(self, data: str) -> None:
        raise _NotOurs("comment")

    def handle_pi(self, data: str) -> None:
        raise _NotOurs("processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise _NotOurs("declaration")
