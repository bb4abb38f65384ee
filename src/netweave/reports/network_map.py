r"""The network map: a static SVG drawing of who had ties with whom this year.

Layout (stable from year to year)
---------------------------------
Positions depend only on the network's organisations and members — never on the year's ties —
so the same person sits in the same place in every year's report and readers can compare maps.

- The circle is cut into one wedge per sector, in the fixed order knowledge, business,
  government, civil society, citizens; a wedge's width is proportional to the number of
  organisations of that sector (with a small gap between wedges).
- Organisations sit in their sector's wedge in order of id (new organisations get larger ids,
  so they are added at the end of their wedge rather than shuffling the others).
- **Up to** :data:`MEMBER_LIMIT` **people with ties**, each person is drawn: organisation
  :math:`k` of a wedge sits on the rim at angle :math:`\theta_k`; its members, in order of id,
  sit around that point on a sunflower spiral (:math:`r_i = s\sqrt{i + 1/2}`,
  :math:`\varphi_i = i \cdot 137.5°`). Ties are curves bent towards the centre.
- **Above** it, organisations are drawn instead of people (area ∝ members with ties), filling
  their wedge on a sunflower spiral, and a line joins two organisations whose people had ties
  (the :data:`ORGANISATION_EDGE_LIMIT` strongest pairs).

Colour is the sector (Okabe–Ito); a black ring marks the brokers named in the health section
(highest betweenness).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import polars as pl
from django.utils.translation import gettext as _

from netweave.insights import NetworkTables, TieGraph
from netweave.insights.tables import SECTORS
from netweave.reports.charts import FONT, TEXT, sector_colour
from netweave.reports.charts import text as svg_text

__all__ = ["MEMBER_LIMIT", "Drawing", "draw", "member_layout"]

MEMBER_LIMIT = 400
"""Above this many people with ties, the map shows organisations instead of people."""
ORGANISATION_EDGE_LIMIT = 700
LABELLED_ORGANISATIONS = 14
"""In the organisation map, only the largest organisations are labelled."""
SIZE = 1000.0
CENTRE = SIZE / 2
RIM = 300.0
GAP = 0.035  # share of the circle left empty between two sector wedges
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Drawing:
    svg: str
    aggregated: bool


def _wedges(organisations: pl.DataFrame) -> dict[int, tuple[float, float, int, int]]:
    """Per organisation id: (wedge start angle, wedge width, index in wedge, wedge size)."""
    order = {sector: i for i, sector in enumerate(SECTORS)}
    frame = organisations.with_columns(
        pl.col("sector").replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("o")
    ).sort("o", "organisation_id")
    groups = [
        (key, ids)
        for key, ids in frame.group_by("o", maintain_order=True).agg("organisation_id").iter_rows()
    ]
    total = frame.height or 1
    usable = 2 * math.pi * (1 - GAP * len(groups))
    start = -math.pi / 2
    placed: dict[int, tuple[float, float, int, int]] = {}
    for _key, ids in groups:
        width = usable * len(ids) / total
        for index, organisation_id in enumerate(ids):
            placed[organisation_id] = (start, width, index, len(ids))
        start += width + 2 * math.pi * GAP
    return placed


def _polar(angle: float, radius: float) -> tuple[float, float]:
    return CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)


def draw(
    *,
    tables: NetworkTables,
    graph: TieGraph,
    brokers: Sequence[int],
    organisations: dict[int, str],
    sector_label: Callable[[str | None], str],
) -> Drawing:
    """The map of ``graph`` (the year's ties) laid out from ``tables`` (see module docstring)."""
    wedges = _wedges(tables.organisations)
    if graph.vertex_count > MEMBER_LIMIT:
        body = _organisation_map(tables, graph, set(brokers), wedges, organisations)
        aggregated = True
    else:
        body = _member_map(tables, graph, set(brokers), wedges, organisations)
        aggregated = False
    legend = _legend(sector_label, aggregated)
    title = _("Network map")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE + 70:.0f}" '
        f'width="100%" role="img" {FONT} font-size="11"><title>{title}</title>'
        f"{body}{legend}</svg>"
    )
    return Drawing(svg=svg, aggregated=aggregated)


