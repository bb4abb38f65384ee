r"""The network map: a static SVG drawing of who had ties with whom this year.

Layout (the web map's, stable from year to year)
------------------------------------------------
Positions are the stored layout of the year (:mod:`netweave.insights.layout`, computed in the
background by the maps app), so the report shows people exactly where the web map does, and
people keep their place from one year's report to the next. The drawing maps layout units to
the page with one uniform scale and a shift (no distortion): the median position goes to the
centre and the person at the :data:`REACH_QUANTILE` of the distance from it (along either axis)
to the margin. The few beyond are drawn at the margin in their own direction: a force layout
pushes a pair that meets only each other far from the rest, and scaling the page to them shrank
everyone else to a blob in the middle.

- **Up to** :data:`MEMBER_LIMIT` **people with ties**, each person is a dot and each tie a curve
  bent slightly towards the centre; the :data:`LABELLED_ORGANISATIONS` largest organisations are
  named at the centre of their members.
- **Above** it, organisations are drawn instead of people, each at the centre of its members
  (area ∝ members with ties, as the web map's organisation view), and a line joins two
  organisations whose people had ties (the :data:`ORGANISATION_EDGE_LIMIT` strongest pairs).

Colour is the sector (Okabe–Ito); a black ring marks the brokers named in the health section
(highest betweenness).

Drawn with few elements: the dots of one colour are one ``<path>`` of circles, and the lines of
one of :data:`STROKE_LEVELS` strengths are one ``<path>``. A PDF renderer styles and draws
every SVG element on its own (WeasyPrint: about a millisecond each), so a map of thousands of
``<circle>`` and ``<path>`` elements cost seconds of every PDF; the picture is the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast
from xml.sax.saxutils import escape

import polars as pl
from django.utils.translation import gettext as _

from netweave.insights import NetworkTables, TieGraph
from netweave.insights.tables import SECTORS
from netweave.reports.charts import FONT, TEXT, sector_colour
from netweave.reports.charts import text as svg_text
from netweave.reports.formatting import number

__all__ = ["MEMBER_LIMIT", "Drawing", "dot_centres", "draw", "page_transform"]

MEMBER_LIMIT = 400
"""Above this many people with ties, the map shows organisations instead of people."""
ORGANISATION_EDGE_LIMIT = 700
LABELLED_ORGANISATIONS = 14
"""In the organisation map, only the largest organisations are labelled."""
SIZE = 1000.0
CENTRE = SIZE / 2
MARGIN = 40.0
REACH_QUANTILE = 0.98
"""The share of people the page's scale keeps inside the margin as they are (see module docs)."""
STROKE_LEVELS = 8
"""Line strengths are drawn in this many steps (width and opacity), one ``<path>`` each."""


@dataclass(frozen=True)
class Drawing:
    svg: str
    aggregated: bool


@dataclass(frozen=True)
class PageTransform:
    """Layout units to page units: ``page = CENTRE + scale · (layout − centre)``, and a point
    beyond the margin pulled back onto it along its own direction from the centre."""

    centre: tuple[float, float]
    scale: float

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = self.scale * (x - self.centre[0]), self.scale * (y - self.centre[1])
        beyond = max(abs(dx), abs(dy)) / (CENTRE - MARGIN)
        if beyond > 1:
            dx, dy = dx / beyond, dy / beyond
        return CENTRE + dx, CENTRE + dy


def page_transform(positions: pl.DataFrame) -> PageTransform:
    """The uniform scale and shift that put ``positions`` (DataFrame[person_id, x, y]) on the
    page: median at the centre, the person at :data:`REACH_QUANTILE` of the distance from it
    (along either axis) at the margin."""
    if positions.height == 0:
        return PageTransform((0.0, 0.0), 1.0)
    cx = float(cast(float, positions["x"].median()))
    cy = float(cast(float, positions["y"].median()))
    distance = positions.select(
        pl.max_horizontal((pl.col("x") - cx).abs(), (pl.col("y") - cy).abs())
    ).to_series()
    reach = float(cast(float, distance.quantile(REACH_QUANTILE, "higher")))
    return PageTransform((cx, cy), (CENTRE - MARGIN) / reach if reach > 0 else 1.0)


