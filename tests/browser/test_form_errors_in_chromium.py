"""A form the server refuses, in Debian's Chromium, with the keyboard only: the error is tied to
its field (``aria-invalid`` and ``aria-describedby``, so it is the field's accessible
description) and the focus is on that field, so a screen reader says it at once. Filling and
sending the quick log and the ask form with the keyboard is in test_journeys.py and
test_quick_log_on_a_phone.py; here they are sent wrong."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.test_journeys import _log_in, _tab_to
from browser.test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)
from ledger.people import circle_make
from netweave.ledger.models import Ask, Interaction

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement.id")


def test_an_ask_without_text_says_so_at_the_field(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/asks/new/")
    _tab_to(page, "#id_text")
    page.keyboard.type("   ")  # only spaces: the browser lets it through, the server does not
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    text = page.locator("#id_text")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_have_accessible_description(re.compile("This field is required."))
    assert _focused_id(page) == "id_text"
    page.keyboard.type("Wie kent een goede subsidieschrijver?")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Your ask is on the board.")
    assert Ask.objects.get(network=circle.network).text == "Wie kent een goede subsidieschrijver?"


def test_a_quick_log_with_nobody_found_says_so_at_the_name(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/log/")
    page.keyboard.type("Zzyzx")  # focus starts in "With whom"; nobody has this name
    page.keyboard.press("Enter")

    other = page.locator("#id_other_query")
    expect(other).to_have_attribute("aria-invalid", "true")
    expect(other).to_have_accessible_description("Nobody in this network matches this name.")
    assert _focused_id(page) == "id_other_query"
    assert not Interaction.objects.filter(network=circle.network).exists()

    page.keyboard.press("Control+A")
    page.keyboard.type("eva")
    expect(page.get_by_label("Eva Jansen")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Logged: Anna Bakker met Eva Jansen")


def test_a_date_that_does_not_exist_says_so_at_the_date(browser: Browser, live_server):  # noqa: F811
    """A date the browser's own picker cannot send (typed by a script, or by a browser without
    one): the server's message, at the date."""
    circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/log/")
    page.keyboard.type("eva")
    expect(page.get_by_label("Eva Jansen")).to_be_checked()
    page.evaluate("document.getElementById('id_occurred_on').type = 'text'")
    page.locator("#id_occurred_on").fill("2026-02-31")
    page.locator("#id_occurred_on").press("Enter")

    day = page.locator("#id_occurred_on")
    expect(day).to_have_attribute("aria-invalid", "true")
    expect(day).to_have_accessible_description("Enter a valid date.")
    assert _focused_id(page) == "id_occurred_on"
