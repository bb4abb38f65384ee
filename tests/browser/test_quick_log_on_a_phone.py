"""The quick log on a 390 px phone in Chromium, with the keyboard only: type a name, Enter."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from browser.test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)
from ledger.people import circle_make
from netweave.api.services import token_create
from netweave.introductions.models import Answer, Introduction, Status
from netweave.ledger.models import Interaction, Kind
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.models import Role
from netweave.reports.models import ReportRun, RunStatus
from netweave.routines.models import Routine

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


def _log_in(browser: Browser, live_server, username: str):  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-circle-123")
    page.keyboard.press("Enter")
    # The home page (several networks) or the one network's home: away from the login.
    page.wait_for_url(lambda url: not url.endswith("/login/"))
    return page


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_logs_a_meeting_with_the_keyboard_on_a_phone(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/networks/circle/log/")
    assert _fits_the_phone(page)

    page.keyboard.type("eva")  # focus starts in "With whom"
    expect(page.get_by_label("Eva Jansen")).to_be_checked()
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Logged: Anna Bakker met Eva Jansen")
    logged = Interaction.objects.get(network=circle.network)
    assert (logged.person_a, logged.person_b) == (circle.people["Bakker"], circle.people["Jansen"])
    assert logged.kind == Kind.MEETING and logged.logged_by.username == "circle-Bakker"
    assert _fits_the_phone(page)
    assert all(url.startswith(live_server.url) for url in requested)  # nothing from elsewhere

    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text("Undone")
    assert not Interaction.objects.filter(network=circle.network).exists()


def test_a_steward_picks_both_people_with_arrow_keys(browser: Browser, live_server):  # noqa: F811
    circle = circle_make()
    page = _log_in(browser, live_server, "circle-Visser")
    page.goto(f"{live_server.url}/networks/circle/log/")
    page.keyboard.type("gemeente")  # Visser and de Wit work there: two suggestions
    expect(page.get_by_label("Bram Visser")).to_be_checked()
    page.keyboard.press("Tab")  # into the suggestions
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Carla de Wit")).to_be_checked()
    page.get_by_label("Who", exact=True).fill("Daan")
    expect(page.get_by_label("Daan Mulder")).to_be_checked()
    page.get_by_label("When").press("Enter")

    expect(page.locator(".messages")).to_contain_text("Logged")
    logged = Interaction.objects.get(network=circle.network)
    assert (logged.person_a, logged.person_b) == (circle.people["Mulder"], circle.people["de Wit"])


def test_the_board_and_member_home_fit_the_phone(browser: Browser, live_server):  # noqa: F811
    circle_make()
    page = _log_in(browser, live_server, "circle-Bakker")
    for path in ("asks/", "me/", "people/", "organisations/", "asks/new/"):
        page.goto(f"{live_server.url}/networks/circle/{path}")
        assert page.locator("h1").count() == 1, path
        assert _fits_the_phone(page), path


def _menu_and_filters(page) -> dict:
    return page.evaluate(
        """() => {
          const links = [...document.querySelectorAll("nav.sections a")];
          const field = document.querySelector(".filters select").getBoundingClientRect();
          const button = document.querySelector(".filters button").getBoundingClientRect();
          return {
            hidden: links.filter(a => a.getBoundingClientRect().right > window.innerWidth)
              .map(a => a.textContent.trim()),
            scrolls: document.querySelector("nav.sections").scrollWidth
              > document.querySelector("nav.sections").clientWidth,
            fieldHeight: field.height, buttonHeight: button.height,
            buttonWidth: button.width,
          };
        }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_a_stewards_menu_and_the_filters_fit_on_a_laptop_and_a_phone(
    browser: Browser,  # noqa: F811
    live_server,
    width,
):
    # The steward's menu has every section; it scrolled sideways at 1,200 px, and Pico drew the
    # filter button as a tall pill beside the fields.
    circle_make()
    page = _log_in(browser, live_server, "circle-Visser")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/networks/circle/people/")
    shown = _menu_and_filters(page)
    assert shown["hidden"] == [] and not shown["scrolls"]
    assert abs(shown["buttonHeight"] - shown["fieldHeight"]) <= 2
    assert shown["buttonWidth"] < width / 2
    assert _fits_the_phone(page)


def test_an_introduction_with_a_long_address_fits_the_phone(browser: Browser, live_server):  # noqa: F811
    """Both said yes and met: the card shows the other's e-mail address, one unbreakable word
    wider than a phone; it wraps inside the card instead of widening the page."""
    circle = circle_make()
    jansen = circle.people["Jansen"]
    jansen.email = "eva.jansenvanderbakkerijzoet.1234@bakkerijzoetgroningen.example"
    jansen.save()
    Introduction.objects.create(
        network=circle.network,
        person_a=circle.people["Bakker"],
        person_b=jansen,
        status=Status.MET,
        suggested_on=date(2026, 9, 1),
        answer_a=Answer.ACCEPTED,
        answer_b=Answer.ACCEPTED,
        met_on=date(2026, 10, 20),
    )
    page = _log_in(browser, live_server, "circle-Bakker")
    page.goto(f"{live_server.url}/networks/circle/introductions/")
    expect(page.locator("#introductions")).to_contain_text(jansen.email)
    assert _fits_the_phone(page)


_SCROLLS_SIDEWAYS = """() => {
    const sideways = [document.documentElement, ...document.querySelectorAll('main *')].filter(
        (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden'
            && (e === document.documentElement || getComputedStyle(e).overflowX !== 'visible'));
    return sideways.map((e) => `${e.tagName}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`);
}"""


def test_every_list_page_fits_a_phone_without_scrolling_sideways(browser: Browser, live_server):  # noqa: F811
    """Members, organisations, audit, report runs, routines, API tokens and introductions: each
    row stacks its cells (one shared rule, table.stack) instead of a table that scrolls inside
    the page."""
    circle = circle_make()
    network, steward = circle.network, circle.logins["Visser"]
    actor = Actor(steward, network, Role.STEWARD, circle.people["Visser"])
    audit.record(actor, audit.Verb.SETTINGS_CHANGED, network, detail="{} → {}")
    for language in ("nl", "en"):
        ReportRun.objects.create(
            network=network, year=2025, language=language, format="html", audience="network",
            status=RunStatus.DONE, created_by=steward,
        )  # fmt: skip
    Routine.objects.create(
        network=network, name="Netwerkontbijt circulaire economie", format="random_coffee",
        cadence="biweekly", steward=circle.people["Visser"], started_on=date(2026, 1, 1),
    )  # fmt: skip
    Introduction.objects.create(
        network=network, person_a=circle.people["Bakker"], person_b=circle.people["Jansen"],
        status=Status.MET, suggested_on=date(2026, 9, 1), met_on=date(2026, 10, 20),
    )  # fmt: skip
    token_create(steward, name="Kennisbank van de gemeente Groningen")
    page = _log_in(browser, live_server, "circle-Visser")
    lists = ("members/", "organisations/", "audit/", "reports/", "routines/")
    for path in (*[f"/networks/circle/{path}" for path in lists], "/account/tokens/"):
        page.goto(live_server.url + path)
        assert page.locator("main table").count() >= 1, path
        assert page.evaluate(_SCROLLS_SIDEWAYS) == [], path
    page.goto(f"{live_server.url}/networks/circle/introductions/steward/")
    assert page.evaluate(_SCROLLS_SIDEWAYS) == []