def _placed(graph: TieGraph, positions: pl.DataFrame) -> dict[int, tuple[float, float]]:
    """Page position of every vertex of ``graph`` that has a layout position."""
    drawn = positions.join(
        pl.DataFrame({"person_id": graph.person_ids}, schema={"person_id": pl.Int64}),
        on="person_id",
        how="semi",
    )
    place = page_transform(drawn)
    return {person: place(x, y) for person, x, y in drawn.select("person_id", "x", "y").iter_rows()}


def draw(
    *,
    tables: NetworkTables,
    graph: TieGraph,
    brokers: Sequence[int],
    organisations: dict[int, str],
    sector_label: Callable[[str | None], str],
    positions: pl.DataFrame,
) -> Drawing:
    """The map of ``graph`` (the year's ties) at ``positions`` (DataFrame[person_id, x, y], the
    stored layout of the year; see module docstring)."""
    placed = _placed(graph, positions)
    if graph.vertex_count > MEMBER_LIMIT:
        body = _organisation_map(tables, graph, set(brokers), placed, organisations)
        aggregated = True
    else:
        body = _member_map(tables, graph, set(brokers), placed, organisations)
        aggregated = False
    legend = _legend(sector_label, aggregated)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE + 70:.0f}" '
        f'width="100%" role="img" {FONT} font-size="11"><title>{_title(graph)}</title>'
        f"{body}{legend}</svg>"
    )
    return Drawing(svg=svg, aggregated=aggregated)


def _title(graph: TieGraph) -> str:
    """The map's text alternative (WCAG 1.1.1): what it shows, in numbers, and where the same
    is printed as text, rather than only its name."""
    return escape(
        _(
            "Network map of %(members)s members and %(ties)s ties this year, coloured by sector, "
            "with the brokers marked. The ties between sectors are counted in the table “Who "
            "works with whom”; each member's figures are in the appendix."
        )
        % {"members": number(graph.vertex_count), "ties": number(graph.tie_count)}
    )


def _member_radius(degree: int) -> float:
    """Dot radius of a member with ``degree`` ties: area grows with ties, within bounds."""
    return min(8.0, 2.8 + 0.8 * math.sqrt(degree))


