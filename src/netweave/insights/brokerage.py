r"""Brokerage: who sits between others (betweenness) and who is hemmed in (constraint).

**Betweenness** (Freeman 1977), normalised as NetworkX does for undirected graphs:

.. math::
    b(v) = \frac{2}{(n-1)(n-2)} \sum_{\{s,t\},\, s \ne v \ne t}
           \frac{\sigma_{st}(v)}{\sigma_{st}}

where :math:`\sigma_{st}` is the number of shortest s–t paths and :math:`\sigma_{st}(v)` the
number through :math:`v`. Unweighted by default (hops); with ``weighted=True`` a tie's length
is :math:`1/w` (a stronger tie is a shorter path), the convention of Brandes (2001) and
Opsahl et al. (2010). For :math:`n \le 2` all values are 0.

Above ``betweenness_exact_max_nodes`` vertices the sum is estimated from :math:`k` =
``betweenness_samples`` source vertices :math:`S` drawn uniformly without replacement
(seed ``seed``), Brandes & Pich (2007):

.. math:: \hat b(v) = \frac{1}{k} \sum_{s \in S} Y_s(v), \qquad
          Y_s(v) = \frac{n\, \delta_s(v)}{(n-1)(n-2)}, \qquad
          \delta_s(v) = \sum_{t} \frac{\sigma_{st}(v)}{\sigma_{st}}

:math:`\hat b(v)` is unbiased and :math:`0 \le Y_s(v) \le R = n/(n-1)` since
:math:`\delta_s(v) \le n-2`, so Hoeffding's inequality (which holds for sampling without
replacement, Hoeffding 1963 §6) with a union bound over all :math:`n` vertices gives: with
probability at least :math:`1-\delta` (``betweenness_confidence`` = :math:`1-\delta`), for
every vertex at once,

.. math:: |\hat b(v) - b(v)| \le \varepsilon = \frac{n}{n-1}\sqrt{\frac{\ln(2n/\delta)}{2k}}.

This guarantee holds for every graph, and it is a worst case: at 1,200 members and 64
sources it is 0.29 while the largest observed error is about 0.009. No guarantee for this
estimator can be much smaller at these :math:`k`: a vertex through which a share
:math:`p = \ln(1/\delta)/k` of the members reach everybody else (a coordinator with that many
members tied to nobody else) has :math:`Y_s(v) \approx R` for exactly those sources; all
:math:`k` sources miss them with probability :math:`(1-p)^k \approx \delta`, and the estimate is
then off by about :math:`pR`. So no bound at confidence :math:`1-\delta` is below
:math:`R\ln(1/\delta)/k` (0.047 at 64 sources), and a bound for every vertex at once pays
:math:`\ln(n/\delta)` instead. Variance-aware bounds keep such a range term: Bernstein's
(valid without replacement by the same §6 argument) adds :math:`2R\ln(2n/\delta)/(3k)`, the
empirical Bernstein bound of Maurer & Pontil (2009, Thm 4) :math:`7R\ln(4n/\delta)/(3(k-1))`:
0.43 at 1,200 members and 64 sources (ε = 0.29), 0.15 at 100,000 and 256 (ε = 0.17), before
their variance terms. So ε is kept as the guarantee, and beside it the result carries what
the sample says about the actual precision: the **standard error** estimated from ``SOURCE_GROUPS``
random groups of the sources (the random-groups estimator, Wolter 2007 ch. 2): with
:math:`\hat b_g(v)` the estimate from group :math:`g` of :math:`G`,

.. math:: \widehat{\mathrm{se}}(v) =
          \sqrt{\frac{1}{G(G-1)} \sum_{g} \big(\hat b_g(v) - \hat b(v)\big)^2},

reported as its largest value over all vertices. It is an estimate, not a guarantee
(conservative for sampling without replacement: it leaves out the factor :math:`1 - k/n`).

The sources are independent breadth-first searches, and python-igraph holds the GIL while it
runs one, so the groups run in forked worker processes that inherit the graph, when the work
is large enough to pay for the fork (:data:`PARALLEL_MIN_WORK`): one fewer than the available
cores (none on one core). :func:`start_brokerage` starts them and returns at once, so that the
caller computes something else meanwhile (``analyse`` computes the other metric families); when
the caller asks for the result, it takes the groups nobody has taken yet beside the workers
(:func:`brokerage` does so at once). The searches are bound by memory access, so two running at
once each go slower (at 100,000 members a source took 37 ms alone, 59 ms beside another). Each
group is one igraph call wherever it runs, so the estimate does not depend on who computed
which group.

**Burt's constraint** (Burt 1992), exactly as :func:`networkx.constraint`:

.. math::
    c(v) = \sum_{w \in N(v)} \Big(p_{vw} + \sum_{u \in N(v),\, u \ne w} p_{vu}\, p_{uw}\Big)^2,
          \qquad p_{vw} = \frac{a_{vw} + a_{wv}}{\sum_{u \in N(v)} (a_{vu} + a_{uv})}

with :math:`a` the tie weights (all 1 when unweighted). Undefined (null) for isolated members.

References
----------
Freeman, L. C. (1977). A set of measures of centrality based on betweenness. *Sociometry*.
Brandes, U. (2001). A faster algorithm for betweenness centrality. *J. Math. Sociol.* 25.
Brandes, U., Pich, C. (2007). Centrality estimation in large networks. *Int. J. Bifurcation
and Chaos* 17(7).
Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables. *JASA* 58.
Maurer, A., Pontil, M. (2009). Empirical Bernstein bounds and sample variance penalization.
*COLT 2009*.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
"""

