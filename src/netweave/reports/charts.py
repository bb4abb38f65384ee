"""Charts of the annual report as self-contained SVG strings (no JavaScript, no web fonts).

Colours are the Okabe–Ito palette, safe for the common forms of colour blindness; every chart
also carries its numbers as text, so it reads in black and white print too. Sizes are in SVG
user units with a ``viewBox``, so the drawing scales to the page or the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from netweave.insights.tables import SECTORS
from netweave.reports.formatting import delta, number

if TYPE_CHECKING:
    from netweave.reports.document import MatrixCell

__all__ = ["OKABE_ITO", "SECTOR_COLOURS", "bars", "funnel", "sector_matrix", "waterfall"]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# One colour per sector of the library's list, in its order (knowledge, business, government,
# civil society, citizens): a sector added there without a colour here stops the import.
SECTOR_COLOURS = dict(
    zip(
        SECTORS,
        (OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "reddish_purple", "vermillion")),
        strict=True,
    )
)
UNKNOWN_COLOUR = "#999999"
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'
TEXT = "#222222"


def sector_colour(sector: str | None) -> str:
    return SECTOR_COLOURS.get(sector or "", UNKNOWN_COLOUR)


def svg(width: float, height: float, body: str, title: str) -> str:
    """An ``<svg>`` element with a viewBox; ``title`` is its accessible name, so every chart
    has a text alternative (WCAG 1.1.1): give it the chart's numbers, not only its subject."""
    label = f"<title>{escape(title)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" role="img" {FONT} font-size="12">{label}{body}</svg>'
    )