def _curve(p: tuple[float, float], q: tuple[float, float], bend: float = 0.45) -> str:
    """A quadratic curve from p to q whose control point is pulled towards the centre."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    cx, cy = CENTRE + (mx - CENTRE) * bend, CENTRE + (my - CENTRE) * bend
    return f"M{p[0]:.1f},{p[1]:.1f}Q{cx:.1f},{cy:.1f} {q[0]:.1f},{q[1]:.1f}"


def _segment(p: tuple[float, float], q: tuple[float, float]) -> str:
    return f"M{p[0]:.1f},{p[1]:.1f}L{q[0]:.1f},{q[1]:.1f}"


def _member_map(
    tables: NetworkTables,
    graph: TieGraph,
    brokers: set[int],
    positions: dict[int, tuple[float, float]],
    organisations: dict[int, str],
) -> str:
    ties = graph.ties.select("a", "b", "weight")
    heaviest = float(cast(float, ties["weight"].max()) or 1.0) if ties.height else 1.0
    lines = (
        (math.log1p(weight) / math.log1p(heaviest), _curve(positions[a], positions[b]))
        for a, b, weight in ties.iter_rows()
        if a in positions and b in positions
    )
    parts = [_lines(lines, width=(0.4, 1.6), opacity=(0.12, 0.35))]
    degree = (
        dict(zip(graph.person_ids.tolist(), graph.graph.degree(), strict=True))
        if graph.vertex_count
        else {}
    )
    sector_of = dict(tables.members.select("person_id", "sector").iter_rows())
    dots = (
        (sector_colour(sector_of.get(person_id)), positions[person_id], _member_radius(deg))
        for person_id, deg in degree.items()
        if person_id in positions
    )
    parts.append(_dots(dots, 'stroke="white" stroke-width="0.6"'))
    rings = (
        ("none", positions[person_id], _member_radius(degree[person_id]) + 2.6)
        for person_id in brokers
        if person_id in positions and person_id in degree
    )
    parts.append(_dots(rings, 'stroke="black" stroke-width="1.8"'))
    centres = _organisation_centres(tables, positions)
    sizes = {
        org: len(members) for org, members in _members_by_organisation(tables, positions).items()
    }
    parts.append(_organisation_labels(centres, sizes, {}, organisations))
    return "".join(parts)


def _lines(
    lines: Iterable[tuple[float, str]], *, width: tuple[float, float], opacity: tuple[float, float]
) -> str:
    """Lines given as (strength in [0, 1], path data), one ``<path>`` per strength step, the
    weakest drawn first; width and opacity are ``base + span · strength`` of the step."""
    steps: dict[int, list[str]] = {}
    for strength, data in lines:
        steps.setdefault(round(strength * (STROKE_LEVELS - 1)), []).append(data)
    parts = ['<g fill="none" stroke="#5a5a5a" stroke-linecap="round">']
    for step in sorted(steps):
        strength = step / (STROKE_LEVELS - 1)
        parts.append(
            f'<path d="{"".join(steps[step])}" stroke-width="{width[0] + width[1] * strength:.2f}" '
            f'stroke-opacity="{opacity[0] + opacity[1] * strength:.2f}"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _dots(dots: Iterable[tuple[str, tuple[float, float], float]], style: str) -> str:
    """Circles given as (fill, centre, radius), one ``<path>`` per fill colour, in the order
    each colour first appears (see :func:`_circle`)."""
    by_fill: dict[str, list[str]] = {}
    for fill, centre, radius in dots:
        by_fill.setdefault(fill, []).append(_circle(centre, radius))
    parts = [f"<g {style}>"]
    parts.extend(f'<path fill="{fill}" d="{"".join(data)}"/>' for fill, data in by_fill.items())
    parts.append("</g>")
    return "".join(parts)


_HALF = 4 / 3
"""Control-point distance of a half circle drawn as one cubic Bézier, per unit of radius."""


def _circle(centre: tuple[float, float], r: float) -> str:
    """A circle as two cubic Béziers, from its leftmost point over the top to its rightmost and
    back under it. Cheaper for a PDF renderer than arcs (which it converts to Béziers with
    matrices) and than four Béziers: WeasyPrint parses every point of a path in Python, and the
    dots were 12 % of the 10,000-member PDF's Python calls with four. A half circle drawn so
    strays at most 1.8 % of the radius from the true one (0.04 mm on the largest dot, r = 12)."""
    x, y = centre
    k = _HALF * r
    return (
        f"M{x - r:.1f},{y:.1f}C{x - r:.1f},{y - k:.1f} {x + r:.1f},{y - k:.1f} {x + r:.1f},{y:.1f}"
        f"C{x + r:.1f},{y + k:.1f} {x - r:.1f},{y + k:.1f} {x - r:.1f},{y:.1f}z"
    )


_DOT = re.compile(r"M([\d.-]+),([\d.-]+)C[\d.-]+,[\d.-]+ [\d.-]+,[\d.-]+ ([\d.-]+),")


def dot_centres(svg: str) -> list[tuple[float, float]]:
    """The centre of every dot and ring :func:`draw` drew on the map (not the legend)."""
    centres = [((float(left) + float(right)) / 2, float(y)) for left, y, right in _DOT.findall(svg)]
    return [(x, y) for x, y in centres if y < SIZE]


def _members_by_organisation(
    tables: NetworkTables, positions: dict[int, tuple[float, float]]
) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for person_id, organisation_id in tables.members.select(
        "person_id", "organisation_id"
    ).iter_rows():
        if organisation_id is not None and person_id in positions:
            members.setdefault(organisation_id, []).append(person_id)
    return members


def _organisation_centres(
    tables: NetworkTables, positions: dict[int, tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Each organisation at the mean page position of its drawn members (as on the web map)."""
    return {
        organisation_id: (
            sum(positions[p][0] for p in people) / len(people),
            sum(positions[p][1] for p in people) / len(people),
        )
        for organisation_id, people in _members_by_organisation(tables, positions).items()
    }