from __future__ import annotations

import math
import mmap
import multiprocessing
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized

import igraph as ig
import numpy as np
import polars as pl

from netweave.insights.graph import TieGraph
from netweave.insights.settings import MetricSettings

__all__ = [
    "SOURCE_GROUPS",
    "Brokerage",
    "PendingBrokerage",
    "SampledBetweenness",
    "betweenness",
    "brokerage",
    "constraint",
    "sampled_betweenness",
    "sampling_error_bound",
    "start_brokerage",
]

SOURCE_GROUPS = 8
"""Random groups the sampled sources are split into, for the standard error (and the workers).

Each group is one igraph call, which costs about as much as one more source (at 100k: 64 sources
in 16 calls took 26–36 % more CPU than in one call), so more groups would make the estimate slower,
fewer its standard error cruder."""

PARALLEL_MIN_WORK = 10_000_000
"""Sources × ties below which one process is faster than forking workers (measured: the fork
of a large process costs tens of milliseconds, one source at 10k members a few)."""


@dataclass(frozen=True)
class Brokerage:
    """Betweenness and constraint of every member of a tie graph.

    Attributes
    ----------
    members : DataFrame[person_id, betweenness, constraint]
        ``constraint`` is null for isolated members.
    method : str
        ``"exact"`` or ``"sampled"``.
    weighted : bool
        Whether betweenness used tie lengths 1/weight.
    samples, error_bound, confidence : int | None, float | None, float | None
        For ``"sampled"``: with probability ≥ ``confidence`` every betweenness value is within
        ± ``error_bound`` of the exact one (a guarantee for every graph, hence a worst case).
    standard_error : float | None
        For ``"sampled"``: the largest estimated standard error of a member's value, from the
        spread between groups of sources (an estimate of the actual precision, not a guarantee).
    """

    members: pl.DataFrame
    method: str
    weighted: bool
    samples: int | None = None
    error_bound: float | None = None
    confidence: float | None = None
    standard_error: float | None = None


@dataclass(frozen=True)
class SampledBetweenness:
    """The Brandes–Pich estimate of each vertex and its estimated standard error.

    ``standard_error`` is null (NaN) per vertex when there are fewer than two groups.
    """

    values: np.ndarray
    standard_error: np.ndarray


def sampling_error_bound(n: int, samples: int, confidence: float) -> float:
    """ε = n/(n−1) · sqrt(ln(2n/δ) / (2k)) with δ = 1 − confidence (see module docstring)."""
    if n <= 2:
        return 0.0
    delta = 1.0 - confidence
    return n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * samples))


