r"""Suggested introductions: who could mean something for whom, and why.

For a person :math:`u` and a candidate :math:`v` — both members at moment :math:`t` (``at``),
:math:`u \ne v`, the two never interacted before :math:`t`, were never introduced to each
other before :math:`t`, and neither opted out — the score is one formula:

.. math::

    s(u, v) = L_{c(u,v)}^{\lambda}\,
              \bigl(\hat P(u, v) + w_T\,T(u, v) + w_J\,J(u, v)\bigr)\,\bigl(1 + \beta\,B(u, v)\bigr)

**Formation lift** :math:`L_c` of the pair's kind :math:`c` — colleagues, sector peers or
others (:mod:`netweave.insights.affinity`): how much more often pairs of that kind who shared a
contact got to know each other in the last ``half_life_days`` than such pairs at random. It is
learnt from the network's own recent past, so it needs no tuning per network: in a workplace
where new contacts form within departments it favours colleagues one has not met yet; in a
network whose new ties cross organisations it favours those.

**Proximity** :math:`\hat P` (friends of friends). Every pair that interacted before :math:`t`
is a tie of strength

.. math:: w_{uv} = \bigl(1 + \ln(1 + W_{uv}(t))\bigr)^{\alpha},

where :math:`W_{uv}(t)` is its warmth at :math:`t` (:func:`netweave.insights.warmth.tie_warmth`).
With the default :math:`\alpha = 0` every tie counts the same: on held-out new ties, weighting
by warmth did not help (workplace 2013) or hurt (generated networks) — the "weak ties paradox"
of link prediction (Lü, Zhou 2010): a weak tie says as much about whom one meets next as a
strong one. :math:`R = D^{-1} w` is the random walk that leaves :math:`u` along its ties in
proportion to their strength (:math:`D` = diagonal of row sums). Then

.. math::

    P(u, v) = R^2_{uv} + R^2_{vu} + \gamma\,\bigl(R^3_{uv} + R^3_{vu}\bigr), \qquad
    \hat P(u, v) = P(u, v) / \max_x P(u, x) \text{ over } u\text{'s candidates } x,

the chance that a short walk from either one reaches the other, scaled per person to
:math:`[0, 1]` so that it adds up with the other signals. With all strengths equal and
:math:`\gamma = 0`, :math:`P(u, v) = RA(u, v)\,(1/d_u + 1/d_v)` where :math:`RA` is the
resource-allocation index (Zhou, Lü, Zhang 2009); the walk of three steps
(γ = ``introduction_three_step_weight``) reaches people two handshakes away, whom common
neighbours never see (the local-path idea, Lü, Jin, Zhou 2009).

**Ask ↔ offer match** :math:`T(u, v) = \max(a_u \cdot o_v,\; a_v \cdot o_u)` where :math:`a_u`
(:math:`o_u`) is the L2-normalised sum of the lemma TF-IDF vectors
(:mod:`netweave.insights.matching`) of the asks (offers) :math:`u` has open at :math:`t`.

**Shared themes** :math:`J(u, v) = |\Theta_u \cap \Theta_v| / |\Theta_u \cup \Theta_v|`.

**Bridging** :math:`B(u, v) = \tfrac13\bigl(1[o_u \ne o_v] + 1[s_u \ne s_v] + 1[c_u \ne c_v]\bigr)`
over organisation, sector and Leiden community of the warmth graph (an unknown organisation or
sector never counts as different): a bonus for introductions that cross boundaries, where the
seeds locate a network's value (the golden triangle). It works against the lift where new
ties form inside organisations: it is the product's choice, not a prediction, and costs about
1 % of precision on workplace 2013 (``docs/introductions.md``).

Weights (settings): :math:`\alpha` = ``introduction_warmth_exponent`` (0), :math:`\lambda` =
``introduction_affinity_weight`` (1), :math:`w_T` = ``introduction_text_weight`` (0.5),
:math:`w_J` = ``introduction_theme_weight`` (0.1), :math:`\beta` =
``introduction_bridging_bonus`` (0.2), :math:`\gamma` = ``introduction_three_step_weight``
(0.5). They were chosen by principle, not fitted to any real data set: an ask ↔ offer match
(specific) counts up to half as much as the closest candidate; a shared theme (broad: with a
dozen themes, one person in six shares one) only breaks ties; bridging is a bonus, never a
reason on its own; the lift is taken as measured (λ = 1).
``benchmarks/introductions.py`` reports how they do on real and generated networks.

Only pairs with :math:`s > 0` are suggested; per person the ``k`` best, ties broken by the
lower id. With contact history alone (no asks, offers or themes) the ranking is the proximity
ranking times the lift and the bridging bonus. In the reasons, what a lift above 1 of
colleagues or sector peers added, :math:`(L^{\lambda} - 1)` times the rest of the score, is the
reason *same organisation* or *same sector*; any other lift scales every reason, so the
contributions always add up to the score.

References
----------
Zhou, T., Lü, L., Zhang, Y.-C. (2009). Predicting missing links via local information.
*Eur. Phys. J. B* 71, 623–630.
Lü, L., Jin, C.-H., Zhou, T. (2009). Similarity index based on local paths for link prediction
of complex networks. *Phys. Rev. E* 80, 046122.
Lü, L., Zhou, T. (2010). Link prediction in weighted networks: the role of weak ties.
*EPL* 89, 18001.
Liben-Nowell, D., Kleinberg, J. (2007). The link-prediction problem for social networks.
*JASIST* 58, 1019–1031.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
import scipy.sparse as sp

from netweave.insights._frames import canonical, weighted_interactions
from netweave.insights.affinity import PairKind, formation_lift, kind_codes
from netweave.insights.cohesion import leiden_communities
from netweave.insights.graph import build_tie_graph
from netweave.insights.matching import vectorise
from netweave.insights.settings import MetricSettings
from netweave.insights.tables import NetworkTables
from netweave.insights.warmth import tie_warmth

__all__ = [
    "REASONS_DTYPE",
    "SUGGESTION_SCHEMA",
    "History",
    "Reason",
    "dense",
    "history_before",
    "suggest_introductions",
    "top_k",
]

BLOCK_BYTES = 4 * 2**20
"""The size of one dense float32 array of a block (its rows × every member). Scoring a block
makes about a dozen such arrays and passes over each several times, so the block's size decides
how much of that traffic the processor's caches keep. At 10,000 members on one thread (as the
worker runs it), 4 MiB blocks (104 rows) took 4.8 s of CPU where the 20 MiB ones of 512 rows
used before took 5.4 s (benchmarks/worker_scoring.py). With a thread per core for OpenBLAS, the
smaller blocks cost more: its threads spin between the more numerous products."""
MAX_BLOCK_ROWS = 512
"""A small network's block stays within this many rows: more rows only save calls."""

