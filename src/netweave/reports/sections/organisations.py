"""What each organisation did for the others, and the appendix of what each member did.

Per organisation and member: help given and received across organisations (insights'
reciprocity), plus introductions made and met, routine meetings hosted and new cross-sector ties
(plain sums of insights' per-member rows). Organisations are ranked by what they gave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _

from netweave.reports.document import Figure, Row
from netweave.reports.formatting import number
from netweave.reports.sections.context import ReportContext, most_active

__all__ = [
    "MembersSection",
    "OrganisationsSection",
    "contributions_sections",
    "organisation_sentence",
]

PDF_MEMBER_LIMIT = 300
"""The PDF appendix lists at most this many members (the most active); the HTML lists all."""
PDF_ORGANISATION_LIMIT = 100
"""The PDF lists at most this many organisations (the most active); the HTML lists all.

A hundred ledger rows, each with its sentence, fill about six printed pages: enough for a
reader to find their own organisation among the active ones. At 300 the ledger was a third of
the 10,000-member PDF's layout work and twenty pages nobody reads on paper.
"""


@dataclass(frozen=True)
class OrganisationsSection:
    rows: tuple[Row, ...]
    rows_in_pdf: tuple[Row, ...]
    """The most active :data:`PDF_ORGANISATION_LIMIT`, in the order of ``rows``."""


class MemberRows(Sequence[Row]):
    """The member appendix's rows, most active first, each built when first read (then kept).

    A report assembled for both editions is handed to the PDF process before the HTML is
    written, and the PDF lists only the :data:`PDF_MEMBER_LIMIT` most active members: building
    all 9,347 rows of 10,000 members (seven figures each) before that hand-over held the PDF up
    by about 0.2 CPU s, while the HTML edition builds them beside the PDF. Rows are built in
    the report's language whoever reads them, so a row reads the same whenever it is built.
    """

    def __init__(self, data: list[dict], build: Callable[[dict], Row], language: str) -> None:
        self._data = data
        self._build = build
        self._language = language
        self._rows: list[Row | None] = [None] * len(data)

    def __len__(self) -> int:
        return len(self._data)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(index, slice):
            return self._built(range(len(self))[index])
        return self._built([range(len(self))[index]])[0]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._built(range(len(self))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[tuple], tuple[tuple[Row, ...]]]:
        """Pickled as the tuple of all its rows (its builder, a closure, does not pickle)."""
        return tuple, (tuple(self),)

    def _built(self, indices: Sequence[int]) -> tuple[Row, ...]:
        """The rows at ``indices``, those not yet built built in one switch of language."""
        missing = [index for index in indices if self._rows[index] is None]
        if missing:
            with translation.override(self._language):
                for index in missing:
                    self._rows[index] = self._build(self._data[index])
        return tuple(self._rows[index] for index in indices)  # type: ignore[misc]


@dataclass(frozen=True)
class MembersSection:
    rows: Sequence[Row]
    """Most active first (:class:`MemberRows`)."""
    shown_in_pdf: int


def contributions_sections(ctx: ReportContext) -> tuple[OrganisationsSection, MembersSection]:
    organisations, members = _contributions(ctx)
    return (
        OrganisationsSection(
            organisations, most_active(organisations, PDF_ORGANISATION_LIMIT, _volume)
        ),
        MembersSection(members, min(len(members), PDF_MEMBER_LIMIT)),
    )


def _volume(row: Row) -> float:
    """Help given + received: what ranks organisations for the printed edition."""
    return sum(float(f.current or 0) for f in row.figures[:2])


def _per_person(ctx: ReportContext) -> pl.DataFrame:
    """Per person: introductions made/met, routine meetings hosted, new cross-sector ties."""
    current = ctx.current
    introducers = current.introductions.introducers.select(
        pl.col("introducer_id").alias("person_id"),
        pl.col("made").cast(pl.Int64).alias("introductions_made"),
        pl.col("met").cast(pl.Int64).alias("introductions_met"),
    )
    hosted = (
        current.routines.routines.join(
            ctx.sources.routines.select("routine_id", "steward_id"), on="routine_id", how="inner"
        )
        .drop_nulls("steward_id")
        .group_by("steward_id")
        .agg(pl.col("held").cast(pl.Int64).sum().alias("routines_hosted"))
        .rename({"steward_id": "person_id"})
    )
    sector = ctx.tables.members.select("person_id", "sector").unique("person_id")
    new_cross = (
        current.renewal.ties.filter(pl.col("status") == "new")
        .join(sector.rename({"person_id": "a", "sector": "sa"}), on="a", how="left")
        .join(sector.rename({"person_id": "b", "sector": "sb"}), on="b", how="left")
        .filter(
            pl.col("sa").is_not_null() & pl.col("sb").is_not_null() & (pl.col("sa") != pl.col("sb"))
        )
    )
    cross = (
        pl.concat([new_cross.select(person_id="a"), new_cross.select(person_id="b")])
        .group_by("person_id")
        .agg(pl.len().cast(pl.Int64).alias("new_cross_sector_ties"))
    )
    people = current.reciprocity.members.select("person_id", "organisation_id")
    for extra in (introducers, hosted, cross):
        people = people.join(extra, on="person_id", how="left")
    return people.with_columns(
        pl.col(
            "introductions_made", "introductions_met", "routines_hosted", "new_cross_sector_ties"
        ).fill_null(0)
    )


def _contributions(ctx: ReportContext) -> tuple[tuple[Row, ...], MemberRows]:
    per_person = _per_person(ctx)
    labels = _contribution_labels()
    extras = ["introductions_made", "introductions_met", "routines_hosted", "new_cross_sector_ties"]
    # New cross-sector ties of an organisation: a new tie between sectors counts once for each
    # side's organisation, so the per-organisation sum of per-member counts is exact.
    per_org = per_person.group_by("organisation_id").agg(pl.col(c).sum() for c in extras)
    organisations = (
        ctx.current.reciprocity.organisations.join(per_org, on="organisation_id", how="left")
        .with_columns(pl.col(extras).fill_null(0))
        .with_columns(
            pl.col("organisation_id")
            .replace_strict(ctx.organisations, default="", return_dtype=pl.String)
            .alias("name")
        )
        # Ranked by what each gave to the others, the point of the chapter; then by name.
        .sort(
            ["given", "received", "name", "organisation_id"], descending=[True, True, False, False]
        )
    )
    org_rows = tuple(
        Row(
            key=f"org.{row['organisation_id']}",
            label=row["name"],
            sector=ctx.sectors.get(row["organisation_id"]),
            organisation=row["name"],
            figures=_contribution_figures(f"org.{row['organisation_id']}", row, labels),
            sentence=organisation_sentence(row),
        )
        for row in organisations.iter_rows(named=True)
    )
    members = (
        ctx.current.reciprocity.members.join(
            per_person.drop("organisation_id"), on="person_id", how="left"
        )
        .with_columns(
            (pl.col("given") + pl.col("received")).alias("_volume"),
            pl.col("organisation_id")
            .replace_strict(ctx.organisations, default="", return_dtype=pl.String)
            .alias("organisation"),
        )
        .sort(["_volume", "person_id"], descending=[True, False])
    )
    member_rows = MemberRows(
        members.to_dicts(), lambda row: _member_row(ctx, row, labels), ctx.language
    )
    return org_rows, member_rows


def _member_row(ctx: ReportContext, row: dict, labels: dict[str, str]) -> Row:
    shown = ctx.namer.organisation_shown(row["person_id"])
    return Row(
        key=f"member.{row['person_id']}",
        label=ctx.namer(row["person_id"]),
        sector=ctx.sectors.get(row["organisation_id"]) if shown else None,
        organisation=row["organisation"] if shown else "",
        figures=_contribution_figures(f"member.{row['person_id']}", row, labels),
    )


CONTRIBUTION_LABELS = {
    "given": lambda: _("Given"),
    "received": lambda: _("Received"),
    "balance": lambda: _("Balance"),
    "introductions_made": lambda: _("Introductions made"),
    "introductions_met": lambda: _("of which met"),
    "routines_hosted": lambda: _("Routine meetings hosted"),
    "new_cross_sector_ties": lambda: _("New cross-sector ties"),
}
_CONTRIBUTION_STYLE = {
    "received": ("count", None),
    "balance": ("share", None),
}


def _contribution_labels() -> dict[str, str]:
    """The column labels, translated once (not once per row: 10,000 members)."""
    return {name: label() for name, label in CONTRIBUTION_LABELS.items()}


def _contribution_figures(key: str, row: dict, labels: dict[str, str]) -> tuple[Figure, ...]:
    figures = []
    for name, label in labels.items():
        kind, better = _CONTRIBUTION_STYLE.get(name, ("count", True))
        figures.append(
            Figure(f"{key}.{name}", label, row[name], kind=kind, higher_is_better=better)
        )
    return tuple(figures)


def organisation_sentence(row: dict) -> str:
    """One sentence from an organisation's figures, as a person would write it, e.g. "Helped 9
    members of 6 other organisations, 14 times in all; made 3 introductions, 2 of which met."
    or "Helped one member of another organisation, once."."""
    parts = [
        _helped(int(row["given"]), int(row["beneficiaries"]), int(row["beneficiary_organisations"]))
    ]
    received = int(row["received"])
    if received:
        parts.append(
            _("was helped once")
            if received == 1
            else _("was helped %(n)s times") % {"n": number(received)}
        )
    made = int(row["introductions_made"])
    if made:
        met = int(row["introductions_met"])
        parts.append(
            _("made one introduction")
            if made == 1
            else _("made %(n)s introductions") % {"n": number(made)}
        )
        if met:
            if made == 1:
                parts[-1] += _(", and the two met")
            elif met == 1:  # "1 keer met een ontmoeting" beside "één keer" elsewhere read as a slip
                parts[-1] += _(", one of which met")
            else:
                parts[-1] += _(", %(n)s of which met") % {"n": number(met)}
    hosted = int(row["routines_hosted"])
    if hosted:
        parts.append(
            _("hosted one routine meeting")
            if hosted == 1
            else _("hosted %(n)s routine meetings") % {"n": number(hosted)}
        )
    sentence = "; ".join(parts)
    return sentence[:1].upper() + sentence[1:] + "."


def _helped(times: int, members: int, organisations: int) -> str:
    if not times:
        return _("gave no help to other organisations")
    whom = _("one member") if members == 1 else _("%(n)s members") % {"n": number(members)}
    where = (
        _("another organisation")
        if organisations == 1
        else _("%(n)s other organisations") % {"n": number(organisations)}
    )
    how_often = _("once") if times == 1 else _("%(n)s times in all") % {"n": number(times)}
    return _("helped %(whom)s of %(where)s, %(how_often)s") % {
        "whom": whom,
        "where": where,
        "how_often": how_often,
    }
