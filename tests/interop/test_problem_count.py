"""The refusal names its number of problems in words that agree with it."""

from netweave.interop.importing.problems import ImportRefused, Problem


def _problems(count: int) -> list[Problem]:
    return [
        Problem("people.csv", row, "e-mail", "not an e-mail address") for row in range(2, 2 + count)
    ]


def test_one_problem_is_one_problem_and_more_are_problems():
    assert str(ImportRefused(_problems(1))) == "1 problem; nothing was imported"
    assert str(ImportRefused(_problems(3))) == "3 problems; nothing was imported"
