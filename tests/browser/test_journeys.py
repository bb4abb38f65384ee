"""Whole journeys in Debian's Chromium: a steward invites, the invitee joins and works with the
keyboard only, the steward sees it on the dashboard, a sponsor reads but cannot write, and axe-core
finds no serious accessibility violation on the pages they passed.

The invitation is read from a real SMTP server on loopback (the ``smtp_server`` fixture), to which
the live server sends. With ``NETWEAVE_SCREENSHOTS=docs`` the phone screenshots are written to
``docs/`` (that is how the README's pictures are made); otherwise to a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, Page, expect

from accounts.helpers import link_in
from browser.test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)
from ledger.people import Circle, circle_make
from netweave.ledger.models import Ask, Interaction
from netweave.networks.models import Membership, Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-circle-123"  # the circle's logins (tests/ledger/people.py)
NEW_PASSWORD = "kwartel-fietspomp-29"
ASK = "Who has run a repair café with a municipality? We start one in the spring."


def _log_in(browser: Browser, live_server, username: str, **context) -> Page:  # noqa: F811
    page = browser.new_context(**context).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The home page (several networks) or the one network's home: away from the login.
    page.wait_for_url(lambda url: not url.endswith("/login/"))
    return page


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focus is on ``selector``: the keyboard alone must reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def _serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    # Evaluated, not added as a <script>: the page's content security policy refuses inline
    # scripts (as it should), while Playwright's evaluate runs beside the page.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    assert results["passes"], f"axe-core checked nothing on {page.url}"
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _menu_violations(page: Page) -> list[str]:
    """Open every page of the network's menu in turn and check each with axe-core."""
    menu = page.get_by_role("navigation", name="Network").get_by_role("link")
    found = []
    base = page.url.split("/networks/")[0]
    for href in [menu.nth(i).get_attribute("href") for i in range(menu.count())]:
        answer = page.request.get(base + str(href))
        assert answer.ok, href
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # a download (a member's own data), not a page
        page.goto(base + str(href))
        found += _serious_violations(page)
    return found


def _screenshot(page: Page, name: str, tmp_path: Path) -> None:
    folder = REPO / "docs" if os.environ.get("NETWEAVE_SCREENSHOTS") == "docs" else tmp_path
    page.screenshot(path=str(folder / f"phone-{name}.png"))


@pytest.fixture
def circle(live_server, smtp_server, settings) -> Circle:
    settings.NETWEAVE_SITE_URL = live_server.url  # links in mails lead to this live server
    return circle_make()


def test_invited_member_joins_asks_and_logs_and_the_steward_sees_it(
    browser: Browser,  # noqa: F811
    live_server,
    smtp_server,
    circle: Circle,
    tmp_path: Path,
):
    found: list[str] = []
    steward = _log_in(browser, live_server, "circle-Visser")

    # The steward invites Jan from the memberships page.
    steward.goto(f"{live_server.url}/networks/circle/")
    steward.get_by_role("link", name="Members").click()
    found += _serious_violations(steward)
    steward.get_by_role("link", name="Invite someone").click()
    found += _serious_violations(steward)
    steward.get_by_label("First name").fill("Jan")
    steward.get_by_label("Last name").fill("de Vries")
    steward.get_by_label("E-mail").fill("jan@example.org")
    steward.get_by_label("Role").select_option("member")
    steward.get_by_role("button", name="Send the invitation").click()
    expect(steward.locator(".messages")).to_contain_text("jan@example.org has been invited")
    expect(steward.locator("table.invitations")).to_contain_text("Jan de Vries")

    # Jan reads the mail, opens the link and chooses a password: keyboard only from here on.
    [mail] = smtp_server.messages
    assert mail["To"] == "jan@example.org"
    member = browser.new_context(viewport=PHONE).new_page()
    member.goto(live_server.url + link_in(mail, django_settings.NETWEAVE_SITE_URL))
    found += _serious_violations(member)
    _tab_to(member, "#id_new_password1")
    member.keyboard.type(NEW_PASSWORD)
    member.keyboard.press("Tab")
    member.keyboard.type(NEW_PASSWORD)
    member.keyboard.press("Enter")
    expect(member.locator(".messages")).to_contain_text("Welcome to Circle circle")
    jan = Membership.objects.get(user__username="jan@example.org")
    assert jan.role == Role.MEMBER and str(jan.person) == "Jan de Vries"

    # He writes an ask…
    member.goto(f"{live_server.url}/networks/circle/asks/new/")
    found += _serious_violations(member)
    _tab_to(member, "#id_text")
    member.keyboard.type(ASK)
    _tab_to(member, "button[type=submit]")
    member.keyboard.press("Enter")
    expect(member.locator("main")).to_contain_text(ASK)
    found += _serious_violations(member)
    assert Ask.objects.get(network=circle.network, text=ASK).person == jan.person

    # …and logs that he met Eva: focus starts in "With whom", Enter logs.
    member.goto(f"{live_server.url}/networks/circle/log/")
    member.keyboard.type("eva")
    expect(member.get_by_label("Eva Jansen")).to_be_checked()
    found += _serious_violations(member)
    member.keyboard.press("Enter")
    expect(member.locator(".messages")).to_contain_text("Logged: Jan de Vries met Eva Jansen")
    met = Interaction.objects.get(network=circle.network)
    assert {met.person_a, met.person_b} == {jan.person, circle.people["Jansen"]}
    _screenshot(member, "quick-log", tmp_path)
    member.goto(f"{live_server.url}/networks/circle/me/")
    expect(member.locator("h1")).to_have_text("Hello Jan")
    expect(member.locator("main")).to_contain_text(ASK[:60])
    expect(member.locator("main")).to_contain_text("Eva Jansen")
    found += _serious_violations(member)
    _screenshot(member, "member-home", tmp_path)
    found += _menu_violations(member)

    # The steward's dashboard shows the ask, and Jan and Eva are no longer without a tie.
    steward.goto(f"{live_server.url}/networks/circle/")
    expect(steward.locator("#asks-heading + p + ul")).to_contain_text(ASK[:60])
    unconnected = steward.locator("#unconnected-heading ~ ul")
    expect(unconnected).to_contain_text("Anna Bakker", timeout=15_000)  # figures may be computing
    expect(unconnected).not_to_contain_text("Jan de Vries")
    expect(unconnected).not_to_contain_text("Eva Jansen")
    found += _serious_violations(steward)
    steward.get_by_role("link", name="Audit list").click()
    expect(steward.locator("table.audit")).to_contain_text("accepted the invitation of")
    found += _serious_violations(steward)
    phone = _log_in(browser, live_server, "circle-Visser", viewport=PHONE)
    phone.goto(f"{live_server.url}/networks/circle/")
    expect(phone.locator("#unconnected-heading")).to_be_visible(timeout=15_000)
    _screenshot(phone, "dashboard", tmp_path)
    found += _menu_violations(steward) + _menu_violations(phone)

    assert found == [], "\n".join(found)


