"""Keeping the suggested introductions fresh: the writes of the stored suggestions.

The recommender (:func:`netweave.insights.suggest_introductions`) takes about half a minute
for a 10,000-member network, so the steward's page and the weekly digest never run it: they
read the :class:`~netweave.introductions.models.StoredSuggestion` rows of the last run and drop
the pairs that were introduced or opted out since (see ``selectors.py``).

A run is queued (debounced, :mod:`netweave.debounce`) by every service whose write changes what
the recommender reads — interactions, asks, offers, introductions, people — through
:func:`suggestions_changed`; by the steward's page when there are none yet or they are from an
earlier day; and by ``netweave tick`` (:func:`netweave.introductions.jobs.suggestions_due`), so
that the Monday digest has this week's suggestions even when nobody opened the page.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

import polars as pl
from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from netweave.debounce import refresh_later
from netweave.interop.bulk import insert_frame
from netweave.introductions.explain import reasons_of_frame
from netweave.introductions.models import StoredSuggestion, SuggestionSet
from netweave.networks.models import Network, Person
from netweave.progress import no_progress

DEBOUNCE = timedelta(seconds=60)
"""How long a queued run waits for more writes. A run of a 10,000-member network takes about
half a minute of a core; suggestions for this week lose nothing by being a minute late."""


def _task() -> Task:
    from netweave.introductions.tasks import suggestions_refresh_task

    return suggestions_refresh_task


def suggestions_changed(network: Network, today: date | None = None) -> None:
    """Say that what ``network``'s suggestions are made from changed: they are recomputed in the
    background soon. Call it from a service inside its transaction (queued after the commit).
    ``today``: the day they are for (``netweave tick`` passes its own); default, the day they run.
    """
    day = {"today": today.isoformat()} if today else {}
    refresh_later(SuggestionSet, network.pk, _task, debounce=DEBOUNCE, **day)


def refresh_if_outdated(network: Network, stored: SuggestionSet | None) -> None:
    """Queue a run when ``network`` has no suggestions yet or they are from an earlier day."""
    if stored is None or stored.as_of != timezone.localdate():
        suggestions_changed(network)


def suggestions_refresh(network_id: int, today: date | None = None) -> SuggestionSet:
    """Run the recommender for ``network`` as of ``today`` (default: the local date) and store
    its answer (the background task's job).

    The queued mark is cleared before the network is read; the rows are replaced in one
    transaction, and a run that read the network earlier than the stored one never overwrites it.
    """
    # (Imported here: the services that call suggestions_changed are read by the selectors.)
    from netweave.introductions.selectors import computed_suggestions

    SuggestionSet.objects.filter(network_id=network_id).update(refresh_queued_at=None)
    network = Network.objects.get(pk=network_id)
    read_at, started = timezone.now(), time.perf_counter()
    today = today or timezone.localdate()
    frame = computed_suggestions(network, today)
    rows = frame.select(
        pl.lit(network.pk).alias("network"),
        pl.col("person_id").alias("person"),
        pl.col("other_id").alias("other"),
        "rank",
        "score",
        pl.Series("reasons", [json.dumps(why) for why in reasons_of_frame(frame)], pl.String),
    )
    with transaction.atomic():
        SuggestionSet.objects.get_or_create(network=network)
        stored = SuggestionSet.objects.select_for_update().get(network=network)
        if stored.read_at is not None and stored.read_at > read_at:
            return stored
        # Someone erased while the recommender ran is not suggested (nor can be referenced).
        people = Person.objects.filter(network=network).values_list("pk", flat=True)
        present = pl.Series(list(people)).implode()
        StoredSuggestion.objects.filter(network=network).delete()
        # A COPY (PostgreSQL) or executemany (SQLite) of the frame: 26,000 rows of a
        # 10,000-member network made model instances for a third of the run's CPU. The pages
        # read the table meanwhile, so its indexes stay.
        insert_frame(
            StoredSuggestion,
            rows.filter(pl.col("person").is_in(present) & pl.col("other").is_in(present)),
            progress=no_progress,
            readers_wait=False,
        )
        stored.as_of, stored.read_at = today, read_at
        stored.computed_at, stored.seconds = timezone.now(), time.perf_counter() - started
        stored.save(update_fields=["as_of", "read_at", "computed_at", "seconds"])
    return stored
