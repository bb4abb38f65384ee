"""Face-to-face contact data (SocioPatterns format) as :class:`NetworkTables`.

``contacts``: one line per 20-second interval in which two people were in contact,
``t i j`` separated by white space (``t`` seconds since midnight of the first day).
``groups``: one line ``i group`` per person (a department, a class): the group becomes the
person's organisation.

Each pair that was in contact on a day becomes one ``meeting`` interaction of weight 1 on that
day: warmth counts days of contact, not seconds, as it counts meetings in a logged network.
No Django here, so benchmarks and tests can read real data the way insights sees it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from netweave.insights.tables import NetworkTables

__all__ = ["ContactFileError", "read_contacts"]

SECONDS_PER_DAY = 86_400


class ContactFileError(ValueError):
    """A line of a contact or group file that cannot be read (names file, line and field)."""


def _integers(path: Path, line_number: int, fields: list[str], names: tuple[str, ...]) -> list[int]:
    values = []
    for name, text in zip(names, fields, strict=False):
        try:
            values.append(int(text))
        except ValueError:
            raise ContactFileError(
                f"{path.name}, line {line_number}, field {name!r}: {text!r} is not a whole number"
            ) from None
    return values


def _read_lines(path: Path, width: int, names: tuple[str, ...]) -> list[list[str]]:
    rows = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != width:
            raise ContactFileError(
                f"{path.name}, line {line_number}: expected {width} fields "
                f"({', '.join(names)}), found {len(fields)}"
            )
        rows.append([str(line_number), *fields])
    return rows


def read_contacts(contacts: Path, groups: Path, *, first_day: date) -> NetworkTables:
    """Tables of the contact network: members, organisations (groups) and daily meetings."""
    contact_names = ("t", "i", "j")
    records = []
    for line_number, *fields in _read_lines(contacts, 3, contact_names):
        t, i, j = _integers(contacts, int(line_number), fields, contact_names)
        if i == j:
            raise ContactFileError(f"{contacts.name}, line {line_number}: i and j are both {i}")
        records.append((t // SECONDS_PER_DAY, min(i, j), max(i, j)))
    group_rows = _read_lines(groups, 2, ("i", "group"))
    people = {
        _integers(groups, int(number), [person], ("i",))[0]: group
        for number, person, group in group_rows
    }
    names = sorted(set(people.values()))
    organisations = pl.DataFrame(
        {"organisation_id": range(1, len(names) + 1), "name": names, "sector": None},
        schema={"organisation_id": pl.Int64, "name": pl.String, "sector": pl.String},
    )
    organisation_of = {name: number for number, name in enumerate(names, start=1)}
    unknown = sorted({p for _, a, b in records for p in (a, b)} - people.keys())
    if unknown:
        raise ContactFileError(
            f"{contacts.name}: person(s) {', '.join(map(str, unknown[:5]))} "
            f"are not in {groups.name}"
        )
    members = pl.DataFrame(
        {
            "person_id": list(people),
            "organisation_id": [organisation_of[g] for g in people.values()],
        },
        schema={"person_id": pl.Int64, "organisation_id": pl.Int64},
    ).with_columns(
        sector=pl.lit(None, pl.String), joined=pl.lit(None, pl.Date), left=pl.lit(None, pl.Date)
    )
    meetings = (
        pl.DataFrame(records, schema={"day": pl.Int64, "a": pl.Int64, "b": pl.Int64}, orient="row")
        .unique()
        .sort("day", "a", "b")
    )
    interactions = meetings.select(
        "a",
        "b",
        on=pl.lit(first_day) + pl.duration(days=pl.col("day")),
        kind=pl.lit("meeting"),
        directed=pl.lit(False),
        purpose=pl.lit("network"),
        source=pl.lit("imported"),
        weight=pl.lit(1.0),
    )
    return NetworkTables.build(
        organisations=organisations, members=members, interactions=interactions
    )
