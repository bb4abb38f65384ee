"""Template helpers of the annual report: figures with their raw value, changes, directions."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from netweave.insights.change import MEANINGFUL_CHANGE, Direction
from netweave.reports import charts, formatting
from netweave.reports.document import Figure, Person, Row

register = template.Library()


def raw(amount: float | int | None) -> str:
    """The exact value for ``data-value`` (``repr`` of a float keeps every digit)."""
    if amount is None:
        return ""
    if isinstance(amount, bool):
        return str(int(amount))
    return repr(amount) if isinstance(amount, float) else str(amount)


def _tagged(
    tag: str, attributes: str, name: str, amount: float | int | None, kind: str
) -> SafeString:
    """``<tag attributes="name" data-value="raw">formatted</tag>``: a figure the tests can
    read back exactly, shown formatted for the reader. ``tag`` and ``attributes`` are fixed
    strings of this module, never data."""
    return format_html(
        '<{tag} {attributes}="{name}" data-value="{value}">{shown}</{tag}>',
        tag=SafeString(tag),
        attributes=SafeString(attributes),
        name=name,
        value=raw(amount),
        shown=formatting.value(amount, kind),
    )


@register.simple_tag
def figure(item: Figure) -> SafeString:
    """``<span class="figure" data-figure="name" data-value="raw">formatted</span>``."""
    return _tagged("span", 'class="figure" data-figure', item.name, item.current, item.kind)


@register.simple_tag
def figure_cell(item: Figure) -> SafeString:
    """A right-aligned table cell carrying the figure (fewer elements than a span in a cell:
    print layout time grows with the number of elements)."""
    return _tagged("td", 'class="num" data-figure', item.name, item.current, item.kind)


@register.simple_tag
def previous(item: Figure) -> SafeString:
    return _tagged("span", "data-previous", item.name, item.previous, item.kind)


@register.filter
def change(item: Figure) -> str:
    return formatting.delta(item.delta, item.kind)


DIRECTIONS = {
    Direction.BETTER: ("▲", lambda: _("better")),
    Direction.WORSE: ("▼", lambda: _("worse")),
    Direction.SAME: ("=", lambda: _("same")),
    Direction.NEUTRAL: ("", lambda: ""),
}


@register.simple_tag
def direction(item: Figure) -> SafeString:
    """An arrow and a word (not colour alone), e.g. ``▲ better``."""
    arrow, word = DIRECTIONS[item.direction]
    if not arrow:
        return SafeString("")
    return format_html(
        '<span class="direction {}" data-direction="{}">{} {}</span>',
        item.direction,
        item.name,
        arrow,
        word(),
    )


@register.filter
def number(amount: float | int | None) -> str:
    return formatting.number(amount)


@register.simple_tag
def meaningful_change() -> str:
    """The change below which a figure is called the same, as a percentage ("5%")."""
    return formatting.value(MEANINGFUL_CHANGE, "share")


@register.filter
def sector_colour(sector: str | None) -> str:
    return charts.sector_colour(sector)


@register.simple_tag
def held_bar(item: Figure) -> SafeString:
    """A small bar of a share (0–1) drawn with two boxes (cheaper to print than an SVG)."""
    share = max(0.0, min(1.0, float(item.current or 0.0)))
    return format_html(
        '<span class="bar" aria-hidden="true"><span style="width:{}%"></span></span>',
        f"{share * 100:.0f}",
    )


LEDGER_NUMBER = 11
"""Characters of a figure's column in a ledger (the widest, a share or "1.234,56", fits)."""