MUTUAL_CONTACTS_SHOWN = 3


class Reason(enum.StrEnum):
    """Why a pair is suggested (machine-readable; sentences are made from these)."""

    MUTUAL_CONTACTS = "mutual_contacts"
    """Both know ``people`` (warmest shared ties first)."""
    WIDER_CIRCLE = "wider_circle"
    """No shared contact, but their contacts know each other."""
    ASK_MATCHES_OFFER = "ask_matches_offer"
    """The person's ask ``ask_id`` matches the other's offer ``offer_id``."""
    OFFER_MATCHES_ASK = "offer_matches_ask"
    """The person's offer ``offer_id`` answers the other's ask ``ask_id``."""
    SAME_ORGANISATION = "same_organisation"
    """They work at one organisation, and colleagues got to know each other more often than
    other pairs lately (:mod:`netweave.insights.affinity`: formation lift above 1)."""
    SAME_SECTOR = "same_sector"
    """They work in one sector (other organisations), and such pairs got to know each other
    more often than others lately."""
    SHARED_THEMES = "shared_themes"
    """Both work on ``themes``."""
    BRIDGES_ORGANISATIONS = "bridges_organisations"
    BRIDGES_SECTORS = "bridges_sectors"
    BRIDGES_COMMUNITIES = "bridges_communities"


REASON_DTYPE = pl.Enum([reason.value for reason in Reason])
REASONS_DTYPE = pl.List(
    pl.Struct(
        {
            "reason": REASON_DTYPE,
            "contribution": pl.Float64,
            "people": pl.List(pl.Int64),
            "themes": pl.List(pl.String),
            "ask_id": pl.Int64,
            "offer_id": pl.Int64,
        }
    )
)
SUGGESTION_SCHEMA = pl.Schema(
    {
        "person_id": pl.Int64(),
        "other_id": pl.Int64(),
        "rank": pl.UInt32(),
        "score": pl.Float64(),
        "reasons": REASONS_DTYPE,
    }
)


