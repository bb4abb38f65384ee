"""What the reader sees, against strings written by hand for a network small enough to count on
one's fingers: a share shown ×10, a change with its sign flipped or a direction inverted fails
here, whatever the report's own formatter says. No database."""

from __future__ import annotations

from datetime import date

import pytest
from report_helpers import ada_bo_cas_dewi, hand_made_html, health_row, tile

from netweave.insights import NetworkTables


def _network() -> NetworkTables:
    """Ada and Bo (knowledge, Hogeschool) and Cas (business, Bakkerij) since 2024; Dewi
    (business, Bakkerij) joins in 2025. December 2024: Ada–Bo. December 2025: Ada–Bo, Ada–Cas,
    Cas–Dewi, Bo–Dewi. So 2025 has 4 members against 3, 4 interactions against 1, and 2 of its 4
    warm ties cross sectors (Ada–Cas, Bo–Dewi) against none of 1: 50% against 0%, +50 pp."""
    return ada_bo_cas_dewi(
        joined=[date(2024, 1, 1)] * 3 + [date(2025, 6, 1)],
        left=[None] * 4,
        ties=[(1, 2, date(2024, 12, 10))]
        + [(a, b, date(2025, 12, 10)) for a, b in ((1, 2), (1, 3), (3, 4), (2, 4))],
    )


@pytest.mark.parametrize(
    ("language", "better"),
    [("en", "better"), ("nl", "beter")],
)
def test_figures_changes_and_directions_read_as_written_by_hand(language, better):
    html = hand_made_html(_network(), language)
    assert tile(html, "members") == ("4", f"+1 ▲ {better}")
    assert tile(html, "interactions") == ("4", f"+3 ▲ {better}")
    assert tile(html, "organisations") == (
        "2",
        "±0 =" + (" same" if language == "en" else " gelijk"),
    )
    assert health_row(html, "cross_sector_share") == ("50%", "0%", f"+50 pp ▲ {better}")
