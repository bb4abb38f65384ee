"""A form sent twice before its answer arrives writes once (netweave.js), in Debian's Chromium.

The answer to the first sending is held back (the server has already done the write), as on a
slow connection: without the guard, the second click or Enter reaches the server as a second
POST, and two rows are written.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import APIResponse, Browser, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from browser.test_journeys import _log_in
from browser.test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)
from ledger.people import circle_make
from netweave.ledger.models import Ask, Interaction

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


class HeldAnswers:
    """POSTs to ``path`` reach the server at once; their answers wait for :meth:`release`, as
    on a slow connection. ``sent`` counts the POSTs the page sent."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.routes: list[Route] = []
        self.answers: list[APIResponse] = []
        page.route(f"**{path}", self._hold)

    @property
    def sent(self) -> int:
        return len(self.routes)

    def _hold(self, route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        self.routes.append(route)
        self.answers.append(route.fetch(max_redirects=0))

    def release(self) -> None:
        """Wait until the server has answered every POST sent (a second one, if the page sent
        it, is sent by now), then let the page have the answers."""
        self.page.wait_for_timeout(300)
        for _ in range(200):
            if self.routes and len(self.answers) == len(self.routes):
                break
            self.page.wait_for_timeout(50)
        for route, answer in zip(self.routes, self.answers, strict=True):
            # A request the browser gave up for a later one: nobody awaits its answer.
            with contextlib.suppress(PlaywrightError):
                route.fulfill(response=answer)


def test_send_clicked_twice_writes_one_ask(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/asks/new/")
    answers = HeldAnswers(page, "/networks/circle/asks/new/")
    page.locator("#id_text").fill("Wie kent een goede subsidieschrijver?")

    # Two clicks a moment apart: a double click's second click Chromium itself ignores.
    # (The mouse itself: Playwright's own click waits for the navigation the first one began.)
    box = page.locator("main button[type=submit]").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(100)  # an impatient second click, not a double click
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    answers.release()

    expect(page.locator(".messages")).to_contain_text("Your ask is on the board.")
    assert answers.sent == 1
    assert Ask.objects.filter(network=circle.network).count() == 1


def test_enter_pressed_twice_logs_one_meeting(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/log/")
    answers = HeldAnswers(page, "/networks/circle/log/")
    page.keyboard.type("eva")  # the focus starts in "With whom"
    expect(page.get_by_label("Eva Jansen")).to_be_checked()

    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    answers.release()

    expect(page.locator(".messages")).to_contain_text("Logged: Anna Bakker met Eva Jansen")
    assert answers.sent == 1
    assert Interaction.objects.filter(network=circle.network).count() == 1
