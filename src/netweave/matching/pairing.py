r"""Random-coffee rounds: who meets whom, by maximum-weight matching.

The weight of a pair :math:`\{i, j\}` of participants is

.. math:: w_{ij} = 1 + s\,[i, j \text{ do not know each other}]
                     + o\,[\mathrm{org}_i \ne \mathrm{org}_j]
                     + c\,[\mathrm{sector}_i \ne \mathrm{sector}_j]

with :math:`s, o, c` from :class:`PairingWeights` (4, 1, 2): strangers first, then people who
bridge sectors, then organisations. A pair is **forbidden** when the two met in one of the last
``window`` rounds or either put the other on a do-not-pair list. A round is a set of disjoint
groups — pairs, and one trio when the number of participants is odd — maximising the sum of
:math:`w` over every pair inside a group, with no forbidden pair inside any group.

Method (why: ``docs/routines.md``). Exact maximum-weight matching on a general graph (Edmonds'
blossoms) is too slow in Python at 5,000 participants, and a compiled one is not in our
dependencies. A matching on a *bipartite* split of the participants, however, is an assignment
problem that :func:`scipy.optimize.linear_sum_assignment` solves exactly in well under a second.
So:

1. split the participants at random (seeded) into two halves and solve the assignment;
2. **improve**: put one member of every current pair on each side (which one: seeded coin) and
   solve again. The current matching is feasible in the new split, so the weight never drops;
   a few rounds of this reach pairs the first split could not contain;
3. **repair** what the split left over (pairs whose only assignment was forbidden): pair leftovers
   with each other, else swap them into an existing pair (:math:`u, v` and pair :math:`x, y`
   become :math:`u, x` and :math:`v, y`), and let one remaining person join a pair as the trio.

Small rounds (up to :data:`EXACT_UP_TO` participants, the usual random coffee of a network)
are solved exactly instead, with Edmonds' blossom algorithm (:func:`networkx.max_weight_matching`
with maximum cardinality, milliseconds at that size): the most pairs the constraints allow, and
among those the heaviest. So an even round leaves nobody out whenever any full pairing exists,
however tight the window. In an odd round the one left over joins a pair as the trio; if no pair
of that matching takes them, each other participant is tried as the one set aside (a matching of
the rest plus a pair that takes them), and the heaviest such round wins. Only when no trio
completes any of those matchings does somebody stay unpaired.

Ties between equal weights are broken by a seeded jitter below :math:`10^{-3}` that is symmetric
in :math:`i, j`, so the same seed gives the same round and another seed another one.

When every participant may meet at least :math:`\lceil n/2 \rceil + 1` of the others (Dirac's
condition), step 3 always succeeds and nobody is left out: two leftovers :math:`u, v` have
together more than :math:`n - 2` allowed ends among the :math:`(n-2)/2` pairs, so some pair
takes both; and one leftover has more allowed partners than there are pairs, so some pair takes
it as a trio.

References
----------
Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval Research Logistics
Quarterly* 2, 83–97. Crouse, D. F. (2016). On implementing 2D rectangular assignment algorithms.
*IEEE Transactions on Aerospace and Electronic Systems* 52, 1679–1696 (SciPy's solver).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import polars as pl
from scipy import sparse
from scipy.optimize import linear_sum_assignment

__all__ = [
    "Pairing",
    "PairingWeights",
    "RoundProblem",
    "pair_round",
    "round_problem",
    "seat_stranded",
]

JITTER = 1e-3
EXACT_UP_TO = 60
"""Rounds up to this size are matched exactly (see the module docstring)."""


@dataclass(frozen=True)
class PairingWeights:
    """What a pair is worth on top of 1: being strangers, other organisations, other sectors."""

    stranger: float = 4.0
    other_organisation: float = 1.0
    other_sector: float = 2.0


@dataclass(frozen=True)
class RoundProblem:
    """One round's participants and constraints by position 0 … n-1 (see :func:`round_problem`).

    Attributes
    ----------
    ids : person ids, sorted
    organisation, sector : integer codes per position
    known, forbidden : symmetric boolean sparse matrices (n × n)
    jitter : per-position seeded numbers in [0, 1) that break ties
    weights : PairingWeights
    seed : int
    """

    ids: np.ndarray
    organisation: np.ndarray
    sector: np.ndarray
    known: sparse.csr_array
    forbidden: sparse.csr_array
    jitter: np.ndarray
    weights: PairingWeights
    seed: int

    @property
    def size(self) -> int:
        return len(self.ids)

    def block(self, rows: np.ndarray, cols: np.ndarray, *, jitter: bool = True) -> np.ndarray:
        """Weights between positions ``rows`` and ``cols``; forbidden pairs and i = j are -inf."""
        w = self.weights
        block = (
            1.0
            + w.stranger * (1.0 - self.known[rows][:, cols].toarray())
            + w.other_organisation * (self.organisation[rows, None] != self.organisation[cols])
            + w.other_sector * (self.sector[rows, None] != self.sector[cols])
        )
        if jitter:
            block += JITTER * np.mod(self.jitter[rows, None] + self.jitter[cols], 1.0)
        block[self.forbidden[rows][:, cols].toarray()] = -np.inf
        block[rows[:, None] == cols] = -np.inf
        return block


@dataclass(frozen=True)
class Pairing:
    """A round: ``groups`` (pairs and at most one trio, each sorted by id; sorted), the people
    nobody allowed could meet (``unpaired``), and ``weight``, the sum of :math:`w` over every pair
    inside a group (without the jitter)."""

    groups: tuple[tuple[int, ...], ...]
    unpaired: tuple[int, ...]
    weight: float


def _positions(pairs: pl.DataFrame, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the pairs (columns a, b) whose two people are both participants."""
    a = pairs["a"].to_numpy()
    b = pairs["b"].to_numpy()
    i = np.searchsorted(ids, a).clip(0, max(len(ids) - 1, 0))
    j = np.searchsorted(ids, b).clip(0, max(len(ids) - 1, 0))
    inside = (len(ids) > 0) & (ids[i] == a) & (ids[j] == b) & (a != b)
    return i[inside], j[inside]


