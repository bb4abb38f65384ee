"""What is wrong with an imported file: every problem at once, each with file, row and column.

An import first collects every problem of the whole file and writes nothing if there is one, so
a steward fixes the spreadsheet once instead of once per error. Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2 (in a CSV with line
breaks inside quoted cells the row is the record, not the text line).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong; ``row`` 0 and ``column`` "" when it concerns the whole file."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


class ImportRefused(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{counted_problems(len(self.problems))}; nothing was imported")


def counted_problems(count: int) -> str:
    """ "1 problem", "3 problems": the count the command line and the API answer with."""
    return f"{count} problem" if count == 1 else f"{count} problems"


class Problems:
    """Collects problems of one file while it is read and checked."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, row: int, column: str, reason: str) -> None:
        self.found.append(Problem(self.file, row, column, reason))

    def raise_if_any(self) -> None:
        if self.found:
            raise ImportRefused(self.found)
