"""The steward dashboard: the report's figures from stored snapshots, refreshed in the background.

Expected values are computed here straight from ``analyse()`` over the same three periods
(the last twelve months up to today, the same 30 days earlier, and the year before), read by
attribute name, and compared with the ``data-value``/``data-previous`` the page carries.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from netweave.dashboard.models import HealthSnapshot
from netweave.dashboard.services import figures_changed
from netweave.insights import MetricSettings, Period, analyse
from netweave.introductions.models import SuggestionSet
from netweave.ledger.services import Verb, interaction_log
from netweave.maps.models import MapState
from netweave.networks.models import Person, Role
from netweave.networks.selectors import actor_for
from netweave.reports.selectors import network_tables
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def alpha():
    return tenant_make("alpha", seed=11)


class Values(HTMLParser):
    """``data-figure`` → raw value; ``data-previous`` → list of raw previous values."""

    def __init__(self) -> None:
        super().__init__()
        self.now: dict[str, str] = {}
        self.before: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-figure" in found:
            self.now[found["data-figure"] or ""] = found.get("data-value") or ""
        if "data-previous" in found:
            self.before.setdefault(found["data-previous"] or "", []).append(
                found.get("data-value") or ""
            )


def _page(client, network) -> str:
    return client.get(reverse("web:network", args=[network.slug])).content.decode()


def _close(shown: str, expected: float) -> bool:
    return math.isclose(float(shown), float(expected), rel_tol=1e-12, abs_tol=1e-12)


def test_first_visit_says_the_figures_are_being_computed_and_queues_them(
    client, alpha, django_capture_on_commit_callbacks
):
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = _page(client, alpha.network)
    assert "The figures are being computed" in page
    assert 'aria-busy="true"' in page and "hx-trigger" in page
    assert len(queued) == 1, "the first visit asks for the figures once"


def test_the_figures_are_the_reports_numbers_for_the_last_twelve_months(
    client, alpha, django_capture_on_commit_callbacks
):
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=True):
        _page(client, alpha.network)  # queues the refresh; the test queue runs it at once
    page = Values()
    page.feed(_page(client, alpha.network))

    today = timezone.localdate()
    tables, settings = network_tables(alpha.network), MetricSettings()
    now = analyse(tables, Period(today - timedelta(days=364), today), settings)
    month = analyse(
        tables, Period(today - timedelta(days=394), today - timedelta(days=30)), settings
    )
    year = analyse(tables, now.period.previous(), settings)

    def read(insights, name):
        return {
            "members": insights.members,
            "organisations": insights.organisations,
            "interactions": insights.interactions,
            "new_ties": insights.renewal.new,
            "lapsed_ties": insights.renewal.lapsed,
            "introductions_made": insights.introductions.suggested,
            "introductions_met": insights.introductions.met,
            "routines_held": insights.routines.held,
            "cross_sector_share": insights.bridging.cross_sector_share,
            "cross_organisation_share": insights.bridging.cross_organisation_share,
            "themes_connected": insights.bridging.themes_connected,
            "key_players": insights.key_players.count,
            "largest_component_share": insights.cohesion.largest_component_share,
            "average_clustering": insights.cohesion.average_clustering,
            "density": insights.cohesion.density,
            "between_community_share": insights.cohesion.between_community_share,
            "imbalanced_organisations": insights.reciprocity.imbalanced_organisations,
            "imbalanced_members": insights.reciprocity.imbalanced_members,
            "network_share": insights.orientation.network_share,
        }[name]

    assert len(page.now) == 19, sorted(page.now)
    for name, shown in page.now.items():
        assert _close(shown, read(now, name)), (name, shown, read(now, name))
        month_ago, year_ago = page.before[name]
        assert _close(month_ago, read(month, name)), (name, month_ago)
        assert _close(year_ago, read(year, name)), (name, year_ago)
    # The data of the fixture ends in mid-2026: some figure must differ between the periods,
    # or the comparison above could not tell them apart.
    assert any(page.before[n][0] != page.before[n][1] for n in page.now)


def test_lists_name_the_people_of_the_analysis(client, alpha, django_capture_on_commit_callbacks):
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=True):
        _page(client, alpha.network)
    response = client.get(reverse("web:network", args=[alpha.network.slug]))
    snapshot = response.context["dashboard"].figures.snapshot
    today = timezone.localdate()
    now = analyse(network_tables(alpha.network), Period(today - timedelta(days=364), today))
    cooling = now.warmth.ties.filter(now.warmth.ties["state"] == "cooling")
    assert snapshot.figures.cooling_total == cooling.height
    shown = {(t.tie.a, t.tie.b) for t in snapshot.cooling}
    assert shown <= set(zip(cooling["a"], cooling["b"], strict=True))
    assert len(shown) == min(10, cooling.height)
    flagged = now.reciprocity.members.filter(now.reciprocity.members["imbalanced"])
    givers = {r.row.person_id for r in snapshot.givers}
    takers = {r.row.person_id for r in snapshot.takers}
    assert givers | takers <= set(flagged["person_id"])
    for item in snapshot.givers:
        assert item.row.given > item.row.received
        assert str(item.person) in response.content.decode()


def test_a_refresh_waits_for_what_all_the_networks_refreshes_took_together(
    alpha, settings, django_capture_on_commit_callbacks
):
    """The figures take 2 s, the map 8 s and the suggestions 20 s: the next figures wait ten
    times the 30 s (BUSY_SHARE of a worker for all three), not ten times their own 2 s."""
    settings.TASKS = DATABASE_QUEUE
    network = alpha.network
    HealthSnapshot.objects.create(network=network, seconds=2.0)
    MapState.objects.create(network=network, seconds=8.0)
    SuggestionSet.objects.create(network=network, as_of=timezone.localdate(), seconds=20.0)
    other = tenant_make("beta", seed=12).network
    MapState.objects.create(network=other, seconds=500.0)  # another network's: not counted
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(network)
    run_after = DBTaskResult.objects.get().run_after
    assert before + timedelta(seconds=300) <= run_after < before + timedelta(seconds=310)


def test_a_burst_of_writes_queues_one_refresh_that_a_worker_runs(
    alpha, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            figures_changed(alpha.network)
    queued = DBTaskResult.objects.all()
    assert queued.count() == 1
    assert queued.get().run_after > timezone.now() + timedelta(seconds=30), "it waits for more"
    snapshot = HealthSnapshot.objects.get(network=alpha.network)
    assert snapshot.refresh_queued_at is not None and snapshot.computed_at is None

    queued.update(run_after=timezone.now())  # the debounce time has passed
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    snapshot.refresh_from_db()
    assert snapshot.computed_at is not None and snapshot.refresh_queued_at is None
    assert snapshot.as_of == timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(alpha.network)
    assert DBTaskResult.objects.count() == 2, "a write after the refresh queues the next one"


def test_the_page_says_how_fresh_the_figures_are(client, alpha, django_capture_on_commit_callbacks):
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=True):
        _page(client, alpha.network)
    HealthSnapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=12))
    page = _page(client, alpha.network)
    assert re.search(r"Computed 12\xa0minutes ago", page), page[:3000]
    dutch = client.get(
        reverse("web:network", args=[alpha.network.slug]), headers={"accept-language": "nl"}
    ).content.decode()
    assert "12\xa0minuten geleden berekend" in dutch


def test_figures_of_the_last_minute_were_computed_just_now(
    client, alpha, django_capture_on_commit_callbacks
):
    """Not "Computed 0 minutes ago", which is what the time since says in the first minute."""
    client.force_login(alpha.logins[Role.STEWARD])
    with django_capture_on_commit_callbacks(execute=True):
        _page(client, alpha.network)
    HealthSnapshot.objects.update(computed_at=timezone.now() - timedelta(seconds=20))
    page = _page(client, alpha.network)
    assert "Computed just now." in page
    assert "0\xa0minutes" not in page
    dutch = client.get(
        reverse("web:network", args=[alpha.network.slug]), headers={"accept-language": "nl"}
    ).content.decode()
    assert "Zojuist berekend." in dutch


def test_members_and_sponsors_do_not_see_the_dashboard(client, alpha):
    homes = {Role.MEMBER: "networks/me.html", Role.SPONSOR: "web/network.html"}
    for role, template in homes.items():
        client.force_login(alpha.logins[role])
        response = client.get(reverse("web:network", args=[alpha.network.slug]))
        assert response.status_code == 200
        assert "dashboard" not in response.context
        assert response.templates[0].name == template
        fragment = client.get(reverse("dashboard:figures", args=[alpha.network.slug]))
        assert fragment.status_code == 403


def test_the_fragment_polls_until_the_figures_are_there(
    client, alpha, django_capture_on_commit_callbacks
):
    client.force_login(alpha.logins[Role.STEWARD])
    url = reverse("dashboard:figures", args=[alpha.network.slug])
    assert b'hx-trigger="every 3s"' in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        _page(client, alpha.network)
    ready = client.get(url).content
    assert b"hx-trigger" not in ready and b"data-figure" in ready


def test_logging_an_interaction_refreshes_the_figures(alpha, django_capture_on_commit_callbacks):
    steward = actor_for(alpha.logins[Role.STEWARD], alpha.network.slug)
    newcomer = Person.objects.create(
        network=alpha.network, first_name="Nieuw", last_name="Lid", joined_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(alpha.network)
    before = HealthSnapshot.objects.get(network=alpha.network)
    assert newcomer.pk in before.content["unconnected"], "no tie yet, newest first"

    other = Person.objects.filter(network=alpha.network).exclude(pk=newcomer.pk).first()
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            steward, subject=newcomer, verb=Verb.MET, other=other, occurred_on=timezone.localdate()
        )
    after = HealthSnapshot.objects.get(network=alpha.network)
    assert after.computed_at > before.computed_at
    assert newcomer.pk not in after.content["unconnected"]
    assert after.content["numbers"]["interactions"]["now"] == (
        before.content["numbers"]["interactions"]["now"] + 1
    )


def test_empty_lists_say_so_in_words_not_with_a_zero(client, django_user_model):
    from netweave.networks.models import Membership, Network

    network = Network.objects.create(name="Quiet", slug="quiet")
    steward = django_user_model.objects.create_user("quiet-steward", password="x" * 20)
    Membership.objects.create(user=steward, network=network, role=Role.STEWARD)
    client.force_login(steward)

    page = _page(client, network)

    assert "Every open ask has an open offer on its theme." in page
    assert "No introduction is waiting for an answer or a meeting." in page
    assert "0 open asks" not in page and "0 introductions" not in page


def test_a_refresh_after_todays_log_reuses_the_earlier_periods_analyses(
    alpha, django_capture_on_commit_callbacks
):
    """The figures 30 days and a year ago cannot change by a meeting logged today: the worker
    analyses only the current year again. A meeting logged in the earlier period does change
    them, and is counted there."""
    from netweave.dashboard.services import PAST

    steward = actor_for(alpha.logins[Role.STEWARD], alpha.network.slug)
    a, b = Person.objects.filter(network=alpha.network)[:2]
    with django_capture_on_commit_callbacks(execute=True):
        figures_changed(alpha.network)
    before = HealthSnapshot.objects.get(network=alpha.network).content["numbers"]["interactions"]

    reused = PAST.reused
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            steward, subject=a, verb=Verb.MET, other=b, occurred_on=timezone.localdate()
        )
    after = HealthSnapshot.objects.get(network=alpha.network).content["numbers"]["interactions"]
    assert PAST.reused == reused + 2, "both earlier periods reused"
    assert after == {**before, "now": before["now"] + 1}

    reused = PAST.reused
    forty_days_ago = timezone.localdate() - timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(steward, subject=a, verb=Verb.MET, other=b, occurred_on=forty_days_ago)
    again = HealthSnapshot.objects.get(network=alpha.network).content["numbers"]["interactions"]
    assert PAST.reused == reused + 1, "the year-ago period only: the month-ago one changed"
    assert again["now"] == after["now"] + 1
    assert again["month_ago"] == after["month_ago"] + 1
    assert again["year_ago"] == after["year_ago"]
