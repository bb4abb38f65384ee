"""Reads of the introductions app: suggestions with their sentence, the steward's and a member's
lists, and what goes into a member's weekly digest.

Suggestions are read from the last stored run of the recommender (``stored.py``), never computed
here, except by :func:`computed_suggestions`, which only that run calls. What changed since the
run is applied on reading: a pair introduced since, or a member who opted out, left or lost
their address since, is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl
from django.db.models import Exists, OuterRef, Q, QuerySet

from netweave.insights import MetricSettings
from netweave.insights.answerable import answerable_asks
from netweave.insights.reconnections import suggest_reconnections
from netweave.insights.sending import choose_to_send
from netweave.insights.suggestions import suggest_introductions
from netweave.introductions.explain import Names, explain, names_for
from netweave.introductions.models import (
    Answer,
    Introduction,
    Status,
    StoredSuggestion,
    SuggestionSet,
)
from netweave.introductions.services import sent_this_week
from netweave.ledger.models import Ask
from netweave.networks.actor import Actor
from netweave.networks.models import Network, Person
from netweave.reports.selectors import network_tables
from netweave.routines.models import Occurrence
from netweave.routines.selectors import upcoming_occurrences

SUGGESTIONS_PER_PERSON = 3
STEWARD_SUGGESTIONS_SHOWN = 30
STEWARD_LIST_SHOWN = 20


def settings_of(network: Network) -> MetricSettings:
    return MetricSettings.from_mapping(network.metric_settings or {})


def opted_out(network: Network) -> list[int]:
    """Members who do not want to be introduced: never suggested, to no one."""
    return list(
        Person.objects.filter(network=network, open_to_introductions=False).values_list(
            "pk", flat=True
        )
    )


@dataclass(frozen=True)
class Suggestion:
    """A suggested introduction of ``first`` and ``second``, reasons relative to ``first``."""

    first: Person
    second: Person
    score: float
    reasons: list[dict[str, Any]]
    sentence: str


def _through(today: date) -> date:
    """The recommender's ``at`` that counts everything up to and including ``today``: an
    introduction sent this morning is not suggested again this afternoon."""
    return today + timedelta(days=1)


def computed_suggestions(network: Network, today: date) -> pl.DataFrame:
    """Run the recommender: every member's best suggestions through ``today`` (slow on a large
    network: only the background run calls it)."""
    return suggest_introductions(
        network_tables(network),
        at=_through(today),
        k=SUGGESTIONS_PER_PERSON,
        settings=settings_of(network),
        opted_out=opted_out(network),
    )


def suggestion_set(network: Network) -> SuggestionSet | None:
    """When the stored suggestions were computed (None: never yet)."""
    return SuggestionSet.objects.filter(network=network).first()


def _still_valid(network: Network, today: date) -> QuerySet[StoredSuggestion]:
    """The stored suggestions that still hold: neither of the two opted out or left, and the
    two were not introduced since the run (any status: also a declined one)."""
    introduced = Introduction.objects.filter(network=network).filter(
        Q(person_a=OuterRef("person"), person_b=OuterRef("other"))
        | Q(person_a=OuterRef("other"), person_b=OuterRef("person"))
    )
    return (
        StoredSuggestion.objects.filter(
            network=network,
            person__open_to_introductions=True,
            other__open_to_introductions=True,
        )
        .exclude(person__left_on__lte=today)
        .exclude(other__left_on__lte=today)
        .exclude(Exists(introduced))
    )


def network_suggestions(
    network: Network, today: date, *, limit: int = STEWARD_SUGGESTIONS_SHOWN
) -> list[Suggestion]:
    """The introductions a steward could send this week, best first: the fair choice
    (:func:`netweave.insights.sending.choose_to_send`) of every member's best stored
    suggestions, counting those already sent this week, among members with an address."""
    rows = (
        _still_valid(network, today)
        .exclude(person__email="")
        .exclude(other__email="")
        .values_list("pk", "person_id", "other_id", "rank", "score")
    )
    candidates = pl.DataFrame(
        list(rows),
        schema={
            "pk": pl.Int64,
            "person_id": pl.Int64,
            "other_id": pl.Int64,
            "rank": pl.Int64,
            "score": pl.Float64,
        },
        orient="row",
    )
    chosen = choose_to_send(
        candidates,
        per_week=settings_of(network).introductions_per_week,
        already=sent_this_week(network, today),
    ).head(limit)["pk"]
    by_pk = StoredSuggestion.objects.in_bulk(chosen.to_list())
    return _with_sentences(network, [by_pk[pk] for pk in chosen], reader=None)


def _with_sentences(
    network: Network, chosen: list[StoredSuggestion], reader: Person | None
) -> list[Suggestion]:
    names = names_for(network, [row.reasons for row in chosen])
    ids = {row.person_id for row in chosen} | {row.other_id for row in chosen}
    people = Person.objects.filter(network=network, pk__in=ids).select_related("organisation")
    by_pk = {person.pk: person for person in people}
    return [
        Suggestion(
            first=by_pk[row.person_id],
            second=by_pk[row.other_id],
            score=row.score,
            reasons=row.reasons,
            sentence=explain(
                row.reasons, by_pk[row.person_id], by_pk[row.other_id], names, reader=reader
            ),
        )
        for row in chosen
    ]


def _with_people(introductions: QuerySet[Introduction]) -> QuerySet[Introduction]:
    return introductions.select_related(
        "introducer", "person_a", "person_a__organisation", "person_b", "person_b__organisation"
    )


@dataclass(frozen=True)
class StewardLists:
    """The network's introductions by stage (the newest of each), with the count of each."""

    stages: list[tuple[Status, list[Introduction], int]]


