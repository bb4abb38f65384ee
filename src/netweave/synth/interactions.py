"""Interaction rows as parallel arrays, and the logged interactions that fall on ties.

Every part of the generator (ties, routines, introductions) produces an :class:`Events`;
:func:`events_frame` turns their concatenation into the ``interactions`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights.tables import (
    DEFAULT_KIND_WEIGHTS,
    INTERACTION_KINDS,
    PURPOSES,
    SOURCES,
)

from .config import SynthConfig, rng_for
from .population import Population
from .ties import Ties

MEETING, INTRODUCTION, HELP, JOINT_WORK, EVENT = range(5)
NETWORK, OUTSIDE = range(2)
LOGGED, IMPORTED, ROUTINE = range(3)

MOST_TIES_PER_ROW = 0.5
"""At most this many ties per logged interaction: every tie that shows up has at least one."""

HELP_SHARE = 0.12
"""Share of logged tie interactions that are directed help."""

OTHER_KINDS = np.array([MEETING, JOINT_WORK, EVENT])
OTHER_KIND_SHARE = np.array([0.72, 0.14, 0.14])

OUTSIDE_SHARE = np.array([0.2, 0.05, 0.15, 0.5, 0.15])
"""Per kind, the share of interactions serving the world outside the network."""

IMPORTED_SHARE_FIRST_YEAR, IMPORTED_SHARE_LATER = 0.25, 0.04
"""Interactions imported from spreadsheets, mostly when the network started using netweave."""

KIND_WEIGHT = np.array([DEFAULT_KIND_WEIGHTS[kind] for kind in INTERACTION_KINDS])


@dataclass(frozen=True)
class Events:
    """Interactions as arrays: person indices ``a`` and ``b``, day offset, codes."""

    a: np.ndarray
    b: np.ndarray
    day: np.ndarray
    kind: np.ndarray
    directed: np.ndarray
    purpose: np.ndarray
    source: np.ndarray

    @property
    def size(self) -> int:
        return len(self.a)

    @classmethod
    def concatenate(cls, parts: list[Events]) -> Events:
        return cls(
            **{
                name: np.concatenate([getattr(part, name) for part in parts])
                for name in ("a", "b", "day", "kind", "directed", "purpose", "source")
            }
        )

    @classmethod
    def undirected(
        cls, a: np.ndarray, b: np.ndarray, day: np.ndarray, kind: int | np.ndarray, **codes
    ) -> Events:
        """Undirected events, stored with ``a < b``."""
        n = len(a)
        return cls(
            a=np.minimum(a, b),
            b=np.maximum(a, b),
            day=day.astype(np.int32),
            kind=np.broadcast_to(np.asarray(kind, dtype=np.int8), n).copy(),
            directed=np.zeros(n, dtype=bool),
            purpose=np.broadcast_to(np.int8(codes.get("purpose", NETWORK)), n).copy(),
            source=np.broadcast_to(np.int8(codes.get("source", LOGGED)), n).copy(),
        )


def tie_events(ties: Ties, pop: Population, config: SynthConfig, budget: int) -> Events:
    """About ``budget`` logged interactions spread over the ties.

    Per tie: 1 + Poisson(s · λ · d) meetings, joint work and events, with λ the tie's strength
    and d its alive time in years, plus Poisson(h · (g_u·t_v + g_v·t_u) · d) help interactions
    with g the giving and t the taking propensity; s and h are scaled so that help is
    :data:`HELP_SHARE` of about ``budget`` rows. The giver of a help interaction is u with
    probability g_u·t_v / (g_u·t_v + g_v·t_u). Days fall uniformly in the tie's window.
    """
    rng = rng_for(config, 3)
    if ties.size > MOST_TIES_PER_ROW * budget:
        # So little is logged that not every tie shows up: keep a random share of them.
        ties = ties.subset(rng.random(ties.size) < MOST_TIES_PER_ROW * budget / ties.size)
    u, v = ties.u, ties.v
    length = (ties.end - ties.start + 1).astype(np.int64)
    years = length / 365.0
    help_budget = HELP_SHARE * budget
    other_budget = max(budget - help_budget - ties.size, 0.0)
    other_rate = ties.strength * years
    other = 1 + rng.poisson(other_rate * (other_budget / other_rate.sum()))
    u_gives, v_gives = pop.give[u] * pop.take[v], pop.give[v] * pop.take[u]
    help_rate = (u_gives + v_gives) * years
    helps = rng.poisson(help_rate * (help_budget / help_rate.sum()))

    tie = np.repeat(np.arange(ties.size), other)
    day = ties.start[tie] + (rng.random(len(tie)) * length[tie]).astype(np.int32)
    kind = OTHER_KINDS[np.searchsorted(np.cumsum(OTHER_KIND_SHARE), rng.random(len(tie)))]
    plain = Events.undirected(u[tie], v[tie], day, kind)

    tie = np.repeat(np.arange(ties.size), helps)
    day = ties.start[tie] + (rng.random(len(tie)) * length[tie]).astype(np.int32)
    u_is_giver = rng.random(len(tie)) * (u_gives + v_gives)[tie] < u_gives[tie]
    helping = Events(
        a=np.where(u_is_giver, u[tie], v[tie]),
        b=np.where(u_is_giver, v[tie], u[tie]),
        day=day,
        kind=np.full(len(tie), HELP, dtype=np.int8),
        directed=np.ones(len(tie), dtype=bool),
        purpose=np.zeros(len(tie), dtype=np.int8),
        source=np.zeros(len(tie), dtype=np.int8),
    )
    events = Events.concatenate([plain, helping])
    return with_purpose_and_source(events, rng)


def with_purpose_and_source(events: Events, rng: np.random.Generator) -> Events:
    """Draw purpose per kind (:data:`OUTSIDE_SHARE`) and imported vs logged per year."""
    outside = rng.random(events.size) < OUTSIDE_SHARE[events.kind]
    imported_share = np.where(events.day < 365, IMPORTED_SHARE_FIRST_YEAR, IMPORTED_SHARE_LATER)
    imported = rng.random(events.size) < imported_share
    return Events(
        a=events.a,
        b=events.b,
        day=events.day,
        kind=events.kind,
        directed=events.directed,
        purpose=outside.astype(np.int8),
        source=np.where(imported, IMPORTED, LOGGED).astype(np.int8),
    )


def events_frame(events: Events, start_epoch_day: int) -> pl.DataFrame:
    """The ``interactions`` table, sorted by day; ids are index + 1."""
    order = sort_order(events)
    kind = events.kind[order]
    return pl.DataFrame(
        {
            "a": events.a[order].astype(np.int64) + 1,
            "b": events.b[order].astype(np.int64) + 1,
            "on": pl.Series(events.day[order].astype(np.int32) + np.int32(start_epoch_day)).cast(
                pl.Date
            ),
            "kind": pl.Series(INTERACTION_KINDS).gather(kind),
            "directed": events.directed[order],
            "purpose": pl.Series(PURPOSES).gather(events.purpose[order]),
            "source": pl.Series(SOURCES).gather(events.source[order]),
            "weight": KIND_WEIGHT[kind],
        }
    )


def sort_order(events: Events) -> np.ndarray:
    """Stable order by day: a radix sort on 16-bit days, linear in the number of rows.

    Within a day rows keep the order in which they were drawn, which is deterministic.
    """
    if events.size and int(events.day.max()) < 2**15:
        return np.argsort(events.day.astype(np.int16), kind="stable")
    return np.argsort(events.day, kind="stable")
