"""Who knows whom, from when until when: the ties that logged interactions fall on.

A tie is a pair of people with a time window in which they keep meeting. Ties come from four
mechanisms, all drawn as whole arrays:

1. **colleagues** - a person links to colleagues close to them in the latent space
   (same organisation, rank offset of a geometric size: departments, not random pairs);
2. **sector peers** - same sector, other organisation, close in theme;
3. **bridges** - another sector, close in theme, more often within the golden triangle;
   bridges are born later in the window (birth day ∝ ∛u, density ∝ t²), so cross-sector
   ties grow year over year;
4. **triadic closure** - friends of friends meet: pick a wedge v–c–w on existing ties
   (centre c with probability ∝ degree) and tie v to w some months after the later of the two
   ties began, if both are still alive.

Each tie lives for an exponential time and then goes cold; ties are clipped to the membership
of both people and to the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netweave.insights.tables import GOLDEN_TRIANGLE, SECTORS

from .config import SynthConfig, rng_for
from .population import Population

COLLEAGUE, PEER, BRIDGE = 0, 1, 2
"""Tie categories by the two people's organisation and sector."""

INITIATED = np.array([1.8, 1.0, 0.6])
"""Expected ties a person of average activity starts per category."""

PRE_EXISTING = np.array([0.75, 0.55, 0.15])
"""Share of ties per category that already existed when the window opened."""

LIFETIME_DAYS = np.array([1100.0, 800.0, 700.0])
"""Mean lifetime per category before a tie goes cold."""

RATE = np.array([1.4, 1.0, 0.8])
"""Relative interaction rate per category."""

GEOMETRIC = (0.7, 0.6)
"""Success probability p of the ±Geometric(p) rank offsets: colleagues, then peers and bridges."""

CLOSURE_ROUNDS = 3
CLOSURE_SHARE = 0.6
"""Wedges tried per closure round, as a share of the ties at that moment."""


@dataclass(frozen=True)
class Ties:
    """Undirected ties ``u < v`` (person indices) alive on days ``start..end`` inclusive."""

    u: np.ndarray
    v: np.ndarray
    start: np.ndarray
    end: np.ndarray
    category: np.ndarray
    strength: np.ndarray

    @property
    def size(self) -> int:
        return len(self.u)

    def subset(self, keep: np.ndarray) -> Ties:
        """The ties where ``keep`` is true."""
        return Ties(
            u=self.u[keep],
            v=self.v[keep],
            start=self.start[keep],
            end=self.end[keep],
            category=self.category[keep],
            strength=self.strength[keep],
        )


def form_ties(population: Population, config: SynthConfig) -> Ties:
    """Draw the ties of the whole window."""
    rng = rng_for(config, 2)
    pop, days = population, config.days
    u, v = initial_pairs(pop, rng)
    category = categorise(pop, u, v)
    birth = np.where(
        rng.random(len(u)) < PRE_EXISTING[category],
        -1.0,
        np.where(category == BRIDGE, np.cbrt(rng.random(len(u))), rng.random(len(u))) * days,
    )
    end = np.maximum(birth, 0) + rng.exponential(LIFETIME_DAYS[category])
    for _ in range(CLOSURE_ROUNDS):
        cu, cv, cbirth = close_triangles(u, v, birth, end, pop.size, days, rng)
        ccat = categorise(pop, cu, cv)
        u, v = np.concatenate([u, cu]), np.concatenate([v, cv])
        birth = np.concatenate([birth, cbirth])
        end = np.concatenate([end, cbirth + rng.exponential(LIFETIME_DAYS[ccat])])
        category = np.concatenate([category, ccat])
    start = np.maximum.reduce([np.maximum(birth, 0), pop.joined[u], pop.joined[v]]).astype(np.int32)
    stop = np.minimum.reduce([np.minimum(end, days), pop.left[u], pop.left[v]]).astype(np.int32)
    keep = start <= stop
    u, v, category = u[keep], v[keep], category[keep]
    strength = (
        rng.lognormal(0.0, 0.9, len(u))
        * RATE[category]
        * np.sqrt(pop.activity[u] * pop.activity[v])
    )
    return Ties(u=u, v=v, start=start[keep], end=stop[keep], category=category, strength=strength)


