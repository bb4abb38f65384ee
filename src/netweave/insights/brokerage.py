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

:math:`\hat b(v)` is unbiased and :math:`0 \le Y_s(v) \le n/(n-1)` since
:math:`\delta_s(v) \le n-2`, so Hoeffding's inequality (which holds for sampling without
replacement, Hoeffding 1963 §6) with a union bound over all :math:`n` vertices gives: with
probability at least :math:`1-\delta` (``betweenness_confidence`` = :math:`1-\delta`), for
every vertex at once,

.. math:: |\hat b(v) - b(v)| \le \varepsilon = \frac{n}{n-1}\sqrt{\frac{\ln(2n/\delta)}{2k}}.

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
Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights.graph import TieGraph
from netweave.insights.settings import MetricSettings

__all__ = ["Brokerage", "betweenness", "brokerage", "constraint", "sampling_error_bound"]


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
        ± ``error_bound`` of the exact one.
    """

    members: pl.DataFrame
    method: str
    weighted: bool
    samples: int | None = None
    error_bound: float | None = None
    confidence: float | None = None


def sampling_error_bound(n: int, samples: int, confidence: float) -> float:
    """ε = n/(n−1) · sqrt(ln(2n/δ) / (2k)) with δ = 1 − confidence (see module docstring)."""
    if n <= 2:
        return 0.0
    delta = 1.0 - confidence
    return n / (n - 1) * math.sqrt(math.log(2 * n / delta) / (2 * samples))


def betweenness(
    tie_graph: TieGraph,
    *,
    weighted: bool = False,
    sources: np.ndarray | None = None,
) -> np.ndarray:
    """Normalised betweenness of each vertex, exact or from the given ``sources``.

    With ``sources`` (k distinct vertex indices) the Brandes–Pich estimate
    (n/k)·Σ_{s∈S} δ_s(v) is returned, normalised like the exact value.
    """
    graph = tie_graph.graph
    n = graph.vcount()
    if n <= 2 or graph.ecount() == 0:
        return np.zeros(n)
    weights = None
    if weighted:
        weights = list(1.0 / tie_graph.weights())
    if sources is None:
        raw = np.asarray(graph.betweenness(directed=False, weights=weights), dtype=float)
    else:
        # igraph counts each (s, t) once per source in S, i.e. ½ Σ_{s∈S} δ_s(v).
        subset = np.asarray(
            graph.betweenness(directed=False, weights=weights, sources=sources.tolist()),
            dtype=float,
        )
        raw = subset * n / len(sources)
    return raw * 2.0 / ((n - 1) * (n - 2))


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
    n = tie_graph.vertex_count
    sampled = n > settings.betweenness_exact_max_nodes and settings.betweenness_samples < n
    if sampled:
        rng = np.random.default_rng(settings.seed)
        sources = np.sort(rng.choice(n, size=settings.betweenness_samples, replace=False))
        values = betweenness(tie_graph, weighted=weighted, sources=sources)
    else:
        values = betweenness(tie_graph, weighted=weighted)
    constraints = constraint(tie_graph)
    members = pl.DataFrame(
        {
            "person_id": tie_graph.person_ids,
            "betweenness": values,
            "constraint": constraints,
        },
        schema={"person_id": pl.Int64, "betweenness": pl.Float64, "constraint": pl.Float64},
    ).with_columns(pl.col("constraint").fill_nan(None))
    if not sampled:
        return Brokerage(members=members, method="exact", weighted=weighted)
    return Brokerage(
        members=members,
        method="sampled",
        weighted=weighted,
        samples=settings.betweenness_samples,
        error_bound=sampling_error_bound(
            n, settings.betweenness_samples, settings.betweenness_confidence
        ),
        confidence=settings.betweenness_confidence,
    )
