"""The pages in a real browser: Debian's Chromium driven by Playwright, served by a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, sync_playwright

from netweave import synth
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Membership, Network, Organisation, Person, Role

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for browser tests and was not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are
    # still synchronous, so Django's async-safety guard must be told so.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # With that loop running, Django keeps this thread's connections apart from the ones it
        # had before (asgiref's storage for async code): the ORM calls made meanwhile opened a
        # connection of their own, which nothing else closes (a transactional test's end does,
        # a plain one's does not). Left open, it kept the test database from being dropped.
        connections.close_all()


@pytest.fixture
def steward() -> tuple[str, str]:
    network = Network.objects.create(name="Regio Netwerk", slug="regio")
    organisation = Organisation.objects.create(
        network=network, name="Hogeschool", slug="hogeschool", sector="knowledge"
    )
    Person.objects.create(
        network=network,
        organisation=organisation,
        first_name="Sanne",
        last_name="Bakker",
        joined_on=date(2024, 1, 1),
    )
    user = get_user_model().objects.create_user(
        "sanne", password="a-long-test-password", is_staff=True
    )
    Membership.objects.create(user=user, network=network, role=Role.STEWARD)
    return "sanne", "a-long-test-password"


def test_steward_logs_in_and_sees_the_network(browser: Browser, live_server, steward):
    username, password = steward
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Log in to see your networks").click()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    # One network: the login goes straight to it, no list with one link in between.
    page.wait_for_url(live_server.url + "/networks/regio/")

    assert page.locator("h1").inner_text() == "Regio Netwerk"
    # A steward's network home is the dashboard; the test settings' queue computes its figures
    # during the first visit (a served installation's worker does it in the background).
    members = page.locator('[data-figure="members"]').inner_text()
    assert members == "1"
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    assert page.evaluate("typeof htmx.ajax") == "function", "htmx is served by the app itself"


def test_language_switch_shows_dutch(browser: Browser, live_server):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Houd je netwerk warm"


def test_a_report_asked_for_on_the_web_appears_when_the_worker_is_done(
    browser: Browser, live_server, settings
):
    """The steward asks; the page says queued; a worker makes it; htmx shows the download."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    generated = synth.generate(
        synth.SynthConfig(members=40, years=2, until=date(2026, 6, 30), seed=5)
    )
    network = network_load_synthetic(synthetic=generated, slug="rapport")
    user = get_user_model().objects.create_user("regisseur", password="a-long-test-password")
    Membership.objects.create(user=user, network=network, role=Role.STEWARD)
    page = browser.new_page()
    page.goto(live_server.url + "/networks/rapport/reports/")  # sends to the login page
    page.fill("#id_username", "regisseur")
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    page.select_option("#id_year", "2025")
    page.select_option("#id_format", "html")
    page.get_by_role("button", name="Generate").click()
    assert "Queued" in page.locator("#report-runs").inner_text()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    download = page.get_by_role("link", name="Download")
    download.wait_for(timeout=15_000)  # no reload: htmx swaps the table in
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.ok and "data-figure" in response.text()