def _normaliser(n: int) -> float:
    return 2.0 / ((n - 1) * (n - 2))


def _lengths(tie_graph: TieGraph, weighted: bool) -> list[float] | None:
    return list(1.0 / tie_graph.weights()) if weighted else None


def betweenness(
    tie_graph: TieGraph,
    *,
    weighted: bool = False,
    sources: np.ndarray | None = None,
    workers: int | None = None,
) -> np.ndarray:
    """Normalised betweenness of each vertex, exact or from the given ``sources``.

    With ``sources`` (k distinct vertex indices) the Brandes–Pich estimate
    (n/k)·Σ_{s∈S} δ_s(v) is returned, normalised like the exact value (see
    :func:`sampled_betweenness` for ``workers``).
    """
    graph = tie_graph.graph
    n = graph.vcount()
    if n <= 2 or graph.ecount() == 0:
        return np.zeros(n)
    if sources is not None:
        return sampled_betweenness(
            tie_graph, [np.asarray(sources)], weighted=weighted, workers=workers
        ).values
    raw = graph.betweenness(directed=False, weights=_lengths(tie_graph, weighted))
    return np.asarray(raw, dtype=float) * _normaliser(n)


def sampled_betweenness(
    tie_graph: TieGraph,
    groups: list[np.ndarray],
    *,
    weighted: bool = False,
    workers: int | None = None,
) -> SampledBetweenness:
    """Brandes–Pich estimate from the sources in ``groups`` (disjoint), with its standard error.

    Parameters
    ----------
    tie_graph : TieGraph
    groups : list of arrays of distinct vertex indices
        A random partition of the sampled sources; the standard error needs at least two.
    weighted : bool
        Tie lengths 1/weight instead of hops.
    workers : int, optional
        Processes to run the groups in (this one and ``workers`` − 1 forked); by default one
        per available core when sources × ties ≥ :data:`PARALLEL_MIN_WORK`, else 1.

    Returns
    -------
    SampledBetweenness
    """
    if workers is None:
        sources = sum(len(group) for group in groups)
        workers = _available_cores() if _worth_forking(tie_graph, sources) else 1
    forks = workers - 1 if workers > 1 else 0  # this process takes groups too
    return _start_sampled_betweenness(tie_graph, groups, weighted=weighted, forks=forks)()


def _worth_forking(tie_graph: TieGraph, sources: int) -> bool:
    return sources * tie_graph.tie_count >= PARALLEL_MIN_WORK


def _start_sampled_betweenness(
    tie_graph: TieGraph, groups: list[np.ndarray], *, weighted: bool, forks: int
) -> Callable[[], SampledBetweenness]:
    """:func:`sampled_betweenness` begun in ``forks`` forked workers (0: none); the returned call
    computes the groups still untaken in this process, then waits for the workers."""
    graph = tie_graph.graph
    n = graph.vcount()
    sizes = np.array([len(group) for group in groups], dtype=float)
    if n <= 2 or graph.ecount() == 0:
        empty = SampledBetweenness(np.zeros(n), np.zeros(n) if len(groups) > 1 else _nan(n))
        return lambda: empty
    work_lists = [group.tolist() for group in groups]
    totals = _start_group_totals(graph, _lengths(tie_graph, weighted), work_lists, forks)

    def finish() -> SampledBetweenness:
        # igraph counts each (s, t) once per source in S, i.e. ½ Σ_{s∈S} δ_s(v); scaled by
        # n/|S| and normalised, each row is one group's own estimate.
        rows = totals()
        estimates = rows * (n * _normaliser(n) / sizes[:, None])
        values = rows.sum(axis=0) * (n * _normaliser(n) / sizes.sum())
        if len(groups) < 2:
            return SampledBetweenness(values, _nan(n))
        spread = ((estimates - values) ** 2).sum(axis=0) / (len(groups) * (len(groups) - 1))
        return SampledBetweenness(values, np.sqrt(spread))

    return finish


