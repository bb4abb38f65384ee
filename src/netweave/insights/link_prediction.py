r"""The classic neighbourhood indices of link prediction, as references for suggestions.

On the unweighted graph of who interacted before ``at`` (:math:`\Gamma(u)`: the contacts of
:math:`u`, :math:`d_u = |\Gamma(u)|`):

- common neighbours :math:`CN(u, v) = |\Gamma(u) \cap \Gamma(v)|`;
- Jaccard :math:`J(u, v) = CN(u, v) / |\Gamma(u) \cup \Gamma(v)|`;
- resource allocation :math:`RA(u, v) = \sum_{z \in \Gamma(u) \cap \Gamma(v)} 1 / d_z`;
- Adamic–Adar :math:`AA(u, v) = \sum_{z \in \Gamma(u) \cap \Gamma(v)} 1 / \ln d_z`
  (a common neighbour has :math:`d_z \ge 2`, so the logarithm is positive).

:func:`suggest_by_index` ranks, for every member, the candidates that
:func:`netweave.insights.suggestions.suggest_introductions` may suggest (same exclusions) by
one index, so both can be compared on the same split (``benchmarks/introductions.py``).
The indices equal NetworkX's ``common_neighbors``, ``jaccard_coefficient``,
``resource_allocation_index`` and ``adamic_adar_index`` (checked in the tests).

References
----------
Liben-Nowell, D., Kleinberg, J. (2007). The link-prediction problem for social networks.
*JASIST* 58, 1019–1031.
Zhou, T., Lü, L., Zhang, Y.-C. (2009). Predicting missing links via local information.
*Eur. Phys. J. B* 71, 623–630.
"""

from __future__ import annotations

import enum
from datetime import date

import numpy as np
import polars as pl
import scipy.sparse as sp

from netweave.insights.suggestions import History, history_before, top_k
from netweave.insights.tables import NetworkTables

__all__ = ["LinkIndex", "index_scores", "suggest_by_index"]


class LinkIndex(enum.StrEnum):
    COMMON_NEIGHBOURS = "common_neighbours"
    JACCARD = "jaccard"
    RESOURCE_ALLOCATION = "resource_allocation"
    ADAMIC_ADAR = "adamic_adar"


RANKED_SCHEMA = pl.Schema(
    {"person_id": pl.Int64(), "other_id": pl.Int64(), "rank": pl.UInt32(), "score": pl.Float64()}
)


def index_scores(adjacency: sp.csr_matrix, rows: np.ndarray, index: LinkIndex) -> np.ndarray:
    """Dense ``len(rows)`` × n scores of ``index`` on the 0/1 symmetric ``adjacency``."""
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    if index is LinkIndex.RESOURCE_ALLOCATION:
        weights = np.divide(1.0, degree, where=degree > 0, out=np.zeros(len(degree)))
    elif index is LinkIndex.ADAMIC_ADAR:
        logs = np.log(np.maximum(degree, 1.0))
        weights = np.divide(1.0, logs, where=logs > 0, out=np.zeros(len(degree)))
    else:
        weights = np.ones(len(degree))
    common = sp.csr_matrix(adjacency[rows] @ sp.diags(weights) @ adjacency).toarray()
    if index is not LinkIndex.JACCARD:
        return common
    union = degree[rows][:, None] + degree[None, :] - common
    return np.divide(common, union, where=union > 0, out=np.zeros_like(common))


def suggest_by_index(
    tables: NetworkTables, *, at: date, k: int = 10, index: LinkIndex
) -> pl.DataFrame:
    """Per member, the ``k`` candidates with the highest ``index`` (positive scores only).

    Returns DataFrame[person_id, other_id, rank, score], like the suggestions without reasons.
    """
    history = history_before(tables, at)
    adjacency = _unweighted(history)
    parts = []
    for rows in history.blocks():
        score = index_scores(adjacency, rows, index)
        score *= history.allowed(rows)
        person, other, rank = top_k(score, k)
        parts.append(
            pl.DataFrame(
                {
                    "person_id": history.ids[rows[person]],
                    "other_id": history.ids[other],
                    "rank": rank,
                    "score": score[person, other],
                }
            )
        )
    if not parts:
        return pl.DataFrame(schema=RANKED_SCHEMA)
    return pl.concat(parts).cast(RANKED_SCHEMA)


def _unweighted(history: History) -> sp.csr_matrix:
    adjacency = history.warmth.copy()
    adjacency.data = np.ones_like(adjacency.data)
    return adjacency
