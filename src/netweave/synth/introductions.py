"""Introductions: someone brings together two people they know who do not know each other yet.

The introducer is drawn ∝ giving propensity × activity (stewards introduce a lot); the two
introduced are two distinct neighbours of the introducer on the tie graph who have no tie of
their own. An introduction older than :data:`SETTLED_AFTER` days has an outcome:

    declined 20 %  ·  met 55 %  ·  followed_up 25 %

while a recent one may still wait for an answer (suggested) or for the meeting (accepted).
A followed-up introduction is one whose two answered "did anything come of it?" (asked four
weeks after they met): with "we work together" when their follow-up was joint work, else "it
helped", answered 4–6 weeks after the meeting (:data:`OUTCOMES`; the ``outcomes`` frame).
An accepted introduction (also those that went on to met / followed_up) yields two directed
``introduction`` interactions, introducer → each introduced, a few days after the suggestion;
``met`` yields a meeting between the two 1–8 weeks later (``met_on``), and ``followed_up`` one
more meeting or joint work after that. Steps that would fall after someone left or after the
window stop the funnel one step earlier; a settled introduction whose meeting could not happen
(one of the two left first) counts as declined, so nothing from years ago is left pending.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from netweave.insights.tables import INTRODUCTION_STATUSES

from .config import SynthConfig, rng_for
from .interactions import INTRODUCTION, JOINT_WORK, MEETING, Events
from .population import Population
from .routines import to_dates
from .ties import Ties

SUGGESTED, ACCEPTED, DECLINED, MET, FOLLOWED_UP = (
    INTRODUCTION_STATUSES.index(status)
    for status in ("suggested", "accepted", "declined", "met", "followed_up")
)
FUNNEL = ((DECLINED, 0.2), (MET, 0.55), (FOLLOWED_UP, 0.25))
RECENT_FUNNEL = ((SUGGESTED, 0.7), (DECLINED, 0.1), (ACCEPTED, 0.2))
PER_MEMBER_YEAR = 0.3
OUTCOMES = {JOINT_WORK: "working_together", MEETING: "helped"}
"""The answer of a followed-up introduction, by the kind of its follow-up (the values of
``netweave.introductions.models.Outcome``)."""
ANSWERED_AFTER = (28, 43)
"""Days after the meeting within which a followed-up introduction's outcome is given."""
SETTLED_AFTER = 42
"""Days after which an introduction has an outcome: the app asks "did anything come of it?" four
weeks after the two met, within two weeks (``netweave.introductions.jobs``)."""