def test_a_sponsor_reads_but_every_write_is_refused(
    browser: Browser,  # noqa: F811
    live_server,
    circle: Circle,
):
    sponsor = _log_in(browser, live_server, "circle-de Wit")
    sponsor.goto(f"{live_server.url}/networks/circle/")
    expect(sponsor.locator("h1")).to_have_text("Circle circle")
    menu = sponsor.get_by_role("navigation", name="Network")
    expect(menu.get_by_role("link", name="Asks and offers")).to_be_visible()
    expect(menu.get_by_role("link", name="Quick log")).to_have_count(0)
    expect(menu.get_by_role("link", name="Members")).to_have_count(0)
    found = _serious_violations(sponsor)
    found += _menu_violations(sponsor)

    for path in ("log/", "asks/new/", "members/", "members/invite/", "audit/"):
        response = sponsor.goto(f"{live_server.url}/networks/circle/{path}")
        assert response is not None and response.status == 403, path
        expect(sponsor.locator("h1")).to_have_text("Not allowed")
    found += _serious_violations(sponsor)

    # A forged POST, with a valid CSRF token, is refused by the policy just the same.
    token = next(c["value"] for c in sponsor.context.cookies() if c["name"] == "csrftoken")
    for path in ("log/", "asks/new/", "members/invite/"):
        response = sponsor.request.post(
            f"{live_server.url}/networks/circle/{path}",
            form={"other_query": "eva", "text": "x", "email": "x@example.org"},
            headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/"},
        )
        assert response.status == 403, path
        assert "does not allow this" in response.text(), path
    assert not Interaction.objects.filter(network=circle.network).exists()
    assert not Ask.objects.filter(network=circle.network).exists()
    assert found == [], "\n".join(found)


def test_pages_before_logging_in_have_no_serious_violations(
    browser: Browser,  # noqa: F811
    live_server,
):
    page = browser.new_page()
    found: list[str] = []
    for path in ("/", "/login/", "/password/reset/"):
        page.goto(live_server.url + path)
        found += _serious_violations(page)
    assert found == [], "\n".join(found)


def test_the_accessibility_check_finds_what_it_should(browser: Browser, live_server):  # noqa: F811
    page = browser.new_page()
    page.goto(live_server.url + "/login/")
    page.evaluate(
        """() => {
            document.querySelector('label[for=id_username]').remove();
            document.body.insertAdjacentHTML('beforeend', '<img src="/static/web/none.png">');
        }"""
    )
    found = " ".join(_serious_violations(page))
    assert "label (critical)" in found and "image-alt (critical)" in found, found


def test_a_login_in_two_networks_switches_between_them(
    browser: Browser,  # noqa: F811
    live_server,
    circle: Circle,
):
    other = circle_make("kring")
    Membership.objects.create(user=circle.logins["Visser"], network=other.network, role="member")
    page = _log_in(browser, live_server, "circle-Visser")
    expect(page.locator("ul.cards li")).to_have_text(["Circle circle", "Circle kring"])
    page.get_by_role("link", name="Circle circle").click()
    menu = page.get_by_role("navigation", name="Network")
    expect(menu.get_by_role("link", name="Members")).to_be_visible()  # a steward here

    page.locator("details.switcher summary").click()
    page.locator("details.switcher").get_by_role("link", name="Circle kring").click()

    expect(page.locator("h1")).to_have_text("Circle kring")
    expect(menu.get_by_role("link", name="Members")).to_have_count(0)  # a member there
