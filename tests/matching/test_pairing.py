"""Properties of random-coffee pairing, and its weight against NetworkX's exact matching."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netweave.matching import Pairing, PairingWeights, round_problem, seat_stranded
from netweave.matching.pairing import EXACT_UP_TO, pair_round

PAIRS = pl.Schema({"a": pl.Int64(), "b": pl.Int64()})
HISTORY = pl.Schema({"rounds_ago": pl.Int64(), "a": pl.Int64(), "b": pl.Int64()})


@st.composite
def rounds(draw: st.DrawFn, *, dirac: bool = False) -> dict[str, object]:
    """A round: 2–14 people with sparse ids, organisations, sectors, ties, history, do-not-pair.

    With ``dirac``, everybody may meet at least ⌈n/2⌉ + 1 others (the documented guarantee).
    """
    n = draw(st.integers(4 if dirac else 2, 14))
    ids = sorted(draw(st.sets(st.integers(1, 10_000), min_size=n, max_size=n)))
    all_pairs = list(itertools.combinations(ids, 2))
    pair = st.sampled_from(all_pairs)
    known = draw(st.lists(pair, max_size=20))
    history = draw(st.lists(st.tuples(st.integers(1, 6), pair), max_size=20))
    do_not_pair = draw(st.lists(pair, max_size=6))
    window = draw(st.integers(0, 6))
    if dirac:
        budget = n - 1 - (-(-n // 2) + 1)  # forbidden partners one person may have
        count: dict[int, int] = dict.fromkeys(ids, 0)
        counted: set[frozenset[int]] = set()  # forbidden pairs already charged to both
        kept = []
        for rounds_ago, (a, b) in history:
            pair = frozenset((a, b))
            free = rounds_ago > window or pair in counted
            if free or (count[a] < budget and count[b] < budget):
                if not free:
                    count[a] += 1
                    count[b] += 1
                    counted.add(pair)
                kept.append((rounds_ago, (a, b)))
        history, do_not_pair = kept, []
    return {
        "people": pl.DataFrame(
            {
                "person_id": ids,
                "organisation_id": draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)),
                "sector": draw(st.lists(st.sampled_from("kbg"), min_size=n, max_size=n)),
            }
        ),
        "known": pl.DataFrame(known, schema=PAIRS, orient="row"),
        "history": pl.DataFrame([(r, a, b) for r, (a, b) in history], schema=HISTORY, orient="row"),
        "window": window,
        "do_not_pair": pl.DataFrame(do_not_pair, schema=PAIRS, orient="row"),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }


def forbidden(case: dict[str, object]) -> set[frozenset[int]]:
    history = case["history"]
    assert isinstance(history, pl.DataFrame)
    recent = history.filter(pl.col("rounds_ago") <= case["window"]).select("a", "b")
    dnp = case["do_not_pair"]
    assert isinstance(dnp, pl.DataFrame)
    return {frozenset(p) for p in pl.concat([recent, dnp]).iter_rows()}


def solve(case: dict[str, object], exact_up_to: int = EXACT_UP_TO) -> Pairing:
    return pair_round(round_problem(**case), exact_up_to=exact_up_to)  # type: ignore[arg-type]


# Both methods: exact matching (small rounds) and assignment on seeded splits (large ones).
METHODS = pytest.mark.parametrize("exact_up_to", [EXACT_UP_TO, 0], ids=["exact", "splits"])


@METHODS
@given(rounds())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_everyone_once_at_most_one_trio_and_no_forbidden_pair(
    exact_up_to: int, case: dict[str, object]
) -> None:
    result = solve(case, exact_up_to)
    people = case["people"]
    assert isinstance(people, pl.DataFrame)
    placed = [p for g in result.groups for p in g] + list(result.unpaired)
    assert sorted(placed) == sorted(people["person_id"].to_list())
    sizes = sorted(len(g) for g in result.groups)
    assert all(s == 2 for s in sizes[:-1]) and (not sizes or sizes[-1] in (2, 3))
    grouped = sum(sizes)
    assert (3 in sizes) == (grouped % 2 == 1)
    bad = forbidden(case)
    for group in result.groups:
        for a, b in itertools.combinations(group, 2):
            assert frozenset((a, b)) not in bad


@METHODS
@given(rounds(dirac=True))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_nobody_is_left_out_when_everyone_may_meet_half_the_others(
    exact_up_to: int, case: dict[str, object]
) -> None:
    result = solve(case, exact_up_to)
    assert result.unpaired == ()
    people = case["people"]
    assert isinstance(people, pl.DataFrame)
    assert sum(len(g) == 3 for g in result.groups) == people.height % 2


@METHODS
@given(rounds(), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_same_seed_same_round_whatever_the_row_order(
    exact_up_to: int, case: dict[str, object], random
) -> None:
    first = solve(case, exact_up_to)
    people = case["people"]
    assert isinstance(people, pl.DataFrame)
    order = list(range(people.height))
    random.shuffle(order)
    shuffled = {**case, "people": people[order]}
    assert solve(shuffled, exact_up_to) == first


@METHODS
def test_another_seed_gives_another_round(exact_up_to: int) -> None:
    people = pl.DataFrame(
        {"person_id": range(1, 41), "organisation_id": [1] * 40, "sector": ["k"] * 40}
    )
    empty = pl.DataFrame(schema=PAIRS)
    case = {
        "people": people,
        "known": empty,
        "history": pl.DataFrame(schema=HISTORY),
        "window": 0,
        "do_not_pair": empty,
    }
    groups = {solve({**case, "seed": seed}, exact_up_to).groups for seed in range(5)}
    assert len(groups) == 5


def exact_weight(case: dict[str, object], weights: PairingWeights) -> float:
    """NetworkX's exact maximum-weight matching (Edmonds) on the allowed pairs."""
    people = case["people"]
    known = case["known"]
    assert isinstance(people, pl.DataFrame) and isinstance(known, pl.DataFrame)
    org = dict(zip(people["person_id"], people["organisation_id"], strict=True))
    sector = dict(zip(people["person_id"], people["sector"], strict=True))
    ties = {frozenset(p) for p in known.iter_rows()}
    bad = forbidden(case)
    graph = nx.Graph()
    for a, b in itertools.combinations(people["person_id"], 2):
        if frozenset((a, b)) not in bad:
            w = 1.0 + weights.stranger * (frozenset((a, b)) not in ties)
            w += weights.other_organisation * (org[a] != org[b])
            w += weights.other_sector * (sector[a] != sector[b])
            graph.add_edge(a, b, weight=w)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return sum(graph[a][b]["weight"] for a, b in matching)


