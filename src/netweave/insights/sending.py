"""Fairness when suggestions are sent: nobody is asked too often, and everyone gets a turn.

From the ranked suggestions of every member (:func:`suggest_introductions`), a week's
introductions are chosen in rounds: in round *r* each member's suggestion of rank *r* is taken,
best score first, unless the pair is already chosen or either person has reached ``per_week``
introductions this week (counting those ``already`` sent). So each member's best suggestion is
considered before anybody's second, and a popular person is not introduced to everybody at
once: the cap holds on both sides of an introduction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import polars as pl

__all__ = ["choose_to_send"]


def choose_to_send(
    suggestions: pl.DataFrame, *, per_week: int, already: Mapping[int, int] | None = None
) -> pl.DataFrame:
    """The suggestions to send this week: a subset of ``suggestions`` rows, one per pair.

    Parameters
    ----------
    suggestions : DataFrame[person_id, other_id, rank, score, ...]
    per_week : most introductions one person is part of in a week.
    already : person id → introductions already sent to them this week.

    Returns
    -------
    The chosen rows (all columns kept), in the order chosen.
    """
    load: Counter[int] = Counter(already or {})
    chosen: list[int] = []
    pairs: set[tuple[int, int]] = set()
    ordered = suggestions.with_row_index("_row").sort(
        ["rank", "score", "person_id", "other_id"], descending=[False, True, False, False]
    )
    for row, person, other in ordered.select("_row", "person_id", "other_id").iter_rows():
        pair = (min(person, other), max(person, other))
        if pair in pairs or load[person] >= per_week or load[other] >= per_week:
            continue
        pairs.add(pair)
        load[person] += 1
        load[other] += 1
        chosen.append(row)
    return (
        suggestions.with_row_index("_row")
        .join(
            pl.DataFrame(
                {"_row": chosen, "_order": range(len(chosen))},
                schema={"_row": pl.UInt32, "_order": pl.Int64},
            ),
            on="_row",
        )
        .sort("_order")
        .drop("_row", "_order")
    )
