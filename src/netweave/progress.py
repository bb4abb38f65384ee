"""Progress reporting shared by long-running services and the command line.

Services accept a :data:`ProgressCallback` and call it as ``progress(stage, done, total)``;
they never print. The command line passes :meth:`ProgressBar.update`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

ProgressCallback = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """A callback that reports nothing."""


class ProgressBar:
    """A terminal progress bar with one row per stage."""

    def __init__(self, title: str) -> None:
        self._progress = Progress(
            TextColumn(f"[bold]{title}[/bold] · {{task.description}}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)
