"""Routines, their occurrences and attendance, the interactions they cause, and reflections.

A routine has a pool of people: a stable core that comes most times and others who come now
and then. Themed routines (meetups, intervision circles) draw their pool from people close to
each other in the latent theme space, across organisations and sectors; random-coffee rounds
draw from everyone. Routines therefore create ties that logged work alone would not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights.tables import THEMES

from .config import SynthConfig, rng_for
from .interactions import EVENT, MEETING, ROUTINE, Events
from .population import Population, apportion
from .vocabulary import (
    REFLECTION_HAPPENED,
    REFLECTION_LEARNED,
    REFLECTION_NEXT,
    ROUTINE_NAMES,
    THEME_NAMES,
)

FORMATS = ("meetup", "intervision", "random_coffee")
FORMAT_SHARE = np.array([0.45, 0.35, 0.2])
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")
CADENCE_DAYS = np.array([7, 14, 0, 0])
CADENCE_MONTHS = np.array([0, 0, 1, 3])
CADENCE_SHARE = np.array(
    [
        [0.0, 0.0, 0.6, 0.4],  # meetup
        [0.0, 0.2, 0.8, 0.0],  # intervision
        [0.0, 0.25, 0.75, 0.0],  # random coffee
    ]
)
POOL_SIZE = ((15, 45), (5, 9), (10, 24))
POOL_SHARE_CAP = np.array([0.3, 1.0, 0.12])
"""In small networks a pool holds at most this share of the members."""
CORE_SHARE = np.array([0.35, 1.0, 0.5])
ATTEND_CORE = np.array([0.8, 0.85, 0.6])
ATTEND_OTHER = np.array([0.25, 0.0, 0.25])
REFLECTION_SHARE = np.array([0.4, 0.4, 0.05])
MEMBERS_PER_ROUTINE = 25
STRANGER_LOGGED = 0.15


@dataclass(frozen=True)
class Routines:
    """Routines, occurrences, attendance and their interactions."""

    routines: pl.DataFrame
    occurrences: pl.DataFrame
    attendance: pl.DataFrame
    reflections: pl.DataFrame
    events: Events


@dataclass(frozen=True)
class Plan:
    """Per-routine arrays."""

    format: np.ndarray
    cadence: np.ndarray
    theme: np.ndarray  # -1: no theme
    steward: np.ndarray
    started: np.ndarray
    ended: np.ndarray  # day offset; > days when not ended
    fading: np.ndarray
    pool_routine: np.ndarray  # pool rows, sorted by routine
    pool_person: np.ndarray
    pool_core: np.ndarray
    pool_rank: np.ndarray  # 0 is the steward

    @property
    def size(self) -> int:
        return len(self.format)


def build_routines(pop: Population, config: SynthConfig, known: np.ndarray) -> Routines:
    """Draw routines for ``pop`` and everything that happened at them.

    ``known`` holds the keys ``u * members + v`` (u < v) of pairs that already have a tie.
    """
    rng = rng_for(config, 4)
    plan = plan_routines(pop, config, rng)
    occurrence_routine, occurrence_day, held = schedule(plan, config, rng)
    attendance_occurrence, attendance_person = attend(
        plan, occurrence_routine, occurrence_day, held, pop, rng
    )
    events = routine_events(
        plan.format[occurrence_routine[attendance_occurrence]],
        attendance_occurrence,
        attendance_person,
        occurrence_day,
        pop.size,
        known,
        rng,
    )
    epoch = config.start_epoch_day
    return Routines(
        routines=routines_frame(plan, config, pop, rng),
        occurrences=pl.DataFrame(
            {
                "occurrence_id": np.arange(1, len(occurrence_day) + 1, dtype=np.int64),
                "routine_id": occurrence_routine.astype(np.int64) + 1,
                "on": to_dates(occurrence_day, epoch),
                "held": held,
            }
        ),
        attendance=pl.DataFrame(
            {
                "occurrence_id": attendance_occurrence.astype(np.int64) + 1,
                "person_id": attendance_person.astype(np.int64) + 1,
            }
        ),
        reflections=reflections_frame(plan, occurrence_routine, occurrence_day, held, pop, rng),
        events=events,
    )


def to_dates(day: np.ndarray, epoch: int) -> pl.Series:
    """Day offsets to a Polars Date series."""
    return pl.Series(day.astype(np.int32) + np.int32(epoch)).cast(pl.Date)


def plan_routines(pop: Population, config: SynthConfig, rng: np.random.Generator) -> Plan:
    """Formats, cadences, pools, stewards and life spans of the routines."""
    count = max(3, round(config.members / MEMBERS_PER_ROUTINE))
    days = config.days
    fmt = rng.permutation(np.repeat(np.arange(len(FORMATS)), apportion(count, FORMAT_SHARE)))
    cumulative = np.cumsum(CADENCE_SHARE[fmt], axis=1)
    cadence = np.minimum((rng.random(count)[:, None] > cumulative).sum(axis=1), len(CADENCES) - 1)
    low = np.array([POOL_SIZE[f][0] for f in fmt])
    high = np.array([POOL_SIZE[f][1] for f in fmt])
    size = np.minimum(
        rng.integers(low, high), np.maximum(4, POOL_SHARE_CAP[fmt] * pop.size).astype(int)
    )

    anchor = rng.integers(0, pop.size, count)
    themed = fmt != 2
    theme = np.where(themed, pop.themes[anchor, 0], -1).astype(np.int8)
    by_position = np.argsort(pop.position, kind="stable")
    rank = np.empty(pop.size, dtype=np.int64)
    rank[by_position] = np.arange(pop.size)
    shuffled = rng.permutation(pop.size)
    routine = np.repeat(np.arange(count), size)
    k = np.arange(len(routine)) - np.repeat(np.cumsum(size) - size, size)
    base = np.where(themed, rank[anchor] - size // 2, anchor)[routine]
    person = np.where(
        themed[routine],
        by_position[(base + k) % pop.size],
        shuffled[(base + k) % pop.size],
    )

    stewards = np.flatnonzero(pop.role == 1)
    steward = person[np.cumsum(size) - size]
    carried = min(count, 2 * len(stewards))
    steward[:carried] = stewards[np.arange(carried) % len(stewards)]
    person[np.cumsum(size) - size] = steward
    _, unique = np.unique(routine * pop.size + person, return_index=True)
    unique.sort()
    routine, person, k = routine[unique], person[unique], k[unique]
    core = k < np.ceil(CORE_SHARE[fmt] * size)[routine]

    before = rng.random(count) < 0.6
    started = np.where(
        before, -rng.integers(30, 900, count), rng.integers(0, max(days - 90, 1), count)
    )
    end_day = np.maximum(started, 0) + rng.integers(120, days + 120, count)
    ended = np.where(rng.random(count) < 0.15, end_day, days + 1)
    return Plan(
        format=fmt,
        cadence=cadence,
        theme=theme,
        steward=steward,
        started=started,
        ended=ended,
        fading=rng.random(count) < 0.2,
        pool_routine=routine,
        pool_person=person,
        pool_core=core,
        pool_rank=k,
    )


def schedule(
    plan: Plan, config: SynthConfig, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occurrences on each routine's cadence inside the window: routine, day, held.

    Weekly and biweekly routines step a fixed number of days from their start; monthly and
    quarterly ones fall on the same day of the month as their start (capped at the 28th).
    A weekend day moves to the Monday after (:func:`_on_a_weekday`). A routine is held with
    probability 0.9, falling linearly to 0.3 over the window for the fading ones, and never on
    a day off (:data:`CLOSED_DAYS`). Occurrences are ordered by day, then routine.
    """
    days, epoch = config.days, config.start_epoch_day
    candidates = 12 * config.years + 6
    step_days = CADENCE_DAYS[plan.cadence]
    step_months = CADENCE_MONTHS[plan.cadence]
    per_routine = np.where(step_days > 0, (days + 60) // np.maximum(step_days, 1) + 2, candidates)
    routine = np.repeat(np.arange(plan.size), per_routine)
    k = np.arange(len(routine)) - np.repeat(np.cumsum(per_routine) - per_routine, per_routine)

    # Day cadences: the first step on or after the window start, then every step_days.
    step = np.maximum(step_days, 1)
    skip = np.maximum(0, -(plan.started // step))
    by_days = plan.started[routine] + (skip[routine] + k) * step[routine]
    # Month cadences: same day of the month as the start.
    started_on = (plan.started + epoch).astype("datetime64[D]")
    month0 = started_on.astype("datetime64[M]")
    day_of_month = np.minimum((started_on - month0.astype("datetime64[D]")).astype(np.int64), 27)
    window_month = np.datetime64(config.start, "M")
    skip_months = np.maximum(
        0, (window_month - month0).astype(np.int64) // np.maximum(step_months, 1)
    )
    months = month0[routine] + ((skip_months[routine] + k) * step_months[routine]).astype(
        "timedelta64[M]"
    )
    by_months = months.astype("datetime64[D]").astype(np.int64) + day_of_month[routine] - epoch
    day = _on_a_weekday(np.where(step_days[routine] > 0, by_days, by_months), epoch)
    inside = (
        (day >= 0) & (day <= days) & (day >= plan.started[routine]) & (day < plan.ended[routine])
    )
    routine, day = routine[inside], day[inside]
    order = np.lexsort((routine, day))
    routine, day = routine[order], day[order].astype(np.int32)
    chance = 0.9 - 0.6 * plan.fading[routine] * day / days
    held = (rng.random(len(day)) < chance) & ~_closed(day, epoch)
    return routine, day, held


def attend(
    plan: Plan,
    occurrence_routine: np.ndarray,
    occurrence_day: np.ndarray,
    held: np.ndarray,
    pop: Population,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Attendance rows (occurrence index, person index) of the held occurrences.

    Core members come with probability :data:`ATTEND_CORE`, others with
    :data:`ATTEND_OTHER`, the routine's steward with 0.95; only members on the day.
    """
    pool_size = np.bincount(plan.pool_routine, minlength=plan.size)
    pool_first = np.cumsum(pool_size) - pool_size
    occurrence = np.flatnonzero(held)
    per = pool_size[occurrence_routine[occurrence]]
    occ = np.repeat(occurrence, per)
    k = np.arange(len(occ)) - np.repeat(np.cumsum(per) - per, per)
    row = pool_first[occurrence_routine[occ]] + k
    person = plan.pool_person[row]
    fmt = plan.format[occurrence_routine[occ]]
    chance = np.where(plan.pool_core[row], ATTEND_CORE[fmt], ATTEND_OTHER[fmt])
    chance = np.where(plan.pool_rank[row] == 0, 0.95, chance)
    comes = (rng.random(len(occ)) < chance) & pop.member_on(person, occurrence_day[occ])
    return occ[comes], person[comes]


def routine_events(
    fmt: np.ndarray,
    occurrence: np.ndarray,
    person: np.ndarray,
    occurrence_day: np.ndarray,
    n: int,
    known: np.ndarray,
    rng: np.random.Generator,
) -> Events:
    """Interactions between attendees, source ``routine``, purpose ``network``.

    Intervision circles: every pair of attendees meets. Random coffee: attendees are shuffled
    and paired two by two. Meetups: each attendee has 1 + Poisson(1) conversations with
    people close to them in the latent space (the pool and thus the attendance rows are in
    latent order); a conversation with someone they have a tie with is logged, one with a
    stranger with probability :data:`STRANGER_LOGGED` (most talk at a meetup is with people
    you know). Meetup conversations are ``event``; a pair is logged once per occurrence.
    """
    parts = []
    for code, pairs, kind in (
        (1, all_pairs, MEETING),
        (2, shuffled_pairs, MEETING),
        (0, conversations, EVENT),
    ):
        rows = fmt == code
        i, j = pairs(occurrence[rows], rng)
        a, b = person[rows][i], person[rows][j]
        occ = occurrence[rows][i]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if kind == EVENT:
            keep = np.isin(lo * n + hi, known) | (rng.random(len(lo)) < STRANGER_LOGGED)
            lo, hi, occ = lo[keep], hi[keep], occ[keep]
        _, first = np.unique((occ * n + lo) * n + hi, return_index=True)
        first.sort()
        first = first[lo[first] != hi[first]]
        parts.append(
            Events.undirected(
                lo[first], hi[first], occurrence_day[occ[first]], kind, source=ROUTINE
            )
        )
    return Events.concatenate(parts)


def group_positions(group: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For rows sorted by group: each row's group's first row, size, and rank in the group."""
    boundaries = np.flatnonzero(np.diff(group)) + 1
    firsts = np.concatenate([[0], boundaries])
    sizes = np.diff(np.concatenate([firsts, [len(group)]]))
    first = np.repeat(firsts, sizes)
    return first, np.repeat(sizes, sizes), np.arange(len(group)) - first


def all_pairs(group: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows within a group (rows sorted by group)."""
    if len(group) == 0:
        return group, group
    _, size, rank = group_positions(group)
    later = size - 1 - rank
    i = np.repeat(np.arange(len(group)), later)
    j = i + 1 + (np.arange(len(i)) - np.repeat(np.cumsum(later) - later, later))
    return i, j


def shuffled_pairs(group: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rows paired two by two within each group after a shuffle; an odd one out sits out."""
    if len(group) == 0:
        return group, group
    order = np.lexsort((rng.random(len(group)), group))
    _, size, rank = group_positions(group[order])
    pair = (rank % 2 == 0) & (rank + 1 < size)
    i = np.flatnonzero(pair)
    return order[i], order[i + 1]


def conversations(group: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """1 + Poisson(1) conversations per row with a row ±Geometric(0.45) places away in
    the same group (neighbours talk more than strangers)."""
    if len(group) == 0:
        return group, group
    first, size, rank = group_positions(group)
    talks = np.where(size > 1, 1 + rng.poisson(1.0, len(group)), 0)
    i = np.repeat(np.arange(len(group)), talks)
    offset = rng.geometric(0.45, len(i)) * np.where(rng.random(len(i)) < 0.5, -1, 1)
    j = first[i] + (rank[i] + offset) % size[i]
    return i, j


def routines_frame(
    plan: Plan, config: SynthConfig, pop: Population, rng: np.random.Generator
) -> pl.DataFrame:
    """The routines: id, name, format, cadence, steward, theme, started and ended dates."""
    names = []
    for fmt, theme in zip(plan.format.tolist(), plan.theme.tolist(), strict=True):
        choices = ROUTINE_NAMES[FORMATS[fmt]]
        name = choices[int(rng.integers(len(choices)))]
        names.append(f"{name} {THEME_NAMES[THEMES[theme]][1].lower()}" if theme >= 0 else name)
    epoch = config.start_epoch_day
    frame = pl.DataFrame(
        {
            "routine_id": np.arange(1, plan.size + 1, dtype=np.int64),
            "name": names,
            "format": pl.Series(FORMATS).gather(plan.format),
            "cadence": pl.Series(CADENCES).gather(plan.cadence),
            "steward_id": plan.steward.astype(np.int64) + 1,
            "theme": [THEMES[t] if t >= 0 else None for t in plan.theme.tolist()],
            "started_on": to_dates(plan.started, epoch),
            "ended_on": to_dates(plan.ended, epoch),
            "_ended": plan.ended <= config.days,
        }
    )
    # Several routines of the same kind get a number; ended_on is null while still running.
    repeat = pl.col("name").cum_count().over("name")
    return frame.with_columns(
        pl.when(repeat > 1)
        .then(pl.format("{} {}", pl.col("name"), repeat))
        .otherwise(pl.col("name"))
        .alias("name"),
        pl.when(pl.col("_ended")).then(pl.col("ended_on")).otherwise(None).alias("ended_on"),
    ).drop("_ended")


CLOSED_DAYS = ((1, 1), (12, 25), (12, 26))
"""(month, day) of the days off every year (New Year, Christmas): a meeting planned on one of
them does not take place."""


def _on_a_weekday(day: np.ndarray, epoch: int) -> np.ndarray:
    """``day`` (days after ``epoch``, itself days after 1970-01-01) moved off the weekend to the
    Monday after: never before the routine's start, and a weekly routine keeps its step. A
    coordinator would not recognise a "casustafel" on a Sunday."""
    weekday = (day + epoch + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return day + np.where(weekday >= 5, 7 - weekday, 0)


def _closed(day: np.ndarray, epoch: int) -> np.ndarray:
    """Whether each day is one of :data:`CLOSED_DAYS`."""
    on = (day + epoch).astype("datetime64[D]")
    month_start = on.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    month_day = (on - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    closed = np.zeros(len(day), dtype=bool)
    for closed_month, closed_day in CLOSED_DAYS:
        closed |= (month == closed_month) & (month_day == closed_day)
    return closed


def reflections_frame(
    plan: Plan,
    occurrence_routine: np.ndarray,
    occurrence_day: np.ndarray,
    held: np.ndarray,
    pop: Population,
    rng: np.random.Generator,
) -> pl.DataFrame:
    """Reflections on some held occurrences, in the steward's language.

    Columns: occurrence_id, language, happened, learned, next_step, text (the three joined).
    """
    chance = REFLECTION_SHARE[plan.format[occurrence_routine]]
    occurrence = np.flatnonzero(held & (rng.random(len(held)) < chance))
    english = pop.english[plan.steward[occurrence_routine[occurrence]]]
    language = np.where(english, "en", "nl")
    parts = (
        ("happened", REFLECTION_HAPPENED),
        ("learned", REFLECTION_LEARNED),
        ("next_step", REFLECTION_NEXT),
    )
    picks = _cycled_picks(
        tuple(len(pieces["en"]) for _column, pieces in parts),
        language,
        occurrence_day[occurrence],
        rng,
    )
    columns = {
        column: np.where(english, np.array(pieces["en"])[pick], np.array(pieces["nl"])[pick])
        for (column, pieces), pick in zip(parts, picks, strict=True)
    }
    frame = pl.DataFrame(
        {"occurrence_id": occurrence.astype(np.int64) + 1, "language": language, **columns}
    )
    return frame.with_columns(
        text=pl.concat_str(["happened", "learned", "next_step"], separator=" ")
    )


def _cycled_picks(
    sizes: tuple[int, ...], language: np.ndarray, day: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, ...]:
    """One piece of each list per reflection: each list is shuffled once and gone through in
    date order, within each language. A reader of a language's latest reflections (the report
    prints eight) meets no sentence twice among the last ``min(sizes)`` of them, and, the sizes
    being pairwise coprime, no whole reflection twice within their product (792)."""
    rank = np.empty(len(day), dtype=np.int64)
    for spoken in np.unique(language):
        told = np.flatnonzero(language == spoken)
        rank[told[np.argsort(day[told], kind="stable")]] = np.arange(len(told))
    return tuple(rng.permutation(size)[rank % size] for size in sizes)