def _symmetric(i: np.ndarray, j: np.ndarray, n: int) -> sparse.csr_array:
    data = np.ones(2 * len(i), dtype=bool)
    matrix = sparse.coo_array((data, (np.r_[i, j], np.r_[j, i])), shape=(n, n))
    return sparse.csr_array(matrix, dtype=bool)


def round_problem(
    people: pl.DataFrame,
    *,
    known: pl.DataFrame,
    history: pl.DataFrame,
    window: int,
    do_not_pair: pl.DataFrame,
    seed: int,
    weights: PairingWeights | None = None,
) -> RoundProblem:
    """Prepare a round.

    Parameters
    ----------
    people : DataFrame[person_id, organisation_id, sector]
        This round's participants (opt-outs and snoozes already left out by the caller).
    known : DataFrame[a, b]
        Pairs who already know each other (in either order).
    history : DataFrame[rounds_ago, a, b]
        Pairs (and a trio's three pairs) of earlier rounds; ``rounds_ago`` 1 is the last one.
    window : int
        A pair of the last ``window`` rounds is not repeated (0: repeats allowed).
    do_not_pair : DataFrame[a, b]
        Pairs that must never meet (in either order).
    seed : int
    weights : PairingWeights, optional
    """
    people = people.sort("person_id")
    ids = people["person_id"].to_numpy()
    n = len(ids)
    recent = history.filter(pl.col("rounds_ago") <= window).select("a", "b")
    ki, kj = _positions(known, ids)
    fi, fj = _positions(pl.concat([recent, do_not_pair.select("a", "b")]), ids)
    return RoundProblem(
        ids=ids,
        organisation=people["organisation_id"].rank("dense").to_numpy(),
        sector=people["sector"].rank("dense").to_numpy(),
        known=_symmetric(ki, kj, n),
        forbidden=_symmetric(fi, fj, n),
        jitter=np.random.default_rng(seed).random(n),
        weights=weights or PairingWeights(),
        seed=seed,
    )