def _nan(n: int) -> np.ndarray:
    return np.full(n, np.nan)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _totals(graph: ig.Graph, lengths: list[float] | None, groups: list[list[int]]) -> np.ndarray:
    """igraph's subset betweenness of each group of sources, one row per group."""
    return np.array(
        [graph.betweenness(directed=False, weights=lengths, sources=group) for group in groups],
        dtype=float,
    ).reshape(len(groups), graph.vcount())


def _start_group_totals(
    graph: ig.Graph, lengths: list[float] | None, groups: list[list[int]], forks: int
) -> Callable[[], np.ndarray]:
    """Rows of :func:`_totals` for every group, in order, shared among ``forks`` forked workers
    and, once the returned call is made, this process.

    The workers start now, each taking the next group nobody has taken yet; the returned call
    takes groups too until none are left, then collects the workers' rows. So when this
    process comes to wait having finished its own work early or late, no core idles while a
    group is still untaken (static shares made one process wait for the other). A group is one
    igraph call, computed the same wherever it runs, so the rows do not depend on who took
    which. A worker that dies (killed, out of memory) ends its pipe; the groups it had taken
    and not sent are computed here. With no fork (``forks`` 0, or no ``fork`` start method)
    all groups run in this process when the returned call is made.
    """
    workers = min(forks, len(groups))
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: _totals(graph, lengths, groups)
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)
    # The rows live in memory shared with the forked workers (an anonymous shared map, made
    # before the fork); a worker writes its group's row there and sends only the index, which
    # never fills the pipe while this process is busy elsewhere (a 100,000-float row would).
    shared = mmap.mmap(-1, len(groups) * graph.vcount() * 8)
    rows = np.frombuffer(shared, dtype=float).reshape(len(groups), graph.vcount())
    receive, send = context.Pipe(duplex=False)
    processes = [
        context.Process(target=_work, args=(graph, lengths, groups, taken, rows, send), daemon=True)
        for _ in range(workers)
    ]
    with warnings.catch_warnings():
        # Python warns that forking a multi-threaded process (Polars keeps a thread pool)
        # may deadlock the child (a lock held by another thread stays held); the child
        # only runs igraph's C code and NumPy on the inherited graph, never Polars. With
        # the fork start method the arguments are inherited, not pickled.
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        for process in processes:
            process.start()
    send.close()  # the workers hold the only writing ends: when all have ended, recv() ends

    def wait() -> np.ndarray:
        done = np.zeros(len(groups), dtype=bool)
        while (index := _take(taken, len(groups))) is not None:
            rows[index] = _totals(graph, lengths, [groups[index]])[0]
            done[index] = True
        try:
            while not done.all():
                done[receive.recv()] = True
        except EOFError:  # a worker died holding a group: compute what is missing here
            for index in np.flatnonzero(~done).tolist():
                rows[index] = _totals(graph, lengths, [groups[index]])[0]
        finally:
            receive.close()
            for process in processes:
                process.join()
        return rows.copy()  # the map is released with the last view of it

    return wait


def _take(taken: Synchronized[int], count: int) -> int | None:
    """The next group nobody has taken (and take it), or None when all are taken."""
    with taken.get_lock():
        index = taken.value
        if index >= count:
            return None
        taken.value = index + 1
        return index


def _work(
    graph: ig.Graph,
    lengths: list[float] | None,
    groups: list[list[int]],
    taken: Synchronized[int],
    rows: np.ndarray,
    send: Connection,
) -> None:
    """A forked worker of :func:`_start_group_totals`: takes groups, writes each one's row into
    the shared ``rows`` and sends its index."""
    while (index := _take(taken, len(groups))) is not None:
        rows[index] = _totals(graph, lengths, [groups[index]])[0]
        send.send(index)
    send.close()


def constraint(tie_graph: TieGraph, *, weighted: bool = True) -> np.ndarray:
    """Burt's constraint of each vertex (NaN for isolated vertices), as networkx.constraint."""
    graph = tie_graph.graph
    if graph.vcount() == 0:
        return np.zeros(0)
    values = np.asarray(graph.constraint(weights="weight" if weighted else None), dtype=float)
    values[np.asarray(graph.degree()) == 0] = np.nan
    return values