def steward_lists(network: Network) -> StewardLists:
    stages = []
    for status in (Status.SENT, Status.ACCEPTED, Status.MET, Status.FOLLOWED_UP, Status.DECLINED):
        matching = Introduction.objects.filter(network=network, status=status)
        order = ("-suggested_on", "-pk")
        # The few shown are chosen on the introductions alone, and only they are joined to
        # their people: joined first, every introduction of the stage was (the met ones of a
        # 10,000-member network: 40 ms in PostgreSQL for 20 rows).
        first = matching.order_by(*order).values("pk")[:STEWARD_LIST_SHOWN]
        shown = list(_with_people(Introduction.objects.filter(pk__in=first)).order_by(*order))
        stages.append((status, shown, matching.count()))
    return StewardLists(stages)


FOLLOW_UP_AFTER = timedelta(weeks=4)
FOLLOW_UP_WINDOW = timedelta(days=14)
"""The follow-up mail goes four weeks after the two met, if the tick runs within this time after
(the tick's job, ``jobs.follow_ups_send``, reads both)."""
OUTCOME_ASKED_FOR = FOLLOW_UP_AFTER + FOLLOW_UP_WINDOW
"""How long after the two met their page asks what came of it: as long as the follow-up mail
can still come. Later, or once told, the question folds away (it can still be opened)."""


def awaits_outcome(introduction: Introduction, today: date) -> bool:
    """Whether ``introduction``'s page asks its two, openly, what came of their meeting."""
    return (
        not introduction.outcome
        and introduction.met_on is not None
        and introduction.met_on > today - OUTCOME_ASKED_FOR
    )


def my_introductions(actor: Actor) -> QuerySet[Introduction]:
    """The introductions the actor is one of the two in, once sent (newest first)."""
    if actor.person is None:
        return Introduction.objects.none()
    person = actor.person
    return _with_people(
        Introduction.objects.filter(network=actor.network)
        .filter(Q(person_a=person) | Q(person_b=person))
        .exclude(status=Status.SUGGESTED)
    ).order_by("-suggested_on", "-pk")


def sentences_for(
    network: Network, introductions: list[Introduction], reader: Person | None
) -> dict[int, str]:
    """introduction id → its sentence for ``reader`` (None: a steward, naming both)."""
    names = names_for(network, [i.reasons for i in introductions])
    return {
        i.pk: explain(i.reasons, i.person_a, i.person_b, names, reader=reader)
        for i in introductions
    }