def _organisation_angle(wedge: tuple[float, float, int, int]) -> float:
    start, width, index, size = wedge
    return start + width * (index + 0.5) / size


def _member_positions(
    tables: NetworkTables, wedges: dict[int, tuple[float, float, int, int]]
) -> dict[int, tuple[float, float]]:
    members = tables.members.select("person_id", "organisation_id").sort("person_id")
    counters: dict[int | None, int] = {}
    positions: dict[int, tuple[float, float]] = {}
    loose = 0
    for person_id, organisation_id in members.iter_rows():
        wedge = wedges.get(organisation_id) if organisation_id is not None else None
        if wedge is None:
            # People without an organisation sit on a small spiral at the centre.
            positions[person_id] = _spiral((CENTRE, CENTRE), loose, 9.0)
            loose += 1
            continue
        i = counters.get(organisation_id, 0)
        counters[organisation_id] = i + 1
        positions[person_id] = _spiral(_polar(_organisation_angle(wedge), RIM), i, 7.5)
    return positions


def member_layout(tables: NetworkTables) -> dict[int, tuple[float, float]]:
    """Position of every member in the map: a function of ``tables.organisations`` and
    ``tables.members`` only, never of a year's ties."""
    return _member_positions(tables, _wedges(tables.organisations))


def _spiral(centre: tuple[float, float], i: int, spacing: float) -> tuple[float, float]:
    radius = spacing * math.sqrt(i + 0.5)
    return centre[0] + radius * math.cos(i * GOLDEN_ANGLE), centre[1] + radius * math.sin(
        i * GOLDEN_ANGLE
    )


def _member_radius(degree: int) -> float:
    """Dot radius of a member with ``degree`` ties: area grows with ties, within bounds."""
    return min(8.0, 2.8 + 0.8 * math.sqrt(degree))