def build_introductions(
    pop: Population, ties: Ties, config: SynthConfig, earlier: Events
) -> tuple[pl.DataFrame, pl.DataFrame, Events]:
    """The ``introductions`` table, the ``outcomes`` frame (introduction_id, outcome,
    outcome_on: one row per followed-up introduction) and the interactions the introductions
    caused.

    ``earlier`` are interactions that already happened (at routines): their pairs, like the
    pairs with a tie, are never introduced.
    """
    rng = rng_for(config, 5)
    days = config.days
    count = round(PER_MEMBER_YEAR * pop.size * config.years)
    known = np.concatenate([ties.u * pop.size + ties.v, earlier.a * pop.size + earlier.b])
    introducer, a, b = triads(pop, ties, known, 5 * count, rng)
    lo = np.maximum.reduce([pop.joined[introducer], pop.joined[a], pop.joined[b], np.zeros_like(a)])
    hi_pair = np.minimum.reduce([pop.left[a], pop.left[b], np.full_like(a, days)])
    hi = np.minimum(hi_pair, pop.left[introducer])
    room = hi - lo >= 14
    introducer, a, b, lo, hi, hi_pair = (
        x[room][:count] for x in (introducer, a, b, lo, hi, hi_pair)
    )
    n = len(a)
    suggested = lo + (rng.random(n) * (hi - lo - 7)).astype(np.int64)
    recent = days - suggested < SETTLED_AFTER
    status = np.where(recent, draw(RECENT_FUNNEL, n, rng), draw(FUNNEL, n, rng))

    introduced = np.minimum(suggested + rng.integers(0, 8, n), hi)
    met = introduced + rng.integers(7, 57, n)
    cannot_meet = (status >= MET) & (met > hi_pair)
    status = np.where(cannot_meet, np.where(hi_pair < days, DECLINED, ACCEPTED), status)
    follow = met + rng.integers(14, 150, n)
    status = np.where((status == FOLLOWED_UP) & (follow > hi_pair), MET, status)

    made = np.isin(status, [ACCEPTED, MET, FOLLOWED_UP])
    has_met = np.isin(status, [MET, FOLLOWED_UP])
    followed = status == FOLLOWED_UP
    follow_kind = np.where(rng.random(followed.sum()) < 0.5, MEETING, JOINT_WORK)
    events = Events.concatenate(
        [
            introductions_made(introducer[made], a[made], introduced[made]),
            introductions_made(introducer[made], b[made], introduced[made]),
            Events.undirected(a[has_met], b[has_met], met[has_met], MEETING),
            Events.undirected(a[followed], b[followed], follow[followed], follow_kind),
        ]
    )
    # Drawn last, so that everything drawn before is as it was without outcomes.
    answered = np.minimum(met[followed] + rng.integers(*ANSWERED_AFTER, followed.sum()), days - 1)
    order = np.lexsort((b, a, suggested))
    epoch = config.start_epoch_day
    frame = pl.DataFrame(
        {
            "introduction_id": np.arange(1, n + 1, dtype=np.int64),
            "introducer_id": introducer[order].astype(np.int64) + 1,
            "a": a[order].astype(np.int64) + 1,
            "b": b[order].astype(np.int64) + 1,
            "suggested_on": to_dates(suggested[order], epoch),
            "status": pl.Series(INTRODUCTION_STATUSES).gather(status[order]),
            "met_on": to_dates(met[order], epoch),
            "_met": has_met[order],
        }
    )
    frame = frame.with_columns(
        met_on=pl.when(pl.col("_met")).then(pl.col("met_on")).otherwise(None)
    ).drop("_met")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)  # the introduction_id of each drawn introduction
    outcomes = pl.DataFrame(
        {
            "introduction_id": rank[followed],
            "outcome": pl.Series(
                [OUTCOMES[kind] for kind in follow_kind.tolist()], dtype=pl.String
            ),
            "outcome_on": to_dates(answered, epoch),
        }
    ).sort("introduction_id")
    return frame, outcomes, events


def draw(funnel: tuple[tuple[int, float], ...], n: int, rng: np.random.Generator) -> np.ndarray:
    """Statuses drawn with the funnel's probabilities."""
    statuses = np.array([status for status, _ in funnel])
    share = np.array([p for _, p in funnel])
    return statuses[np.searchsorted(np.cumsum(share) / share.sum(), rng.random(n))]


def introductions_made(introducer: np.ndarray, introduced: np.ndarray, day: np.ndarray) -> Events:
    """Directed ``introduction`` interactions from introducer to introduced."""
    n = len(introducer)
    return Events(
        a=introducer,
        b=introduced,
        day=day.astype(np.int32),
        kind=np.full(n, INTRODUCTION, dtype=np.int8),
        directed=np.ones(n, dtype=bool),
        purpose=np.zeros(n, dtype=np.int8),
        source=np.zeros(n, dtype=np.int8),
    )


def triads(
    pop: Population, ties: Ties, known: np.ndarray, tries: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Introducer and two of their neighbours whose pair key (u·n + v) is not ``known``;
    distinct pairs, in draw order."""
    n = pop.size
    ends = np.concatenate([ties.u, ties.v])
    others = np.concatenate([ties.v, ties.u])
    order = np.argsort(ends, kind="stable")
    degree = np.bincount(ends, minlength=n)
    first = np.cumsum(degree) - degree
    weight = pop.give * pop.activity * (degree >= 2)
    introducer = rng.choice(n, size=tries, p=weight / weight.sum())
    i = first[introducer] + (rng.random(tries) * degree[introducer]).astype(np.int64)
    j = first[introducer] + (rng.random(tries) * degree[introducer]).astype(np.int64)
    a, b = others[order[i]], others[order[j]]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = lo * n + hi
    keep = (lo != hi) & ~np.isin(key, known)
    _, first_seen = np.unique(np.where(keep, key, -1), return_index=True)
    first_seen = np.sort(first_seen[keep[first_seen]])
    return introducer[first_seen], lo[first_seen], hi[first_seen]