def _ledger(
    headers: list[str],
    lines: list[tuple[str, str, list[Figure], str]],
) -> SafeString:
    """Rows as a name cell and one line of figures: the print form of a long table.

    A table cell costs print layout about a millisecond, so the figures of a row share one cell
    holding a preformatted monospaced line; thousands of rows print in a second. The name cell
    is in the body font and wraps, so no name or pseudonym is ever cut short; its detail (a
    member's organisation) follows the name on the same line after a "·", not under it: a
    second line in every row cost the 150-member PDF two pages and 9 % of its Python calls.
    It stays a table so that the header repeats on every page; the figures' header is a small
    fixed table in the same monospaced font, so it lines up with the lines below it. Each line
    is (name, detail beside the name, figures, note); a note is printed under its line.
    """
    figures = len(headers) - 1
    cols = "".join(f'<col style="width:{LEDGER_NUMBER}ch">' for _ in range(figures))
    head = "".join(format_html('<th class="num">{}</th>', h) for h in headers[1:])
    figures_head = f'<table class="ledger-head"><colgroup>{cols}</colgroup><tr>{head}</tr></table>'
    rendered = []
    for number, (name, detail, row_figures, note) in enumerate(lines):
        shade = SafeString(' class="shade"' if number % 2 else "")
        shown = "".join(
            formatting.value(f.current, f.kind).rjust(LEDGER_NUMBER) for f in row_figures
        )
        rendered.append(
            format_html(
                '<tr{}><td class="ledger-name">{}{}</td><td class="ledger-figures">{}</td></tr>',
                shade,
                name,
                format_html(" · {}", detail) if detail else "",
                shown,
            )
        )
        if note:
            rendered.append(
                format_html('<tr{}><td class="ledger-note" colspan="2">{}</td></tr>', shade, note)
            )
    return SafeString(
        f'<table class="ledger"><colgroup><col><col style="width:{figures * LEDGER_NUMBER}ch">'
        f"</colgroup><thead><tr><th>{escape(headers[0])}</th><th>{figures_head}</th></tr></thead>"
        f"<tbody>{''.join(rendered)}</tbody></table>"
    )


def _besides(label: str, organisation: str) -> str:
    """The organisation to print beside or under a person, unless their label already says it
    (a pseudonym: "Member 2 of Gemeente Utrecht")."""
    return "" if not organisation or organisation in label else organisation


@register.simple_tag
def ledger(rows: list) -> SafeString:
    """The member appendix for print (see :func:`_ledger`)."""
    headers = [_("Member")] + ([f.label for f in rows[0].figures] if rows else [])
    lines = [
        (row.label, _besides(row.label, row.organisation), list(row.figures), "") for row in rows
    ]
    return _ledger(headers, lines)


@register.simple_tag
def person_cell(person: Person, for_pdf: bool) -> SafeString:
    """A person's name cell: their organisation under the name on screen, after a "·" on the
    same line in print, where a second line in every row of the people tables cost 3 % of the
    150-member PDF's Python calls (and a page), as it did in the appendix (see :func:`_ledger`)."""
    organisation = _besides(person.label, person.organisation)
    if not organisation:
        return format_html("<td>{}</td>", person.label)
    if for_pdf:
        return format_html("<td>{} · {}</td>", person.label, organisation)
    return format_html("<td>{}<br><small>{}</small></td>", person.label, organisation)


@register.simple_tag
def give_take(row: Row) -> SafeString:
    """A small bar of what an organisation gave (blue, left) against what it received
    (orange, right), with the same numbers as its accessible name. Two boxes, not an SVG:
    a PDF renderer parses and draws each SVG as a picture of its own."""
    by_name = {f.name.rsplit(".", 1)[1]: float(f.current or 0) for f in row.figures}
    given, received = by_name["given"], by_name["received"]
    total = given + received
    label = _("Given %(given)s, received %(received)s") % {
        "given": formatting.number(given),
        "received": formatting.number(received),
    }
    return format_html(
        '<span class="give-take{}" role="img" aria-label="{}">'
        '<span style="width:{}%"></span></span>',
        "" if total else " none",
        label,
        f"{100 * given / total if total else 0:.1f}",
    )


@register.simple_tag
def organisation_ledger(rows: list) -> SafeString:
    """The organisation table for print when it is long: a line of figures, then the sentence."""
    headers = [_("Organisation")] + ([f.label for f in rows[0].figures] if rows else [])
    lines = [(row.label, "", list(row.figures), row.sentence) for row in rows]
    return _ledger(headers, lines)


def _cell(item: Figure) -> str:
    return (
        f'<td class="num" data-figure="{escape(item.name)}" data-value="{raw(item.current)}">'
        f"{escape(formatting.value(item.current, item.kind))}</td>"
    )


@register.simple_tag
def member_rows(rows: list) -> SafeString:
    """The rows of the member appendix (HTML edition), built in one pass: the same markup as
    ``figure_cell`` gives, several times faster than a template loop over 10,000 members."""
    return SafeString(
        "".join(
            f"<tr><td>{escape(row.label)}</td><td>{escape(row.organisation)}</td>"
            + "".join(_cell(item) for item in row.figures)
            + "</tr>"
            for row in rows
        )
    )