@dataclass(frozen=True)
class DigestSources:
    """What the digests of one network's members are made from, read once per network.

    ``suggestions``: person id → their stored suggestions, best first; ``computed`` is False
    while the network's suggestions were never computed.
    """

    network: Network
    today: date
    computed: bool
    suggestions: dict[int, list[StoredSuggestion]]
    reconnections: pl.DataFrame
    answerable: pl.DataFrame
    names: Names
    people: dict[int, Person]
    asks: dict[int, Ask]


def digest_sources(network: Network, today: date) -> DigestSources:
    tables = network_tables(network)
    settings = settings_of(network)
    at = _through(today)
    stored = suggestion_set(network)
    suggestions: dict[int, list[StoredSuggestion]] = {}
    for row in _still_valid(network, today).order_by("person_id", "rank", "pk"):
        suggestions.setdefault(row.person_id, []).append(row)
    reconnections = suggest_reconnections(tables, at=at, k=3, settings=settings)
    answerable = answerable_asks(tables, at=at, k=3, settings=settings)
    asks = Ask.objects.filter(network=network, pk__in=answerable["ask_id"].to_list())
    return DigestSources(
        network=network,
        today=today,
        computed=stored is not None and stored.computed_at is not None,
        suggestions=suggestions,
        reconnections=reconnections,
        answerable=answerable,
        names=names_for(network, [row.reasons for rows in suggestions.values() for row in rows]),
        people={p.pk: p for p in Person.objects.filter(network=network)},
        asks={ask.pk: ask for ask in asks.select_related("person")},
    )


@dataclass
class Digest:
    """One member's week: each list may be empty; an empty digest is not sent."""

    person: Person
    waiting: list[Introduction] = field(default_factory=list)
    suggested: list[tuple[Person, str]] = field(default_factory=list)
    renew: list[tuple[Person, date]] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    meetings: list[Occurrence] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(
            len(part)
            for part in (self.waiting, self.suggested, self.renew, self.asks, self.meetings)
        )


def digest_for(person: Person, sources: DigestSources) -> Digest:
    """``person``'s digest; sentences in the active language (the caller sets the reader's)."""
    people = sources.people
    digest = Digest(person=person)
    digest.waiting = [
        introduction
        for introduction in _with_people(
            Introduction.objects.filter(network=sources.network, status=Status.SENT).filter(
                Q(person_a=person, answer_a=Answer.PENDING)
                | Q(person_b=person, answer_b=Answer.PENDING)
            )
        ).order_by("sent_on", "pk")
    ]
    for row in sources.suggestions.get(person.pk, []):
        if row.other_id in people:
            other = people[row.other_id]
            sentence = explain(row.reasons, person, other, sources.names, reader=person)
            digest.suggested.append((other, sentence))
    renew = sources.reconnections.filter(pl.col("person_id") == person.pk)
    digest.renew = [
        (people[other], last)
        for other, last in renew.select("other_id", "last_contact").iter_rows()
        if other in people
    ]
    answerable = sources.answerable.filter(pl.col("person_id") == person.pk)
    digest.asks = [sources.asks[pk] for pk in answerable["ask_id"].to_list() if pk in sources.asks]
    digest.meetings = upcoming_occurrences(sources.network, person, sources.today, limit=3)
    return digest


def pair_reasons(
    network: Network, a: Person, b: Person
) -> tuple[Person, Person, list[dict[str, Any]]]:
    """The stored reasons for introducing ``a`` and ``b``, and the two in the order the reasons
    are relative to (``a`` first when the recommender suggested ``b`` to ``a``); no reasons when
    it suggested neither to the other (a steward's own idea)."""
    rows = {
        row.person_id: row
        for row in StoredSuggestion.objects.filter(network=network).filter(
            Q(person=a, other=b) | Q(person=b, other=a)
        )
    }
    if a.pk in rows:
        return a, b, rows[a.pk].reasons
    if b.pk in rows:
        return b, a, rows[b.pk].reasons
    return a, b, []