@dataclass(frozen=True)
class _Network:
    """Everything the score needs, indexed like ``history.ids``."""

    history: History
    walk: sp.csr_matrix  # R = D⁻¹w
    walk_t: sp.csr_matrix  # Rᵀ
    asks: sp.csr_matrix  # a_u, rows L2-normalised
    offers: sp.csr_matrix  # o_u
    themes: np.ndarray  # person × theme indicator, float32
    theme_counts: np.ndarray  # themes per person, float32
    theme_names: list[str]
    listings: tuple[pl.DataFrame, pl.DataFrame, sp.csr_matrix, sp.csr_matrix]
    organisation: np.ndarray  # int64, -1 unknown
    sector: np.ndarray  # int64, -1 unknown
    community: np.ndarray  # int64
    lift: np.ndarray  # L_c ** λ per PairKind code


def suggest_introductions(
    tables: NetworkTables,
    *,
    at: date,
    k: int = 10,
    settings: MetricSettings | None = None,
    opted_out: Collection[int] = (),
) -> pl.DataFrame:
    """The ``k`` best introductions for every member at ``at`` (see the module docstring).

    Parameters
    ----------
    tables : NetworkTables
        Only rows dated before ``at`` are used.
    at : date
    k : int
        Suggestions per person (at most).
    settings : MetricSettings, optional
    opted_out : person ids who take no part in introductions (neither side).

    Returns
    -------
    DataFrame[person_id, other_id, rank, score, reasons]
        One row per suggestion for ``person_id``, rank 1 = best. ``reasons`` is a list of
        structs (reason: :class:`Reason`, contribution to the score, people, themes, ask_id,
        offer_id), largest contribution first; the contributions add up to the score.
    """
    settings = settings or MetricSettings()
    network = _network_before(tables, at, settings, frozenset(opted_out))
    chosen = [_score_block(network, rows, k, settings) for rows in network.history.blocks()]
    if not chosen:
        return pl.DataFrame(schema=SUGGESTION_SCHEMA)
    parts = pl.concat(chosen)
    if parts.height == 0:
        return pl.DataFrame(schema=SUGGESTION_SCHEMA)
    return _with_reasons(parts, network, settings)


