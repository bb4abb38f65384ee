"""A routine from plan to new tie, in Debian's Chromium: a steward plans a monthly breakfast,
the member takes part and gets the invitation (a real SMTP server), clicks "it happened", and
the routine page shows the attendance and the tie born there."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, expect

from netweave.networks.models import Membership, Network, Organisation, Person, Role
from netweave.routines.models import Routine
from ticks import tick_at

from .test_pages_in_chromium import browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a-long-test-password"


def login(chromium: Browser, base: str, username: str):
    page = chromium.new_context().new_page()
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


@pytest.fixture
def network() -> dict[str, Person]:
    network = Network.objects.create(name="Regio Netwerk", slug="regio")
    city = Organisation.objects.create(
        network=network, name="Gemeente", slug="gemeente", sector="government"
    )
    firm = Organisation.objects.create(
        network=network, name="Bouwbedrijf", slug="bouw", sector="business"
    )
    people = {}
    for username, first, organisation, role in [
        ("sanne", "Sanne", city, Role.STEWARD),
        ("bram", "Bram", firm, Role.MEMBER),
    ]:
        person = Person.objects.create(
            network=network,
            organisation=organisation,
            first_name=first,
            last_name="Bakker",
            email=f"{username}@example.org",
            language="en",
            joined_on=date(2024, 1, 1),
        )
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, network=network, role=role, person=person)
        people[username] = person
    return people


def test_plan_invite_it_happened_new_tie(
    browser: Browser,  # noqa: F811
    live_server,
    smtp_server,
    settings,
    network,
):
    settings.NETWEAVE_SITE_URL = live_server.url
    first = timezone.localdate() - timedelta(days=3)  # so the health period (to today) holds it

    steward = login(browser, live_server.url, "sanne")
    steward.goto(live_server.url + "/networks/regio/routines/")
    steward.get_by_role("link", name="New routine").click()
    steward.fill("#id_name", "Monthly breakfast")
    steward.select_option("#id_format", "meetup")
    steward.select_option("#id_cadence", "monthly")
    steward.fill("#id_started_on", first.isoformat())
    steward.fill("#id_start_time", "08:30")
    steward.fill("#id_duration_minutes", "60")
    steward.fill("#id_place", "Stadhuis")
    # The host is found by name, as in the quick log (a list of every member would not do).
    steward.get_by_label("Host").fill("sanne")
    expect(steward.get_by_label("Sanne Bakker")).to_be_checked()
    steward.get_by_role("button", name="Save").click()
    assert steward.locator("h1").inner_text() == "Monthly breakfast"
    assert Routine.objects.get(name="Monthly breakfast").steward == network["sanne"]
    routine_url = steward.url

    member = login(browser, live_server.url, "bram")
    member.goto(routine_url)
    member.get_by_role("button", name="Take part").click()
    assert member.get_by_role("button", name="Opt out").is_visible()

    # cron's tick, the day before the first breakfast: it plans the date and invites
    start = timezone.make_aware(datetime.combine(first, time(8, 30)))
    tick_at(start - timedelta(days=1))
    to_bram = [m for m in smtp_server.messages if m["To"] == "bram@example.org"]
    invitations = [m for m in to_bram if m["Subject"] == "Invitation: Monthly breakfast"]
    assert len(invitations) == 2  # this breakfast and next month's (planned 35 days ahead)
    assert len(to_bram) == 3  # and the reminder: it is less than 24 hours away
    events = {}
    for invitation in invitations:
        part = next(p for p in invitation.walk() if p.get_content_type() == "text/calendar")
        event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
        events[event["DTSTART"].dt] = event
    assert start in events and str(events[start]["LOCATION"]) == "Stadhuis"

    # after the breakfast: the "did it happen?" mail, and one click in the browser
    tick_at(start + timedelta(hours=2))
    (follow_up,) = [
        m for m in smtp_server.messages if m["To"] == "bram@example.org" and "?" in m["Subject"]
    ]
    text = follow_up.get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/routines/answer/\S+/", text).group(0)
    answer = browser.new_context().new_page()  # no login needed: the link is signed
    answer.goto(link)
    answer.fill("#id_reflection", "Met the alderman's team.")
    answer.get_by_role("button", name="Yes, it happened").click()
    assert "recorded that you met" in answer.locator("#answer-done").inner_text()

    steward.goto(routine_url)
    row = steward.locator("#occurrences tbody tr").filter(has_text="Held")
    assert "Sanne Bakker" in row.inner_text() and "Bram Bakker" in row.inner_text()
    assert row.locator(".attendance").inner_text().startswith("2")
    assert "Met the alderman's team." in row.inner_text()
    assert steward.locator("#health-held").inner_text() == "1 / 1"
    assert steward.locator("#health-new-ties").inner_text() == "1"
