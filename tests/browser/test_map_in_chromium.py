"""The network map in a real browser: a 2,000-member network in Debian's Chromium (software
WebGL, no GPU): search a person, filter a sector, open a card, compare 2024 with 2025.
Leaves a screenshot in docs/ (linked from the README)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page

from browser.test_pages_in_chromium import browser  # noqa: F401 - the shared Chromium fixture
from netweave import synth
from netweave.interop.synthetic import network_load_synthetic
from netweave.maps.models import NetworkMap
from netweave.networks.models import Membership, Network, Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.slow]
SCREENSHOT = Path(__file__).parents[2] / "docs" / "map-viewer.png"
"""Written with ``NETWEAVE_SCREENSHOTS=docs`` (to refresh the README's picture, as
test_journeys.py does), so that an ordinary test run leaves the working tree as it was."""
PASSWORD = "a-long-test-password"


def _wait_until(page: Page, expression: str, seconds: float = 30) -> None:
    """Playwright's wait_for_function evaluates its predicate with eval inside the page, which
    the page's content security policy refuses (as it should); page.evaluate is not affected."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(f"!!({expression})"):
        assert time.monotonic() < deadline, f"not within {seconds} s: {expression}"
        page.wait_for_timeout(100)


def _open_map(browser: Browser, live_server) -> Page:  # noqa: F811
    generated = synth.generate(
        synth.SynthConfig(members=2000, years=3, until=date(2026, 6, 30), seed=11)
    )
    # The import queues the map computation; the test settings run tasks at commit.
    network = network_load_synthetic(synthetic=generated, slug="kaart")
    assert NetworkMap.objects.filter(network=network, year=2025).exists()
    user = get_user_model().objects.create_user("kaartlezer", password=PASSWORD)
    Membership.objects.create(user=user, network=network, role=Role.STEWARD)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/networks/kaart/map/")
    page.fill("#id_username", "kaartlezer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _wait_until(page, "window.netweaveMap && window.netweaveMap.firstFrameMs !== null")
    return page


def test_explore_a_2000_member_network(browser: Browser, live_server, tmp_path):  # noqa: F811
    page = _open_map(browser, live_server)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    status = page.locator("#map-status")
    assert "people" in status.inner_text()
    people = page.evaluate("window.netweaveMap.state.graph.order")
    assert people > 1500

    # Search a person: the camera goes there and the card opens with their name.
    name = page.evaluate(
        "(() => { const g = window.netweaveMap.state.graph; let best = null, most = -1;"
        " g.forEachNode((n, a) => { if (a.degree > most) { most = a.degree; best = a.label; } });"
        " return best; })()"
    )
    page.fill("input[name=search]", name)
    page.press("input[name=search]", "Enter")
    card = page.locator("#map-card")
    card.wait_for(state="visible")
    assert card.locator("h2").inner_text() == name
    card.get_by_text("Open asks").wait_for()
    page.get_by_role("button", name="Close").click()

    # Filter a sector: only that sector's people remain drawn.
    page.select_option("select[name=sector]", "government")
    shown = page.evaluate("window.netweaveMap.state.visible.size")
    sectors = page.evaluate(
        "[...window.netweaveMap.state.visible].map(n =>"
        " window.netweaveMap.state.graph.getNodeAttribute(n, 'sector'))"
    )
    assert 0 < shown < people and set(sectors) == {"government"}

    # Open a card by clicking a dot on the canvas.
    page.select_option("select[name=sector]", "")
    target = page.evaluate(
        "(() => { const m = window.netweaveMap, r = m.state.renderer, g = m.state.graph;"
        " const n = g.nodes()[0]; const p = r.graphToViewport(g.getNodeAttributes(n));"
        " const box = document.getElementById('map-canvas').getBoundingClientRect();"
        " return {x: box.x + p.x, y: box.y + p.y, label: g.getNodeAttribute(n, 'label')}; })()"
    )
    page.mouse.click(target["x"], target["y"])
    card.wait_for(state="visible")
    assert card.locator("h2").inner_text()

    # Compare 2024 with 2025: new ties and lapsed ties are counted and marked.
    page.select_option("select[name=year]", "2025")
    _wait_until(page, "window.netweaveMap.state.data.year === 2025")
    page.select_option("select[name=compare]", "2024")
    _wait_until(page, "document.getElementById('map-status').innerText.includes('2024')")
    assert "Compared with 2024" in status.inner_text()
    lapsed = page.evaluate("window.netweaveMap.state.lapsed.length")
    assert lapsed > 0

    svg = page.evaluate("window.netweaveMap.exportSvg()")
    assert svg.startswith("<svg") and "<circle" in svg and "<line" in svg
    assert page.evaluate("window.netweaveMap.exportPng()").startswith("data:image/png")
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    page.evaluate("window.netweaveMap.state.renderer.getCamera().animatedReset({duration: 0})")
    page.wait_for_timeout(300)
    asked = os.environ.get("NETWEAVE_SCREENSHOTS") == "docs"
    shot = SCREENSHOT if asked else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


_LABELS = """(ratio) => new Promise((resolve) => {
    const renderer = window.netweaveMap.state.renderer;
    renderer.once("afterRender", () => {
        const box = renderer.getContainer().getBoundingClientRect();
        resolve({ boxes: window.netweaveMap.labelBoxes(), width: box.width, height: box.height });
    });
    renderer.getCamera().setState({ ratio });
    renderer.refresh();  // a frame even when the camera was already there
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_names_on_the_map_are_whole_and_apart(browser: Browser, live_server, width):  # noqa: F811
    """Zoomed out and in, a dot per person and per organisation: every name drawn lies inside
    the map (none cut off at its edge) and covers no other name; the others show on hover."""
    generated = synth.generate(
        synth.SynthConfig(members=150, years=2, until=date(2026, 6, 30), seed=4)
    )
    network_load_synthetic(synthetic=generated, slug="namen")
    user = get_user_model().objects.create_user("namenlezer", password=PASSWORD)
    Membership.objects.create(
        user=user, network=Network.objects.get(slug="namen"), role=Role.STEWARD
    )
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/networks/namen/map/")
    page.fill("#id_username", "namenlezer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _wait_until(page, "window.netweaveMap && window.netweaveMap.firstFrameMs !== null")

    drawn = 0
    for organisations in (False, True):
        page.set_checked("input[name=organisations]", organisations)
        page.wait_for_timeout(300)
        for ratio in (1, 0.5, 0.25, 0.12):
            shown = page.evaluate(_LABELS, ratio)
            boxes = shown["boxes"]
            drawn += len(boxes)
            for left, top, right, bottom in boxes:
                assert left >= 0 and right <= shown["width"], (organisations, ratio, boxes)
                assert top >= 0 and bottom <= shown["height"], (organisations, ratio, boxes)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                    assert apart, (organisations, ratio, a, b)
    assert drawn >= 10, f"names are shown ({drawn})"
