"""A year that went worse, read as its reader reads it, against strings written by hand: a
fall shown with a plus sign, a "worse" arrow or word shown as "better", a ratio's change with its
sign flipped, or the summary's "from … to …" turned around fails here. No database.

(``test_report_text`` has a year that went better; every change there is a rise.)"""

from __future__ import annotations

import re
from datetime import date

import pytest
from report_helpers import ada_bo_cas_dewi, hand_made_html, health_row, tile

from netweave.insights import NetworkTables


def _network() -> NetworkTables:
    """Ada and Bo (knowledge, Hogeschool), Cas and Dewi (business, Bakkerij), all since 2024;
    Dewi leaves on the last day of 2024. December 2024: a ring Ada–Bo, Ada–Cas, Cas–Dewi,
    Bo–Dewi. December 2025: Ada and Bo, twice.

    So 2025 has 3 members against 4 (−1), 2 interactions against 4 (−2), 1 warm tie against 4
    (−3); no new tie against 4 (−4), 3 lapsed against none (+3, which is worse). Of the warm
    ties none crosses sectors against 2 of 4 (Ada–Cas, Bo–Dewi): 0% against 50%, −50 pp.
    Density: 1 tie among 3 members is 1/3 = 0.333 against 4 among 4 = 4/6 = 0.667, −0.333."""
    return ada_bo_cas_dewi(
        joined=[date(2024, 1, 1)] * 4,
        left=[None, None, None, date(2024, 12, 31)],
        ties=[(a, b, date(2024, 12, 10)) for a, b in ((1, 2), (1, 3), (3, 4), (2, 4))]
        + [(1, 2, date(2025, 12, 1)), (1, 2, date(2025, 12, 10))],
    )


@pytest.mark.parametrize(
    ("language", "better", "worse", "same"),
    [("en", "better", "worse", "same"), ("nl", "beter", "slechter", "gelijk")],
)
def test_a_fall_reads_as_a_fall_and_worse_as_worse(language, better, worse, same):
    html = hand_made_html(_network(), language)
    assert tile(html, "members") == ("3", f"−1 ▼ {worse}")
    assert tile(html, "interactions") == ("2", f"−2 ▼ {worse}")
    assert tile(html, "warm_ties") == ("1", f"−3 ▼ {worse}")
    assert tile(html, "new_ties") == ("0", f"−4 ▼ {worse}")
    # More lapsed ties is a rise called worse; one more kept tie a rise called better.
    assert tile(html, "lapsed_ties") == ("3", f"+3 ▼ {worse}")
    assert tile(html, "kept_ties") == ("1", f"+1 ▲ {better}")
    assert tile(html, "organisations") == ("2", f"±0 = {same}")
    assert health_row(html, "cross_sector_share") == ("0%", "50%", f"−50 pp ▼ {worse}")
    comma = "," if language == "nl" else "."
    assert health_row(html, "density") == (
        f"0{comma}333",
        f"0{comma}667",
        f"−0{comma}333 ▼ {worse}",
    )


def test_the_summary_tells_the_fall_from_before_to_now():
    html = hand_made_html(_network(), "en")
    summary = html[html.index('id="summary"') : html.index('id="numbers"')]
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert "3 members from 2 organisations took part this year and recorded 2 interactions" in text
    assert "0% of the warm ties connect different sectors (50% the year before)." in text
    # The largest relative fall of "the year in numbers": new ties, 4 to 0 (−100 %); no rise is
    # measured against a year that had any (kept ties rose from 0).
    assert (
        "The clearest decline: new ties (contact this year, not the year before), from 4 to 0."
        in text
    )
    assert "improvement" not in text


@pytest.mark.parametrize(
    ("language", "ties"),
    [
        (
            "en",
            "The year ended with 1 warm tie against 4 at its start: 0 ties became warm and 3 "
            "cooled down or went cold.",
        ),
        (
            "nl",
            "Het jaar eindigde met 1 warme band, tegen 4 aan het begin: 0 banden werden warm en 3 "
            "koelden af of werden koud.",
        ),
    ],
)
def test_the_summary_agrees_with_its_numbers(language, ties):
    # One warm tie is "1 warm tie", not "1 warm ties" (each count chooses its own form).
    html = hand_made_html(_network(), language)
    summary = html[html.index('id="summary"') : html.index('id="numbers"')]
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert ties in text