def _organisation_labels(
    centres: dict[int, tuple[float, float]],
    sizes: dict[int, int],
    radii: dict[int, float],
    names: dict[int, str],
) -> str:
    """The names of the largest organisations beside their centre, on a white halo."""
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:LABELLED_ORGANISATIONS]
    parts = ['<g font-size="11" font-weight="bold">']
    for organisation_id, _count in largest:
        if organisation_id not in centres:
            continue
        x, y = centres[organisation_id]
        name = names.get(organisation_id, "")
        name = name if len(name) <= 28 else name[:27] + "…"
        at = (x + radii.get(organisation_id, 0.0) + 3, y + 4)
        # A white halo under the label: a stroked copy first (paint-order is not supported by
        # every SVG renderer, WeasyPrint's included), then the text itself on top.
        parts.append(svg_text(*at, name, fill="white", stroke="white", stroke_width="3"))
        parts.append(svg_text(*at, name))
    parts.append("</g>")
    return "".join(parts)


def _organisation_map(
    tables: NetworkTables,
    graph: TieGraph,
    brokers: set[int],
    placed: dict[int, tuple[float, float]],
    organisations: dict[int, str],
) -> str:
    positions = _organisation_centres(tables, placed)
    org_of = tables.members.select("person_id", "organisation_id")
    vertices = graph.vertices.select("person_id", "organisation_id")
    sizes = dict(
        vertices.drop_nulls("organisation_id").group_by("organisation_id").len().iter_rows()
    )
    pairs = (
        graph.ties.select("a", "b")
        .join(org_of.rename({"person_id": "a", "organisation_id": "oa"}), on="a", how="left")
        .join(org_of.rename({"person_id": "b", "organisation_id": "ob"}), on="b", how="left")
        .drop_nulls(["oa", "ob"])
        .filter(pl.col("oa") != pl.col("ob"))
        .with_columns(
            pl.min_horizontal("oa", "ob").alias("x"), pl.max_horizontal("oa", "ob").alias("y")
        )
        .group_by("x", "y")
        .len()
        .sort(["len", "x", "y"], descending=[True, False, False])
        .head(ORGANISATION_EDGE_LIMIT)
    )
    heaviest = float(cast(int, pairs["len"].max()) or 1) if pairs.height else 1.0
    lines = (
        (math.log1p(count) / math.log1p(heaviest), _segment(positions[x], positions[y]))
        for x, y, count in pairs.iter_rows()
        if x in positions and y in positions
    )
    parts = [_lines(lines, width=(0.3, 1.5), opacity=(0.06, 0.3))]
    sector_of = dict(tables.organisations.select("organisation_id", "sector").iter_rows())
    broker_orgs = {
        organisation_id
        for person_id, organisation_id in org_of.iter_rows()
        if person_id in brokers and organisation_id is not None
    }
    radii = {org: 1.6 + 1.1 * math.sqrt(n) for org, n in sizes.items()}
    dots = (
        (sector_colour(sector_of.get(organisation_id)), positions[organisation_id], radius)
        for organisation_id, radius in sorted(radii.items())
        if organisation_id in positions
    )
    parts.append(_dots(dots, 'stroke="white" stroke-width="0.4" fill-opacity="0.85"'))
    rings = (
        ("none", positions[organisation_id], radii[organisation_id] + 2.5)
        for organisation_id in sorted(broker_orgs)
        if organisation_id in positions and organisation_id in radii
    )
    parts.append(_dots(rings, 'stroke="black" stroke-width="1.6"'))
    parts.append(_organisation_labels(positions, sizes, radii, organisations))
    return "".join(parts)


def _legend(sector_label: Callable[[str | None], str], aggregated: bool) -> str:
    y = SIZE + 20
    parts = []
    x = 30.0
    for sector in SECTORS:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{sector_colour(sector)}"/>')
        label = sector_label(sector)
        parts.append(svg_text(x + 12, y + 4, label, font_size="13"))
        x += 30 + 7.0 * len(label)
    parts.append(
        f'<circle cx="{x + 8:.1f}" cy="{y:.1f}" r="6" fill="#999999"/>'
        f'<circle cx="{x + 8:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="black" '
        'stroke-width="1.8"/>'
    )
    broker = _("broker (highest betweenness)")
    parts.append(svg_text(x + 22, y + 4, broker, font_size="13"))
    explanation = (
        _(
            "Each dot is an organisation (size: members with ties); a line: people of the two "
            "organisations had ties this year."
        )
        if aggregated
        else _("Each dot is a member (size: number of ties); a line: a tie this year.")
    )
    parts.append(svg_text(30, y + 34, explanation, font_size="13", fill=TEXT))
    return "".join(parts)