def brokerage(
    tie_graph: TieGraph, settings: MetricSettings | None = None, *, weighted: bool = False
) -> Brokerage:
    """Betweenness (exact or sampled) and weighted Burt's constraint of every member.

    Parameters
    ----------
    tie_graph : TieGraph
    settings : MetricSettings, optional
        ``betweenness_exact_max_nodes``, ``betweenness_samples``, ``betweenness_confidence``,
        ``seed``.
    weighted : bool
        Betweenness over tie lengths 1/weight instead of hops. Constraint always uses weights
        (like ``networkx.constraint(G, weight="weight")``).

    Returns
    -------
    Brokerage
    """
    settings = settings or MetricSettings()
    # Nothing else to do meanwhile: result() takes groups at once, beside the forked workers.
    return start_brokerage(tie_graph, settings, weighted=weighted).result()


def start_brokerage(
    tie_graph: TieGraph,
    settings: MetricSettings | None = None,
    *,
    weighted: bool = False,
    workers: int | None = None,
) -> PendingBrokerage:
    """:func:`brokerage` begun: sampled betweenness starts now, in forked worker processes.

    The caller computes other things meanwhile (``analyse`` does) and then calls
    :meth:`PendingBrokerage.result`.

    Parameters
    ----------
    tie_graph, settings, weighted
        As for :func:`brokerage`.
    workers : int, optional
        Forked worker processes for sampled betweenness (0: none); ``result()`` computes the
        groups still untaken in this process. By default one fewer than the available cores
        when sources × ties ≥ :data:`PARALLEL_MIN_WORK`; else 0.

    Returns
    -------
    PendingBrokerage
    """
    settings = settings or MetricSettings()
    if workers is None:
        worth = _worth_forking(tie_graph, settings.betweenness_samples)
        workers = _available_cores() - 1 if worth else 0
    return PendingBrokerage(tie_graph, settings, weighted, workers)


class PendingBrokerage:
    """A :func:`brokerage` under way (see :func:`start_brokerage`)."""

    def __init__(
        self, tie_graph: TieGraph, settings: MetricSettings, weighted: bool, workers: int
    ) -> None:
        self._tie_graph = tie_graph
        self._settings = settings
        self._weighted = weighted
        self._estimate: Callable[[], SampledBetweenness] | None = None
        self._result: Brokerage | None = None
        n = tie_graph.vertex_count
        if n > settings.betweenness_exact_max_nodes and settings.betweenness_samples < n:
            rng = np.random.default_rng(settings.seed)
            drawn = rng.choice(n, size=settings.betweenness_samples, replace=False)
            # The draw is in random order, so consecutive slices are random groups.
            groups = np.array_split(drawn, min(SOURCE_GROUPS, len(drawn)))
            self._estimate = _start_sampled_betweenness(
                tie_graph, groups, weighted=weighted, forks=workers
            )

    def result(self) -> Brokerage:
        """The :class:`Brokerage` (computes constraint, waits for the betweenness workers)."""
        if self._result is None:
            self._result = self._finish()
        return self._result

    def _finish(self) -> Brokerage:
        tie_graph, settings, weighted = self._tie_graph, self._settings, self._weighted
        constraints = constraint(tie_graph)
        estimate = self._estimate() if self._estimate is not None else None
        values = estimate.values if estimate else betweenness(tie_graph, weighted=weighted)
        members = pl.DataFrame(
            {
                "person_id": tie_graph.person_ids,
                "betweenness": values,
                "constraint": constraints,
            },
            schema={"person_id": pl.Int64, "betweenness": pl.Float64, "constraint": pl.Float64},
        ).with_columns(pl.col("constraint").fill_nan(None))
        if estimate is None:
            return Brokerage(members=members, method="exact", weighted=weighted)
        largest_error = float(np.max(estimate.standard_error, initial=0.0))
        n = tie_graph.vertex_count
        return Brokerage(
            members=members,
            method="sampled",
            weighted=weighted,
            samples=settings.betweenness_samples,
            error_bound=sampling_error_bound(
                n, settings.betweenness_samples, settings.betweenness_confidence
            ),
            confidence=settings.betweenness_confidence,
            standard_error=None if math.isnan(largest_error) else largest_error,
        )
