"""The HTML editions pass axe-core with no violation at all (WCAG 2.1 AA, as the municipalities
that fund networks must publish), checked in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser.test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)
from netweave.reports.document import Audience

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize(
    ("language", "audience"),
    [("nl", Audience.NETWORK), ("en", Audience.NETWORK), ("nl", Audience.PUBLIC)],
)
def test_report_edition_has_no_accessibility_violation(
    browser: Browser,  # noqa: F811
    fixture,
    tmp_path,
    language,
    audience,
):
    path = tmp_path / f"report-{language}-{audience}.html"
    path.write_text(fixture.html(language, audience), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    page.close()
    assert results["passes"], "axe-core checked nothing"
    found = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — "
        + "; ".join(str(node["target"][0]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]
    assert not found, "\n".join(found)