def _assign(problem: RoundProblem, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Exact maximum-weight matching between ``left`` and ``right`` (positions), as k × 2 pairs.

    Forbidden pairs get a penalty larger than any matching's weight, so the solver first avoids
    as many of them as it can; the ones it could not avoid are dropped (left to the repair).
    """
    if len(left) == 0 or len(right) == 0:
        return np.empty((0, 2), dtype=np.int64)
    block = problem.block(left, right)
    allowed = np.isfinite(block)
    penalty = 2.0 * (np.abs(block[allowed]).max(initial=1.0) + 1.0) * min(len(left), len(right))
    rows, cols = linear_sum_assignment(np.where(allowed, block, -penalty), maximize=True)
    keep = allowed[rows, cols]
    return np.column_stack([left[rows[keep]], right[cols[keep]]])


def _weight(problem: RoundProblem, pairs: np.ndarray, *, jitter: bool = True) -> float:
    if len(pairs) == 0:
        return 0.0
    w = problem.weights
    a, b = pairs[:, 0], pairs[:, 1]
    value = (
        1.0
        + w.stranger * (1.0 - problem.known[a, b].astype(float))
        + w.other_organisation * (problem.organisation[a] != problem.organisation[b])
        + w.other_sector * (problem.sector[a] != problem.sector[b])
    )
    if jitter:
        value = value + JITTER * np.mod(problem.jitter[a] + problem.jitter[b], 1.0)
    return float(value.sum())


def _improve(
    problem: RoundProblem, pairs: np.ndarray, rng: np.random.Generator, rounds: int
) -> np.ndarray:
    """Re-solve on splits that contain the current pairs, at most ``rounds`` times; stop after
    two re-solves in a row that found nothing better (one unlucky coin toss is not the end)."""
    everyone = np.arange(problem.size)
    best = _weight(problem, pairs)
    idle = 0
    for _ in range(rounds):
        flip = rng.random(len(pairs)) < 0.5
        left = np.where(flip, pairs[:, 1], pairs[:, 0])
        right = np.setdiff1d(everyone, left)
        candidate = _assign(problem, left, right)
        value = _weight(problem, candidate)
        if len(candidate) < len(pairs) or value <= best + 1e-9:
            idle += 1
            if idle == 2:
                break
            continue
        pairs, best, idle = candidate, value, 0
    return pairs


def _allowed_row(problem: RoundProblem, u: int) -> np.ndarray:
    row = ~problem.forbidden[[u]].toarray()[0]
    row[u] = False
    return row


def _repair(problem: RoundProblem, pairs: list[list[int]], leftover: list[int]) -> list[int]:
    """Pair the leftovers with each other, or swap them into existing pairs (see module docs)."""
    stuck: list[int] = []
    while leftover:
        u = leftover.pop(0)
        allowed = _allowed_row(problem, u)
        partners = [v for v in leftover if allowed[v]]
        if partners:
            scores = problem.block(np.array([u]), np.array(partners))[0]
            v = partners[int(np.argmax(scores))]
            leftover.remove(v)
            pairs.append([u, v])
            continue
        swapped = False
        for v in leftover:
            allowed_v = _allowed_row(problem, v)
            for pair in pairs:
                x, y = pair
                if allowed[x] and allowed_v[y]:
                    pair[:] = [u, x]
                    pairs.append([v, y])
                elif allowed[y] and allowed_v[x]:
                    pair[:] = [u, y]
                    pairs.append([v, x])
                else:
                    continue
                leftover.remove(v)
                swapped = True
                break
            if swapped:
                break
        if not swapped:
            stuck.append(u)
    return stuck


def _join_pair(problem: RoundProblem, groups: list[list[int]], u: int) -> bool:
    """Seat ``u`` as the third of the pair they add most weight to; False if no pair may take
    them (trios already formed take nobody)."""
    pairs = [group for group in groups if len(group) == 2]
    if not pairs:
        return False
    allowed = _allowed_row(problem, u)
    ends = np.array(pairs)
    ok = allowed[ends[:, 0]] & allowed[ends[:, 1]]
    if not ok.any():
        return False
    scores = problem.block(np.array([u]), ends.ravel())[0].reshape(-1, 2).sum(axis=1)
    pairs[int(np.argmax(np.where(ok, scores, -np.inf)))].append(u)
    return True


def _trio(problem: RoundProblem, groups: list[list[int]], stuck: list[int]) -> list[int]:
    """Let one stuck person join the pair they add most weight to; the rest stay unpaired."""
    for u in stuck:
        if _join_pair(problem, groups, u):
            return [v for v in stuck if v != u]
    return stuck


def seat_stranded(
    problem: RoundProblem, groups: Sequence[Sequence[int]], stranded: Sequence[int]
) -> Pairing:
    """Mend a round after people left it, moving nobody who still has a partner.

    ``groups`` are the round's groups that still have two or three people (ids), ``stranded``
    the people whose partners all left. The stranded are paired with each other where allowed
    (exact matching), and each one left over joins the pair they add most weight to as a third
    (so a mended round may hold more than one trio); whoever no pair may take stays unpaired.
    ``problem`` holds everyone in ``groups`` and ``stranded``.
    """
    position = {int(person): i for i, person in enumerate(problem.ids)}
    kept = [[position[p] for p in group] for group in groups]
    alone = [position[p] for p in stranded]
    paired = _matched(_allowed_graph(problem, alone))
    seated = {p for pair in paired for p in pair}
    everyone = kept + paired
    stuck = [u for u in alone if u not in seated and not _join_pair(problem, everyone, u)]
    return _pairing(problem, everyone, stuck)


def pair_round(
    problem: RoundProblem, *, improvements: int = 6, exact_up_to: int = EXACT_UP_TO
) -> Pairing:
    """Choose this round's groups (see the module docstring for the method and its guarantee).

    Rounds of at most ``exact_up_to`` people are matched exactly, larger ones by assignment on
    seeded splits (0: always the latter, as the tests of that method and the benchmark need).
    """
    if problem.size <= exact_up_to:
        groups, stuck = _exact(problem)
        return _pairing(problem, groups, stuck)
    rng = np.random.default_rng(problem.seed)
    order = rng.permutation(problem.size)
    half = problem.size // 2
    pairs = _assign(problem, np.sort(order[:half]), np.sort(order[half:]))
    pairs = _improve(problem, pairs, rng, improvements)
    matched = set(pairs.ravel().tolist())
    leftover = [p for p in range(problem.size) if p not in matched]
    groups = pairs.tolist()
    stuck = _repair(problem, groups, leftover)
    stuck = _trio(problem, groups, stuck)
    return _pairing(problem, groups, stuck)


def _allowed_graph(problem: RoundProblem, among: Sequence[int] | None = None) -> nx.Graph:
    """The people at positions ``among`` (default: everyone) as nodes, an edge for every allowed
    pair of them, weighted as :meth:`RoundProblem.block`."""
    nodes = np.arange(problem.size) if among is None else np.array(among, dtype=np.int64)
    block = problem.block(nodes, nodes)
    graph = nx.Graph()
    graph.add_nodes_from(nodes.tolist())
    i, j = np.nonzero(np.triu(np.isfinite(block), k=1))
    graph.add_weighted_edges_from(
        zip(nodes[i].tolist(), nodes[j].tolist(), block[i, j].tolist(), strict=True)
    )
    return graph


def _matched(graph: nx.Graph) -> list[list[int]]:
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return sorted(sorted(pair) for pair in matching)


def _exact(problem: RoundProblem) -> tuple[list[list[int]], list[int]]:
    """Groups and the people left out, by exact matching (see the module docstring)."""
    graph = _allowed_graph(problem)
    groups = _matched(graph)
    seated = {p for g in groups for p in g}
    leftover = [p for p in range(problem.size) if p not in seated]
    stuck = _trio(problem, groups, leftover)
    if len(stuck) != 1 or len(leftover) != 1:
        return groups, stuck
    best: tuple[float, list[list[int]]] | None = None
    for aside in range(problem.size):
        rest = _matched(graph.subgraph(p for p in range(problem.size) if p != aside))
        if 2 * len(rest) != problem.size - 1 or _trio(problem, rest, [aside]):
            continue
        value = sum(graph.subgraph(g).size(weight="weight") for g in rest)
        if best is None or value > best[0]:
            best = (value, rest)
    return (best[1], []) if best is not None else (groups, stuck)


def _pairing(problem: RoundProblem, groups: list[list[int]], stuck: list[int]) -> Pairing:
    inside = np.array(
        [(g[i], g[j]) for g in groups for i in range(len(g)) for j in range(i + 1, len(g))],
        dtype=np.int64,
    ).reshape(-1, 2)
    ids = problem.ids
    return Pairing(
        groups=tuple(sorted(tuple(sorted(int(ids[p]) for p in g)) for g in groups)),
        unpaired=tuple(sorted(int(ids[p]) for p in stuck)),
        weight=_weight(problem, inside, jitter=False),
    )
