"""When a figure is called better, worse or the same: one rule, checked by hand-worked moves."""

from __future__ import annotations

import pytest

from netweave.insights import Direction, change_direction


@pytest.mark.parametrize(
    ("current", "previous", "higher_is_better", "expected"),
    [
        (0.050, 0.051, True, Direction.SAME),  # −0.001 of a density is noise (2 % of 0.051)
        (0.040, 0.051, True, Direction.WORSE),  # −22 %
        (146, 140, True, Direction.SAME),  # +6 is 4.1 % of 146
        (148, 140, True, Direction.BETTER),  # +8 is 5.4 % of 148
        (1, 0, True, Direction.BETTER),  # from nothing: a change of 100 %
        (1, 0, False, Direction.WORSE),  # 0 → 1 lapsed ties is worse
        (0, 0, True, Direction.SAME),
        (95, 100, True, Direction.SAME),  # exactly 5 % is not more than 5 %
        (94, 100, True, Direction.WORSE),
        (10, 20, False, Direction.BETTER),  # fewer key players
        (3, 2, None, Direction.NEUTRAL),  # no better direction
        (None, 2, True, Direction.NEUTRAL),
        (2, None, True, Direction.NEUTRAL),
    ],
)
def test_direction_by_hand(current, previous, higher_is_better, expected):
    assert change_direction(current, previous, higher_is_better=higher_is_better) is expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (0.45, 0.30, Direction.BETTER),  # 0.20 from the 50/50 target → 0.05
        (0.55, 0.45, Direction.SAME),  # 0.05 on either side of it
        (0.20, 0.40, Direction.WORSE),  # 0.10 → 0.30
    ],
)
def test_a_figure_with_a_target_is_judged_by_its_distance(current, previous, expected):
    assert change_direction(current, previous, higher_is_better=None, target=0.5) is expected