def block_rows(people: int) -> int:
    """Rows per block for ``people`` columns: a float32 array of that many rows fills
    :data:`BLOCK_BYTES`, between 1 and :data:`MAX_BLOCK_ROWS`."""
    return max(1, min(MAX_BLOCK_ROWS, BLOCK_BYTES // (4 * max(people, 1))))


@dataclass(frozen=True)
class History:
    """Who is who before ``at``: ids, candidates, warm ties and the pairs never to suggest.

    Attributes
    ----------
    ids : sorted person ids (members and everyone with a tie); index i is ``ids[i]``.
    candidate : bool per index: a member at ``at`` who did not opt out.
    ties : DataFrame[a, b, warmth, first], a < b: every pair that interacted before ``at``,
        its warmth at ``at`` and the day of its first interaction.
    warmth : CSR n × n, symmetric: the warmth of each tie.
    excluded : CSR n × n: 1 where the pair interacted or was introduced before ``at``.
    """

    ids: np.ndarray
    candidate: np.ndarray
    ties: pl.DataFrame
    warmth: sp.csr_matrix
    excluded: sp.csr_matrix

    def blocks(self) -> Iterator[np.ndarray]:
        """Indices of the candidates, as many at a time as :func:`block_rows` says."""
        rows = np.flatnonzero(self.candidate)
        size = block_rows(len(self.ids))
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    def allowed(self, rows: np.ndarray) -> np.ndarray:
        """1 where the pair (row, anyone) may be suggested, else 0 (float32, rows × n)."""
        allowed = np.broadcast_to(self.candidate.astype(np.float32), (len(rows), len(self.ids)))
        allowed = allowed * (dense(self.excluded[rows]) == 0)
        allowed[np.arange(len(rows)), rows] = 0.0
        return allowed


def history_before(
    tables: NetworkTables,
    at: date,
    settings: MetricSettings | None = None,
    opted_out: Collection[int] = (),
) -> History:
    """The :class:`History` of ``tables`` strictly before ``at``."""
    settings = settings or MetricSettings()
    past = weighted_interactions(tables, settings).filter(pl.col("on") < at)
    first = canonical(past.select("a", "b", "on")).group_by("a", "b").agg(first=pl.col("on").min())
    ties = (
        tie_warmth(past, at, settings)
        .select("a", "b", "warmth")
        .join(first, on=["a", "b"], how="left", maintain_order="left")
    )
    members = tables.members
    introduced = canonical(
        tables.introductions.filter(pl.col("suggested_on") < at).select("a", "b")
    ).unique()
    ids = np.unique(
        np.concatenate(
            [members["person_id"].to_numpy(), ties["a"].to_numpy(), ties["b"].to_numpy()]
        ).astype(np.int64)
    )
    current = members.filter(
        (pl.col("joined").is_null() | (pl.col("joined") < at))
        & (pl.col("left").is_null() | (pl.col("left") >= at))
        & ~pl.col("person_id").is_in(list(opted_out))
    )["person_id"].to_numpy()
    a = np.searchsorted(ids, ties["a"].to_numpy())
    b = np.searchsorted(ids, ties["b"].to_numpy())
    known = np.isin(introduced["a"].to_numpy(), ids) & np.isin(introduced["b"].to_numpy(), ids)
    ia = np.searchsorted(ids, introduced["a"].to_numpy()[known])
    ib = np.searchsorted(ids, introduced["b"].to_numpy()[known])
    return History(
        ids=ids,
        candidate=np.isin(ids, current),
        ties=ties,
        warmth=_symmetric(a, b, ties["warmth"].to_numpy(), len(ids)),
        excluded=_symmetric(np.r_[a, ia], np.r_[b, ib], np.ones(len(a) + len(ia)), len(ids)),
    )


def _symmetric(a: np.ndarray, b: np.ndarray, values: np.ndarray, n: int) -> sp.csr_matrix:
    return sp.coo_matrix((np.r_[values, values], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()


def _network_before(
    tables: NetworkTables, at: date, settings: MetricSettings, opted_out: frozenset[int]
) -> _Network:
    history = history_before(tables, at, settings, opted_out)
    ids, n = history.ids, len(history.ids)
    ties = history.warmth.copy()
    ties.data = (1.0 + np.log1p(ties.data)) ** settings.introduction_warmth_exponent
    strength = np.asarray(ties.sum(axis=1)).ravel()
    inverse = np.divide(1.0, strength, where=strength > 0, out=np.zeros(n))
    walk = sp.csr_matrix(sp.diags(inverse) @ ties)
    info = pl.DataFrame({"person_id": ids}).join(
        tables.members.select("person_id", "organisation_id", "sector").unique("person_id"),
        on="person_id",
        how="left",
        maintain_order="left",
    )
    asks, offers = _open_listings(tables, at)
    ask_rows, offer_rows = _listing_vectors(asks, offers)
    themes, theme_names = _theme_matrix(tables.member_themes, ids)
    graph = build_tie_graph(history.ties.select("a", "b", weight="warmth"), ids)
    organisation = _codes(info["organisation_id"].cast(pl.String))
    sector = _codes(info["sector"])
    ends = history.ties.select(
        pl.Series("a", np.searchsorted(ids, history.ties["a"].to_numpy())),
        pl.Series("b", np.searchsorted(ids, history.ties["b"].to_numpy())),
        "first",
    )
    lift = formation_lift(ends, organisation, sector, at, settings.half_life_days)
    return _Network(
        history=history,
        walk=walk,
        walk_t=walk.T.tocsr(),
        asks=_per_person(asks["person_id"], ask_rows, ids),
        offers=_per_person(offers["person_id"], offer_rows, ids),
        themes=themes,
        theme_counts=themes.sum(axis=1),
        theme_names=theme_names,
        listings=(asks, offers, ask_rows, offer_rows),
        organisation=organisation,
        sector=sector,
        lift=lift**settings.introduction_affinity_weight,
        community=leiden_communities(graph, seed=settings.seed, iterations=2),
    )


def _open_listings(tables: NetworkTables, at: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    def open_at(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(
            (pl.col("created_on") < at)
            & (pl.col("closed_on").is_null() | (pl.col("closed_on") >= at))
        )

    return open_at(tables.asks), open_at(tables.offers)


def _listing_vectors(
    asks: pl.DataFrame, offers: pl.DataFrame
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """TF-IDF rows of the asks and of the offers, idf fitted on both together."""
    texts = pl.concat([asks.select("text", "language"), offers.select("text", "language")])
    matrix = vectorise(texts["text"].to_list(), texts["language"].fill_null("nl").to_list())
    return matrix[: asks.height], matrix[asks.height :]


def _per_person(person_ids: pl.Series, vectors: sp.csr_matrix, ids: np.ndarray) -> sp.csr_matrix:
    """Per person, the L2-normalised sum of their listing vectors (zero rows for none)."""
    known = np.isin(person_ids.to_numpy(), ids)
    rows = np.searchsorted(ids, person_ids.to_numpy()[known])
    owner = sp.coo_matrix(
        (np.ones(len(rows)), (rows, np.flatnonzero(known))), shape=(len(ids), vectors.shape[0])
    ).tocsr()
    summed = sp.csr_matrix(owner @ vectors)
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
    return sp.csr_matrix(
        sp.diags(np.divide(1.0, norms, where=norms > 0, out=np.zeros(len(ids)))) @ summed
    )


def _theme_matrix(member_themes: pl.DataFrame, ids: np.ndarray) -> tuple[np.ndarray, list[str]]:
    rows = member_themes.filter(pl.col("person_id").is_in(ids.tolist())).unique()
    names = sorted(rows["theme"].unique().to_list())
    column = np.searchsorted(np.array(names, dtype=object), rows["theme"].to_numpy())
    matrix = sp.coo_matrix(
        (np.ones(rows.height), (np.searchsorted(ids, rows["person_id"].to_numpy()), column)),
        shape=(len(ids), len(names)),
        dtype=np.float32,
    ).toarray()
    return np.minimum(matrix, 1.0), names


def _codes(values: pl.Series) -> np.ndarray:
    """Dense integer codes of ``values``; -1 for null."""
    codes = values.cast(pl.Categorical).to_physical().cast(pl.Int64).fill_null(-1)
    return codes.to_numpy()


def dense(matrix: sp.spmatrix) -> np.ndarray:
    """A sparse matrix as a float32 array."""
    return sp.csr_matrix(matrix, dtype=np.float32).toarray()


def _score_block(
    network: _Network, rows: np.ndarray, k: int, settings: MetricSettings
) -> pl.DataFrame:
    """The ``k`` best candidates of each person in ``rows``, with each signal's value.

    Dense blocks are float32: scores only rank, and half the bytes halve the memory traffic
    that dominates the time at 10,000 members.
    """
    allowed = network.history.allowed(rows)
    two = network.walk[rows] @ network.walk
    two_back = network.walk_t[rows] @ network.walk_t
    two_step = two + two_back
    walks = two_step + settings.introduction_three_step_weight * (
        two @ network.walk + two_back @ network.walk_t
    )
    same_org, organisation = _compare(network.organisation[rows], network.organisation)
    same_sector, sector = _compare(network.sector[rows], network.sector)
    kinds = kind_codes(same_org, same_sector)
    lift = network.lift.astype(np.float32)[kinds]
    proximity = dense(walks) * allowed
    top = proximity.max(axis=1, keepdims=True)
    np.divide(proximity, top, where=top > 0, out=proximity)
    text = np.maximum(
        dense(network.asks[rows] @ network.offers.T), dense(network.offers[rows] @ network.asks.T)
    )
    shared = network.themes[rows] @ network.themes.T
    union = network.theme_counts[rows][:, None] + network.theme_counts[None, :] - shared
    themes = np.divide(shared, union, where=union > 0, out=np.zeros_like(shared))
    community = network.community[rows][:, None] != network.community[None, :]
    bridges = organisation.astype(np.float32) + sector + community
    score = proximity
    score += np.float32(settings.introduction_text_weight) * text
    score += np.float32(settings.introduction_theme_weight) * themes
    score *= allowed
    score *= lift
    score *= 1.0 + np.float32(settings.introduction_bridging_bonus / 3.0) * bridges
    person, other, rank = top_k(score, k)
    pick = (person, other)
    return pl.DataFrame(
        {
            "person": rows[person],
            "other": other,
            "rank": rank.astype(np.uint32),
            "score": score[pick].astype(np.float64),
            "proximity": _ratio(_at(walks, pick), top[person, 0]),
            "lift": lift[pick].astype(np.float64),
            "kind": kinds[pick],
            "two_step": _at(two_step, pick) > 0,
            "text": text[pick].astype(np.float64),
            "themes": themes[pick].astype(np.float64),
            "bridging": bridges[pick].astype(np.float64) / 3.0,
            "bridges_organisations": organisation[pick],
            "bridges_sectors": sector[pick],
            "bridges_communities": community[pick],
        }
    )


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.zeros(len(numerator), dtype=np.float64)
    return np.divide(numerator, denominator, where=denominator > 0, out=out)


def _at(matrix: sp.spmatrix, pick: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Entries ``matrix[pick]`` of a sparse matrix as a flat array."""
    if len(pick[0]) == 0:
        return np.zeros(0)
    return np.asarray(sp.csr_matrix(matrix)[pick[0], pick[1]]).ravel()


def _compare(block: np.ndarray, everyone: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(same, differs) of each (block, everyone) pair of codes; unknown (-1) is neither."""
    equal = block[:, None] == everyone[None, :]
    known = (block >= 0)[:, None]
    return equal & known, ~equal & known & (everyone >= 0)[None, :]


def top_k(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, rank) of the ``k`` highest positive scores per row, best first.

    Equal scores: the lower column (the lower person id) first, also at the k-th place.
    """
    k = min(k, score.shape[1])
    if k == 0 or score.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    kth = -np.partition(-score, k - 1, axis=1)[:, k - 1]
    row, column = np.nonzero((score >= kth[:, None]) & (score > 0))
    order = np.lexsort((column, -score[row, column], row))
    row, column = row[order], column[order]
    first = np.searchsorted(row, row)  # index of the row's first entry (row is sorted)
    rank = np.arange(len(row)) - first + 1
    keep = rank <= k
    return row[keep], column[keep], rank[keep]


def _with_reasons(parts: pl.DataFrame, network: _Network, settings: MetricSettings) -> pl.DataFrame:
    """The suggestions with their reasons; each reason's contribution to the score."""
    ids = network.history.ids
    pairs = parts.with_row_index("pair").with_columns(
        person_id=pl.Series(ids[parts["person"].to_numpy()]),
        other_id=pl.Series(ids[parts["other"].to_numpy()]),
    )
    base = (
        pl.col("proximity")
        + settings.introduction_text_weight * pl.col("text")
        + settings.introduction_theme_weight * pl.col("themes")
    )
    # A lift above 1 of colleagues or sector peers is a reason of its own: what it added,
    # (L − 1) times the rest. Any other lift scales every reason.
    affinity_reason = {
        PairKind.COLLEAGUES: Reason.SAME_ORGANISATION.value,
        PairKind.SECTOR_PEERS: Reason.SAME_SECTOR.value,
    }
    own = pl.col("kind").is_in(list(affinity_reason)) & (pl.col("lift") > 1)
    scale = pl.when(own).then(1.0).otherwise(pl.col("lift"))
    pairs = pairs.with_columns(scale=scale)
    bonus = 1 + settings.introduction_bridging_bonus * pl.col("bridging")
    per_bridge = base * pl.col("scale") * settings.introduction_bridging_bonus / 3.0
    proximity = pairs.select(
        "pair",
        reason=pl.when(pl.col("two_step"))
        .then(pl.lit(Reason.MUTUAL_CONTACTS.value))
        .otherwise(pl.lit(Reason.WIDER_CIRCLE.value)),
        contribution=pl.col("proximity") * pl.col("scale"),
    ).join(_mutual_contacts(pairs, network), on="pair", how="left")
    affinity = pairs.filter(own).select(
        "pair",
        reason=pl.col("kind").replace_strict(affinity_reason, return_dtype=pl.String),
        contribution=(pl.col("lift") - 1) * base * bonus,
    )
    themes = pairs.select(
        "pair",
        reason=pl.lit(Reason.SHARED_THEMES.value),
        contribution=settings.introduction_theme_weight * pl.col("themes") * pl.col("scale"),
    ).join(_shared_themes(pairs, network), on="pair", how="left")
    text = _best_listing_pair(pairs, network).join(pairs.select("pair", "text", "scale"), on="pair")
    text = text.select(
        "pair",
        "reason",
        contribution=settings.introduction_text_weight * pl.col("text") * pl.col("scale"),
        ask_id="ask_id",
        offer_id="offer_id",
    )
    bridges = [
        pairs.filter(pl.col(reason.value)).select(
            "pair", reason=pl.lit(reason.value), contribution=per_bridge
        )
        for reason in (
            Reason.BRIDGES_ORGANISATIONS,
            Reason.BRIDGES_SECTORS,
            Reason.BRIDGES_COMMUNITIES,
        )
    ]
    reasons = (
        pl.concat([proximity, affinity, themes, text, *bridges], how="diagonal_relaxed")
        .filter(pl.col("contribution") > 0)
        .with_columns(
            pl.col("reason").cast(REASON_DTYPE),
            pl.col("people").fill_null(pl.lit([], dtype=pl.List(pl.Int64))),
            pl.col("themes").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
        .sort(["pair", "contribution"], descending=[False, True])
        .group_by("pair", maintain_order=True)
        .agg(
            pl.struct("reason", "contribution", "people", "themes", "ask_id", "offer_id").alias(
                "reasons"
            )
        )
    )
    return (
        pairs.join(reasons, on="pair", how="left")
        .sort("person_id", "rank")
        .select(list(SUGGESTION_SCHEMA))
        .cast(SUGGESTION_SCHEMA)
    )


def _both_directions(ties: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(
        [
            ties.select(pl.col("a").alias("x"), pl.col("b").alias("z"), "warmth"),
            ties.select(pl.col("b").alias("x"), pl.col("a").alias("z"), "warmth"),
        ]
    )


def _mutual_contacts(pairs: pl.DataFrame, network: _Network) -> pl.DataFrame:
    """pair → people: shared contacts, warmest (by the weaker of the two ties) first."""
    edges = _both_directions(network.history.ties)
    shared = (
        pairs.filter(pl.col("two_step"))
        .select("pair", "person_id", "other_id")
        .join(edges, left_on="person_id", right_on="x")
        .join(edges, left_on=["other_id", "z"], right_on=["x", "z"], suffix="_other")
        .with_columns(strength=pl.min_horizontal("warmth", "warmth_other"))
        .sort(["pair", "strength", "z"], descending=[False, True, False])
        .group_by("pair", maintain_order=True)
        .agg(pl.col("z").head(MUTUAL_CONTACTS_SHOWN).alias("people"))
    )
    return shared


def _shared_themes(pairs: pl.DataFrame, network: _Network) -> pl.DataFrame:
    rows, columns = np.nonzero(network.themes)
    member_themes = pl.DataFrame(
        {
            "person_id": network.history.ids[rows],
            "theme": [network.theme_names[c] for c in columns],
        },
        schema={"person_id": pl.Int64, "theme": pl.String},
    )
    return (
        pairs.filter(pl.col("themes") > 0)
        .select("pair", "person_id", "other_id")
        .join(member_themes, on="person_id")
        .join(member_themes, left_on=["other_id", "theme"], right_on=["person_id", "theme"])
        .sort("pair", "theme")
        .group_by("pair", maintain_order=True)
        .agg(pl.col("theme").alias("themes"))
    )


def _best_listing_pair(pairs: pl.DataFrame, network: _Network) -> pl.DataFrame:
    """pair → reason, ask_id, offer_id: the best-matching open ask and offer of the two."""
    asks, offers, ask_rows, offer_rows = network.listings
    asks = asks.select("ask_id", "person_id").with_row_index("ask_row")
    offers = offers.select("offer_id", "person_id").with_row_index("offer_row")
    matching = pairs.filter(pl.col("text") > 0).select("pair", "person_id", "other_id")
    directions = []
    for reason, asker, offerer in (
        (Reason.ASK_MATCHES_OFFER, "person_id", "other_id"),
        (Reason.OFFER_MATCHES_ASK, "other_id", "person_id"),
    ):
        directions.append(
            matching.join(asks, left_on=asker, right_on="person_id")
            .join(offers, left_on=offerer, right_on="person_id")
            .select(
                "pair", "ask_id", "offer_id", "ask_row", "offer_row", reason=pl.lit(reason.value)
            )
        )
    candidates = pl.concat(directions)
    similarity = np.asarray(
        ask_rows[candidates["ask_row"].to_numpy()]
        .multiply(offer_rows[candidates["offer_row"].to_numpy()])
        .sum(axis=1)
    ).ravel()
    return (
        candidates.with_columns(similarity=pl.Series(similarity, dtype=pl.Float64))
        .sort(["pair", "similarity", "ask_id", "offer_id"], descending=[False, True, False, False])
        .group_by("pair", maintain_order=True)
        .first()
        .select("pair", "reason", "ask_id", "offer_id")
    )
