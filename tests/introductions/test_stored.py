"""Suggestions are computed in the background and stored; the steward's page and the digest
read them, drop what changed since, and never run the recommender themselves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from netweave.introductions import jobs, selectors, services
from netweave.introductions.models import StoredSuggestion, SuggestionSet
from netweave.ledger.services import Verb, interaction_log

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def steward_page(chain) -> Client:
    client = Client()
    client.force_login(chain.steward.user)
    return client


def url(chain) -> str:
    return reverse("introductions:steward", kwargs={"slug": chain.network.slug})


def pairs(network) -> set[frozenset[str]]:
    return {
        frozenset((row.person.first_name, row.other.first_name))
        for row in StoredSuggestion.objects.filter(network=network).select_related(
            "person", "other"
        )
    }


def forget(chain) -> None:
    SuggestionSet.objects.filter(network=chain.network).delete()
    StoredSuggestion.objects.filter(network=chain.network).delete()


def test_with_nothing_stored_the_page_says_so_queues_once_and_computes_nothing(
    chain, django_capture_on_commit_callbacks
):
    forget(chain)
    client = steward_page(chain)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.get(url(chain))
    assert "The suggestions are being computed" in page.content.decode()
    assert page.context["suggestions"] == []
    assert not StoredSuggestion.objects.filter(network=chain.network).exists()
    assert len(queued) == 1

    for callback in queued:  # the test queue runs the task at once
        callback()
    shown = client.get(url(chain))
    assert frozenset(("Chris", "Eva")) in {
        frozenset((s.first.first_name, s.second.first_name)) for s in shown.context["suggestions"]
    }
    assert "Computed just now." in shown.content.decode()


def test_the_page_says_when_they_were_computed_in_dutch_too(chain):
    SuggestionSet.objects.filter(network=chain.network).update(
        computed_at=timezone.now() - timedelta(minutes=7)
    )
    client = steward_page(chain)
    assert re.search(r"Computed 7\xa0minutes ago", client.get(url(chain)).content.decode())
    dutch = client.get(url(chain), headers={"accept-language": "nl"}).content.decode()
    assert re.search(r"7\xa0minuten geleden", dutch), dutch[:2000]


def test_a_logged_meeting_refreshes_the_stored_suggestions(
    chain, django_capture_on_commit_callbacks
):
    assert frozenset(("Chris", "Eva")) in pairs(chain.network)
    before = SuggestionSet.objects.get(network=chain.network).read_at
    chris = chain.actor("Chris")
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            chris,
            verb=Verb.MET,
            subject=chain.people["Chris"],
            other=chain.people["Eva"],
            occurred_on=timezone.localdate(),
        )
    # They have met now: the recommender no longer suggests them, and the rows say so.
    assert frozenset(("Chris", "Eva")) not in pairs(chain.network)
    assert SuggestionSet.objects.get(network=chain.network).read_at > before


def test_introduced_opted_out_and_departed_since_the_run_are_not_offered(chain):
    people = chain.people
    stored = pairs(chain.network)
    assert {frozenset(("Chris", "Eva")), frozenset(("Anna", "Chris"))} <= stored
    today = timezone.localdate()
    services.introduction_send(chain.steward, people["Chris"], people["Eva"], today=today)
    people["Floor"].open_to_introductions = False
    people["Floor"].save()
    people["Anna"].left_on = today
    people["Anna"].save()

    assert pairs(chain.network) == stored, "the stored rows are what the run computed"
    offered = {
        frozenset((s.first.first_name, s.second.first_name))
        for s in selectors.network_suggestions(chain.network, today)
    }
    assert offered, "some stored suggestion still holds"
    assert frozenset(("Chris", "Eva")) not in offered
    assert all("Floor" not in pair and "Anna" not in pair for pair in offered)
    sources = selectors.digest_sources(chain.network, today)
    chris = selectors.digest_for(people["Chris"], sources)
    assert "Eva" not in {other.first_name for other, _sentence in chris.suggested}
    assert all(
        row.other.first_name not in ("Floor", "Anna")
        for rows in sources.suggestions.values()
        for row in rows
    )


def test_a_burst_of_writes_queues_one_run_that_a_worker_does(
    chain, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    chris = chain.actor("Chris")
    with django_capture_on_commit_callbacks(execute=True):
        for other in ("Eva", "Floor", "Anna"):
            interaction_log(
                chris,
                verb=Verb.MET,
                subject=chain.people["Chris"],
                other=chain.people[other],
                occurred_on=timezone.localdate(),
            )
    queued = DBTaskResult.objects.filter(task_path__contains="suggestions_refresh")
    assert queued.count() == 1
    assert queued.get().run_after > timezone.now() + timedelta(seconds=30), "it waits for more"
    assert frozenset(("Chris", "Eva")) in pairs(chain.network), "not computed on the request"

    DBTaskResult.objects.update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert not pairs(chain.network) & {frozenset(("Chris", o)) for o in ("Eva", "Floor")}
    assert SuggestionSet.objects.get(network=chain.network).refresh_queued_at is None


def test_tick_queues_a_run_for_suggestions_from_an_earlier_day_once(
    chain, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - timedelta(days=1)
    SuggestionSet.objects.filter(network=chain.network).update(as_of=yesterday)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        # ours at least (a shared test database may hold other networks); the queue of the
        # tests runs each at once
        assert jobs.suggestions_due(now) >= 1
    assert SuggestionSet.objects.get(network=chain.network).as_of == timezone.localdate()
    assert jobs.suggestions_due(now) == 0


def test_the_page_sending_and_the_digest_never_run_the_recommender(chain, monkeypatch):
    def tripwire(*args, **kwargs):
        raise AssertionError("the recommender ran on a request")

    monkeypatch.setattr(selectors, "suggest_introductions", tripwire)
    client = steward_page(chain)
    page = client.get(url(chain))
    assert page.status_code == 200 and page.context["suggestions"]
    people = chain.people
    sent = client.post(
        reverse("introductions:send", kwargs={"slug": chain.network.slug}),
        {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk},
    )
    assert sent.status_code == 302
    sources = selectors.digest_sources(chain.network, timezone.localdate())
    assert selectors.digest_for(people["Anna"], sources).suggested


def test_a_network_whose_refresh_takes_long_waits_longer_before_the_next(
    chain, settings, django_capture_on_commit_callbacks
):
    """A 30-second computation waits ten times as long (BUSY_SHARE), not the minute a small
    network waits: refreshes after every write would keep a worker busy without pause."""
    settings.TASKS = DATABASE_QUEUE
    SuggestionSet.objects.filter(network=chain.network).update(seconds=30.0)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            chain.actor("Chris"),
            verb=Verb.MET,
            subject=chain.people["Chris"],
            other=chain.people["Eva"],
            occurred_on=timezone.localdate(),
        )
    queued = DBTaskResult.objects.filter(task_path__contains="suggestions_refresh").get()
    assert queued.run_after >= before + timedelta(seconds=300)