def text(x: float, y: float, content: str, **attributes: str | float) -> str:
    """A ``<text>`` element; keyword ``font_size="10"`` becomes ``font-size="10"``."""
    attributes = {"fill": TEXT, **attributes}
    attrs = " ".join(f"{k.replace('_', '-')}={quoteattr(str(v))}" for k, v in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {attrs}>{escape(content)}</text>'


def bars(items: Sequence[tuple[str, int]], *, title: str, colour: str = OKABE_ITO["blue"]) -> str:
    """Horizontal bars, one per (label, count), the count written at the end of each bar;
    ``title`` and the counts make its accessible name."""
    label_width, bar_width, row = 150, 330, 26
    top = max((count for _label, count in items), default=0) or 1
    body = []
    for i, (label, count) in enumerate(items):
        y = i * row + 4
        length = bar_width * count / top
        body.append(text(label_width - 8, y + 14, label, text_anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="18" fill="{colour}"/>'
        )
        body.append(text(label_width + length + 6, y + 14, number(count)))
    return svg(
        label_width + bar_width + 60, len(items) * row + 8, "".join(body), _named(title, items)
    )


def waterfall(
    start: tuple[str, int], steps: Sequence[tuple[str, int]], end: tuple[str, int], title: str
) -> str:
    """A horizontal waterfall: the start total, each signed step floating where the running
    total stands, then the end total; every bar carries its number (``+12``, ``−4``)."""
    label_width, bar_width, row = 190, 300, 26
    rows = [(start[0], 0, start[1], OKABE_ITO["blue"], number(start[1]))]
    running = start[1]
    for label, step in steps:
        low, high = sorted((running, running + step))
        colour = OKABE_ITO["bluish_green"] if step >= 0 else OKABE_ITO["vermillion"]
        rows.append((label, low, high, colour, delta(step)))
        running += step
    rows.append((end[0], 0, end[1], OKABE_ITO["blue"], number(end[1])))
    top = max((high for _label, _low, high, _colour, _shown in rows), default=0) or 1
    body = []
    for i, (label, low, high, colour, shown) in enumerate(rows):
        y = i * row + 4
        x, length = label_width + bar_width * low / top, max(1.0, bar_width * (high - low) / top)
        body.append(text(label_width - 8, y + 14, label, text_anchor="end"))
        body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="18" fill="{colour}"/>')
        body.append(text(x + length + 6, y + 14, shown))
    return svg(label_width + bar_width + 70, len(rows) * row + 8, "".join(body), title)


def funnel(stages: Sequence[tuple[str, int]], *, of_previous: str, title: str) -> str:
    """A funnel: centred bars narrowing from the first stage, with each step's conversion.

    ``of_previous`` is a translated pattern with ``%(share)s`` (e.g. "%(share)s of the step
    before").
    """
    width, row, label_width = 520, 44, 130
    top = max((count for _label, count in stages), default=0) or 1
    body = []
    previous: int | None = None
    for i, (label, count) in enumerate(stages):
        y = i * row + 6
        length = max(2.0, (width - label_width - 20) * count / top)
        x = label_width + (width - label_width - 20 - length) / 2
        shade = [
            OKABE_ITO["blue"],
            OKABE_ITO["sky_blue"],
            OKABE_ITO["bluish_green"],
            OKABE_ITO["orange"],
        ][i % 4]
        body.append(text(label_width - 8, y + 17, label, text_anchor="end", font_weight="bold"))
        body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="24" fill="{shade}"/>')
        body.append(text(x + length + 6, y + 17, number(count), font_weight="bold"))
        if previous is not None:
            share = f"{number(100 * count / previous)}%" if previous else "–"
            body.append(
                text(
                    label_width,
                    y + 36,
                    of_previous % {"share": share},
                    font_size="10",
                    fill="#555555",
                )
            )
        previous = count
    return svg(width + 50, len(stages) * row + 14, "".join(body), _named(title, stages))


def _named(title: str, items: Sequence[tuple[str, int]]) -> str:
    """ "Title: label 3, label 5" — a chart's accessible name with its numbers."""
    return f"{title}: " + ", ".join(f"{label} {number(count)}" for label, count in items)


def sector_matrix(
    cells: Sequence[MatrixCell], sectors: Sequence[tuple[str, str]], *, caption: str
) -> str:
    """A sector × sector heat map: ties this year per pair of sectors, and the change.

    Only the upper triangle and diagonal are drawn (the matrix is symmetric). Shade is one
    hue (Okabe–Ito blue) by share of the largest cell; the count and change are written in.
    """
    n = len(sectors)
    if n == 0:
        return ""
    longest = max(len(label) for _code, label in sectors)
    # Room for the row labels on the left and the slanted column labels above and right.
    cell, left, top_margin = 92, 20 + 7.2 * longest, 30 + 4.4 * longest
    index = {code: i for i, (code, _label) in enumerate(sectors)}
    largest = max((c.current for c in cells), default=0) or 1
    body = []
    for i, (code, label) in enumerate(sectors):
        body.append(text(left - 8, top_margin + i * cell + cell / 2 + 4, label, text_anchor="end"))
        x = left + i * cell + cell / 2
        body.append(
            text(
                x,
                top_margin - 10,
                label,
                text_anchor="start",
                transform=f"rotate(-35 {x:.1f} {top_margin - 10})",
            )
        )
        body.append(
            f'<rect x="{left - 6}" y="{top_margin + i * cell + cell / 2 - 5}" width="6" '
            f'height="10" fill="{sector_colour(code)}"/>'
        )
    for c in cells:
        i, j = sorted((index[c.row], index[c.column]))
        x, y = left + j * cell, top_margin + i * cell
        strength = c.current / largest
        fill_text = "white" if strength > 0.55 else TEXT
        body.append(
            f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
            f'fill="{OKABE_ITO["blue"]}" fill-opacity="{0.08 + 0.92 * strength:.2f}" '
            f'stroke="#cccccc"/>'
        )
        body.append(
            f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2:.1f}" text-anchor="middle" '
            f'font-size="17" font-weight="bold" fill="{fill_text}">{escape(number(c.current))}'
            "</text>"
        )
        body.append(
            f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2 + 18:.1f}" text-anchor="middle" '
            f'font-size="11" fill="{fill_text}">({escape(delta(c.current - c.previous))})</text>'
        )
    height = top_margin + n * cell + 24
    body.append(text(left, height - 6, caption, font_size="11", fill="#555555"))
    names = dict(sectors)
    pairs = [(f"{names[c.row]} – {names[c.column]}", c.current) for c in cells if c.current]
    return svg(left + n * cell + 6.2 * longest, height, "".join(body), _named(caption, pairs))