def categorise(pop: Population, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """COLLEAGUE, PEER or BRIDGE per pair."""
    same_org = pop.person_org[u] == pop.person_org[v]
    same_sector = pop.person_sector[u] == pop.person_sector[v]
    return np.where(same_org, COLLEAGUE, np.where(same_sector, PEER, BRIDGE)).astype(np.int8)


def initial_pairs(pop: Population, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Colleague, peer and bridge pairs, canonical (u < v) and without duplicates."""
    people = np.arange(pop.size)
    counts = rng.poisson(INITIATED[None, :] * pop.activity[:, None])
    # Sponsors read reports; they are tied to few people.
    counts[pop.role == 2] = np.minimum(counts[pop.role == 2], 1)
    org_from = np.repeat(people, counts[:, 0])
    org_to = near_in_group(pop.person_org, pop.position, org_from, GEOMETRIC[0], rng)
    peer_from = np.repeat(people, counts[:, 1])
    peer_to = near_in_group(
        pop.person_sector.astype(np.int64), pop.position, peer_from, GEOMETRIC[1], rng
    )
    bridge_from = np.repeat(people, counts[:, 2])
    bridge_to = bridges(pop, bridge_from, rng)
    return canonical_unique(
        np.concatenate([org_from, peer_from, bridge_from]),
        np.concatenate([org_to, peer_to, bridge_to]),
        pop.size,
    )


def group_order(group: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """People sorted by (group, key); each group's first row in that order; each person's rank."""
    order = np.lexsort((key, group))
    size = np.bincount(group, minlength=group.max() + 1)
    first = np.cumsum(size) - size
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - first[group[order]]
    return order, first, rank


def geometric_offsets(n: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """±Geometric(p) offsets: mostly ±1 or ±2, now and then further."""
    return rng.geometric(p, n) * np.where(rng.random(n) < 0.5, -1, 1)


def near_in_group(
    group: np.ndarray, position: np.ndarray, source: np.ndarray, p: float, rng: np.random.Generator
) -> np.ndarray:
    """For each source person, someone of the same group a few ranks away in the latent space.

    Returns the source itself where the group has a single person (dropped later).
    """
    order, first, rank = group_order(group, position)
    size = np.bincount(group, minlength=group.max() + 1)
    g = group[source]
    offset = geometric_offsets(len(source), p, rng)
    return order[first[g] + (rank[source] + offset) % size[g]]


def bridges(pop: Population, source: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each source person, someone of another sector close in theme.

    The target sector T of someone in sector S is drawn with probability ∝ A[S, T] · n_T,
    where A doubles pairs within the golden triangle and civil society–citizens.
    """
    n_sectors = len(SECTORS)
    affinity = np.ones((n_sectors, n_sectors))
    triangle = [SECTORS.index(s) for s in GOLDEN_TRIANGLE]
    affinity[np.ix_(triangle, triangle)] = 2.0
    civil, citizens = SECTORS.index("civil_society"), SECTORS.index("citizens")
    affinity[civil, citizens] = affinity[citizens, civil] = 2.0
    np.fill_diagonal(affinity, 0.0)
    people_per_sector = np.bincount(pop.person_sector, minlength=n_sectors)
    cumulative = np.cumsum(affinity * people_per_sector[None, :], axis=1)
    cumulative /= cumulative[:, -1:]
    sector = pop.person_sector[source]
    target = (rng.random(len(source))[:, None] > cumulative[sector]).sum(axis=1)
    # Sorted by (sector, position): find where the source would sit among the target sector.
    composite = pop.person_sector * 100.0 + pop.position
    order = np.argsort(composite, kind="stable")
    first = np.cumsum(people_per_sector) - people_per_sector
    at = np.searchsorted(composite[order], target * 100.0 + pop.position[source]) - first[target]
    offset = geometric_offsets(len(source), GEOMETRIC[1], rng)
    offset -= offset > 0  # allow 0: the very next person up
    size = people_per_sector[target]
    return order[first[target] + (at + offset) % np.maximum(size, 1)]


def canonical_unique(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs as ``u < v``, self-pairs dropped, first occurrence of each pair kept in order."""
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    _, first = np.unique(lo * n + hi, return_index=True)
    first.sort()
    return lo[first], hi[first]


def close_triangles(
    u: np.ndarray,
    v: np.ndarray,
    birth: np.ndarray,
    end: np.ndarray,
    n: int,
    days: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New ties closing wedges of the given ties: (u, v, birth day) of each new tie.

    A wedge is centre c and two distinct neighbours; it closes some months (exponential,
    mean 90 days) after the later of its two ties began, if both ties are still alive then.
    """
    ends = np.concatenate([u, v])
    others = np.concatenate([v, u])
    edge = np.concatenate([np.arange(len(u)), np.arange(len(u))])
    order = np.argsort(ends, kind="stable")
    degree = np.bincount(ends, minlength=n)
    first = np.cumsum(degree) - degree
    tries = int(CLOSURE_SHARE * len(u))
    centre = ends[rng.integers(0, len(ends), tries)]  # ∝ degree
    i = first[centre] + (rng.random(tries) * degree[centre]).astype(np.int64)
    j = first[centre] + (rng.random(tries) * degree[centre]).astype(np.int64)
    e1, e2 = edge[order[i]], edge[order[j]]
    a, b = others[order[i]], others[order[j]]
    born = np.maximum(np.maximum(birth[e1], birth[e2]), 0) + rng.exponential(90.0, tries)
    alive = (born <= np.minimum(end[e1], end[e2])) & (born <= days) & (a != b)
    a, b, born = a[alive], b[alive], born[alive]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = lo * n + hi
    _, first_seen = np.unique(key, return_index=True)
    first_seen.sort()
    fresh = first_seen[~np.isin(key[first_seen], np.minimum(u, v) * n + np.maximum(u, v))]
    return lo[fresh], hi[fresh], born[fresh]