def seeded_round(seed: int) -> dict[str, object]:
    """A typical round: 20–60 people, five organisations, one dominant sector, ties, history."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 31)) * 2
    ids = np.sort(rng.choice(10_000, n, replace=False)) + 1

    def pairs(k: int) -> pl.DataFrame:
        frame = pl.DataFrame({"a": rng.choice(ids, k), "b": rng.choice(ids, k)})
        return frame.filter(pl.col("a") != pl.col("b"))

    return {
        "people": pl.DataFrame(
            {
                "person_id": ids,
                "organisation_id": rng.integers(1, 6, n),
                "sector": rng.choice(list("kbbbbg"), n),
            }
        ),
        "known": pairs(3 * n),
        "history": pairs(2 * n)
        .with_columns(rounds_ago=pl.lit(1, dtype=pl.Int64))
        .select("rounds_ago", "a", "b"),
        "window": 3,
        "do_not_pair": pairs(3),
        "seed": seed,
    }


def test_splits_weigh_nearly_the_exact_maximum_on_typical_rounds() -> None:
    """Against NetworkX's exact maximum-weight matching on 40 seeded rounds (even sizes, so a
    trio does not enter): never more than 3 % below it, on average within 1 %."""
    ratios = []
    for seed in range(40):
        case = seeded_round(seed)
        ratios.append(solve(case, exact_up_to=0).weight / exact_weight(case, PairingWeights()))
    assert min(ratios) >= 0.97
    assert sum(ratios) / len(ratios) >= 0.99


def test_small_rounds_weigh_the_exact_maximum() -> None:
    """Up to :data:`EXACT_UP_TO` people the round is the exact maximum (the seeded jitter that
    breaks ties may cost at most 10⁻³ per pair)."""
    for seed in range(20):
        case = seeded_round(seed)
        exact = exact_weight(case, PairingWeights())
        assert solve(case).weight == pytest.approx(exact, abs=1e-3 * 30)


def has_full_grouping(people: list[int], bad: set[frozenset[int]]) -> bool:
    """Brute force: can everyone sit in an allowed pair, with one allowed trio if odd?"""
    if not people:
        return True
    first, rest = people[0], people[1:]
    for other in rest:
        left = [p for p in rest if p != other]
        if frozenset((first, other)) not in bad and has_full_grouping(left, bad):
            return True
    if len(people) % 2:
        for b, c in itertools.combinations(rest, 2):
            trio = {frozenset((first, b)), frozenset((first, c)), frozenset((b, c))}
            left = [p for p in rest if p not in (b, c)]
            if not trio & bad and has_full_grouping(left, bad):
                return True
    return False


@given(rounds())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_small_round_leaves_nobody_out_when_everyone_could_be_seated(
    case: dict[str, object],
) -> None:
    """However tight the window and the do-not-pair lists: if a full round exists, it is found
    (why exact matching for small rounds: a seven-person circle with a long window otherwise
    sat somebody out in a quarter of its rounds although everyone could be seated)."""
    people = case["people"]
    assert isinstance(people, pl.DataFrame)
    if has_full_grouping(people["person_id"].to_list(), forbidden(case)):
        assert solve(case).unpaired == ()


def mended(do_not_pair: list[tuple[int, int]]) -> Pairing:
    """Pairs 1–2 and 3–4 stay; 5, 6 and 7 lost their partners after the round was paired."""
    people = pl.DataFrame(
        {"person_id": range(1, 8), "organisation_id": [1] * 7, "sector": ["k"] * 7}
    )
    problem = round_problem(
        people,
        known=pl.DataFrame(schema=PAIRS),
        history=pl.DataFrame(schema=HISTORY),
        window=0,
        do_not_pair=pl.DataFrame(do_not_pair, schema=PAIRS, orient="row"),
        seed=1,
    )
    return seat_stranded(problem, [(1, 2), (3, 4)], [5, 6, 7])


def test_the_stranded_pair_up_and_the_one_left_joins_a_pair_nobody_else_moves() -> None:
    # 6 may meet neither 5 nor 7, so 5 and 7 pair; 6 may not meet 3 either, so joins 1 and 2
    result = mended([(5, 6), (6, 7), (6, 3)])
    assert result.groups == ((1, 2, 6), (3, 4), (5, 7)) and result.unpaired == ()


def test_someone_no_pair_may_take_stays_unpaired() -> None:
    result = mended([(5, 6), (6, 7), (6, 3), (6, 1)])
    assert result.groups == ((1, 2), (3, 4), (5, 7)) and result.unpaired == (6,)