def _curve(p: tuple[float, float], q: tuple[float, float], bend: float = 0.45) -> str:
    """A quadratic curve from p to q whose control point is pulled towards the centre."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    cx, cy = CENTRE + (mx - CENTRE) * bend, CENTRE + (my - CENTRE) * bend
    return f"M{p[0]:.1f},{p[1]:.1f}Q{cx:.1f},{cy:.1f} {q[0]:.1f},{q[1]:.1f}"


def _member_map(
    tables: NetworkTables,
    graph: TieGraph,
    brokers: set[int],
    wedges: dict[int, tuple[float, float, int, int]],
    organisations: dict[int, str],
) -> str:
    positions = _member_positions(tables, wedges)
    ties = graph.ties.select("a", "b", "weight")
    heaviest = float(cast(float, ties["weight"].max()) or 1.0) if ties.height else 1.0
    parts = ['<g fill="none" stroke="#5a5a5a" stroke-linecap="round">']
    for a, b, weight in ties.sort("weight").iter_rows():
        if a not in positions or b not in positions:
            continue
        strength = math.log1p(weight) / math.log1p(heaviest)
        parts.append(
            f'<path d="{_curve(positions[a], positions[b])}" '
            f'stroke-width="{0.4 + 1.6 * strength:.2f}" '
            f'stroke-opacity="{0.12 + 0.35 * strength:.2f}"/>'
        )
    parts.append("</g>")
    degree = (
        dict(zip(graph.person_ids.tolist(), graph.graph.degree(), strict=True))
        if graph.vertex_count
        else {}
    )
    sector_of = dict(tables.members.select("person_id", "sector").iter_rows())
    parts.append('<g stroke="white" stroke-width="0.6">')
    for person_id, deg in degree.items():
        if person_id not in positions:
            continue
        x, y = positions[person_id]
        radius = _member_radius(deg)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'fill="{sector_colour(sector_of.get(person_id))}"/>'
        )
    parts.append("</g>")
    parts.append('<g fill="none" stroke="black" stroke-width="1.8">')
    for person_id in brokers:
        if person_id in positions and person_id in degree:
            x, y = positions[person_id]
            radius = _member_radius(degree[person_id]) + 2.6
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>')
    parts.append("</g>")
    parts.append(_rim_labels(wedges, organisations))
    return "".join(parts)


def _rim_labels(wedges: dict[int, tuple[float, float, int, int]], names: dict[int, str]) -> str:
    parts = ['<g font-size="10">']
    for organisation_id, wedge in wedges.items():
        angle = _organisation_angle(wedge)
        x, y = _polar(angle, RIM + 42)
        degrees = math.degrees(angle)
        left_half = math.cos(angle) < 0
        rotation = degrees + 180 if left_half else degrees
        name = names.get(organisation_id, "")
        name = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            svg_text(
                x,
                y + 3,
                name,
                text_anchor="end" if left_half else "start",
                transform=f"rotate({rotation:.1f} {x:.1f} {y:.1f})",
            )
        )
    parts.append("</g>")
    return "".join(parts)


def _organisation_map(
    tables: NetworkTables,
    graph: TieGraph,
    brokers: set[int],
    wedges: dict[int, tuple[float, float, int, int]],
    organisations: dict[int, str],
) -> str:
    inner, outer = 70.0, RIM + 80
    positions: dict[int, tuple[float, float]] = {}
    for organisation_id, (start, width, index, size) in wedges.items():
        radius = inner + (outer - inner) * math.sqrt((index + 0.5) / size)
        angle = start + width * ((index * 0.6180339887) % 1.0)
        positions[organisation_id] = _polar(angle, radius)
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
    parts = ['<g fill="none" stroke="#5a5a5a" stroke-linecap="round">']
    for x, y, count in pairs.reverse().iter_rows():
        if x not in positions or y not in positions:
            continue
        strength = math.log1p(count) / math.log1p(heaviest)
        p, q = positions[x], positions[y]
        parts.append(
            f'<path d="M{p[0]:.1f},{p[1]:.1f}L{q[0]:.1f},{q[1]:.1f}" '
            f'stroke-width="{0.3 + 1.5 * strength:.2f}" '
            f'stroke-opacity="{0.06 + 0.3 * strength:.2f}"/>'
        )
    parts.append("</g>")
    sector_of = dict(tables.organisations.select("organisation_id", "sector").iter_rows())
    broker_orgs = {
        organisation_id
        for person_id, organisation_id in org_of.iter_rows()
        if person_id in brokers and organisation_id is not None
    }
    radii = {org: 1.6 + 1.1 * math.sqrt(n) for org, n in sizes.items()}
    parts.append('<g stroke="white" stroke-width="0.4">')
    for organisation_id, radius in sorted(radii.items()):
        if organisation_id not in positions:
            continue
        x, y = positions[organisation_id]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'fill="{sector_colour(sector_of.get(organisation_id))}" fill-opacity="0.85"/>'
        )
    parts.append("</g>")
    parts.append('<g fill="none" stroke="black" stroke-width="1.6">')
    for organisation_id in sorted(broker_orgs):
        if organisation_id in positions and organisation_id in radii:
            x, y = positions[organisation_id]
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radii[organisation_id] + 2.5:.1f}"/>'
            )
    parts.append("</g>")
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:LABELLED_ORGANISATIONS]
    parts.append('<g font-size="11" font-weight="bold">')
    for organisation_id, _count in largest:
        if organisation_id not in positions:
            continue
        x, y = positions[organisation_id]
        name = organisations.get(organisation_id, "")
        at = (x + radii[organisation_id] + 3, y + 4)
        # A white halo under the label: a stroked copy first (paint-order is not supported by
        # every SVG renderer, WeasyPrint's included), then the text itself on top.
        parts.append(svg_text(*at, name, fill="white", stroke="white", stroke_width="3"))
        parts.append(svg_text(*at, name))
    parts.append("</g>")
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
        else _(
            "Each dot is a member, grouped by organisation (size: number of ties); a line: "
            "a tie this year."
        )
    )
    parts.append(svg_text(30, y + 34, explanation, font_size="13", fill=TEXT))
    return "".join(parts)
