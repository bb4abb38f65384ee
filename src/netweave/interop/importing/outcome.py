"""What an import did (or, with --dry-run, would do)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    """Counts per kind of row while an import runs, and things worth telling that are no error."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    file: str
    kind: str
    encoding: str
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    ignored_columns: tuple[str, ...]
    notices: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())
