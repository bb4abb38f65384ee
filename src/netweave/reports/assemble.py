"""Turn insights into an :class:`~netweave.reports.document.AnnualReport`.

Every number comes from :func:`netweave.insights.analyse` for the report year and the year
before (plus :func:`~netweave.insights.compare` for the direction of headline figures). This
module only selects, joins names to ids, words sentences and applies the recommendation rules
(:mod:`netweave.reports.recommend`); it computes no metric of its own. The two exceptions are
stated where they happen: initiative stages (insights has no initiative family; counted from
:class:`ReportSources`) and per-organisation sums of per-member insights frames (routines
hosted, introductions made, new cross-sector ties), which are plain sums of insights rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.utils import translation
from django.utils.translation import gettext as _

from netweave.governance.parameters import settings_in_words
from netweave.insights import (
    HIGHER_IS_BETTER,
    Comparison,
    MetricSettings,
    NetworkInsights,
    NetworkTables,
    Period,
    analyse,
    compare,
)
from netweave.insights.layout import map_layout
from netweave.networks.models import Role, Sector
from netweave.progress import ProgressCallback, no_progress
from netweave.reports import charts, network_map, recommend
from netweave.reports.document import (
    AnnualReport,
    Audience,
    Figure,
    InitiativeItem,
    MatrixCell,
    Person,
    ReflectionItem,
    ReportSources,
    RoutineRow,
    Row,
    Section,
    ThemeTriangle,
    is_named,
)
from netweave.reports.formatting import number
from netweave.reports.naming import pseudonym, pseudonym_numbers
from netweave.reports.sections.summary import summary_section
from netweave.reports.sections.tie_flow import tie_flow_section
from netweave.routines.models import Cadence, Format

PDF_MEMBER_LIMIT = 300
"""The PDF appendix lists at most this many members (the most active); the HTML lists all."""
PDF_ORGANISATION_LIMIT = 300
"""The PDF lists at most this many organisations (the most active); the HTML lists all."""
TOP = 10
"""Brokers, key players and introducers named in the health and introductions sections."""
REFLECTIONS_SHOWN = 8


def sector_label(sector: str | None) -> str:
    if sector is None:
        return _("No sector")
    try:
        return str(Sector(sector).label)
    except ValueError:
        return sector


class Namer:
    """Who a person is called in a report for ``audience`` (see :class:`Audience`).

    A person is named when the audience is ``stewards``, or ``network`` and they consent
    (``Person.consents_to_reports``). Otherwise they become their pseudonym, by the rule the
    pages share (:mod:`netweave.reports.naming`): "Member 2 of Gemeente Utrecht".
    """

    def __init__(self, sources: ReportSources, organisations: dict[int, str], audience: Audience):
        people = sources.people.with_columns(
            pl.col("role").fill_null(Role.MEMBER.value),
            pl.col("consents").fill_null(False),
        )
        self._rows = {row["person_id"]: row for row in people.iter_rows(named=True)}
        self._numbers = pseudonym_numbers(
            people.select("person_id", "organisation_id", "role").iter_rows()
        )
        self._organisations = organisations
        self._audience = audience

    def named(self, person_id: int) -> bool:
        row = self._rows.get(person_id)
        return row is not None and is_named(self._audience, bool(row["consents"]))

    def __call__(self, person_id: int | None) -> str:
        if person_id is None:
            return "—"
        row = self._rows.get(person_id)
        if row is None:
            return _("Member %(number)s") % {"number": person_id}
        if self.named(person_id):
            return str(row["name"])
        organisation = self._organisations.get(row["organisation_id"])
        return pseudonym(row["role"], self._numbers[person_id], organisation)

    def organisation_shown(self, person_id: int) -> bool:
        """May the person's organisation be printed beside them? Not for an unnamed person who
        is their organisation's only one: the organisation would name them."""
        number = self._numbers.get(person_id)
        return number is None or not number.small or self.named(person_id)


@dataclass(frozen=True)
class _Context:
    tables: NetworkTables
    sources: ReportSources
    current: NetworkInsights
    previous: NetworkInsights
    language: str
    namer: Namer
    organisations: dict[int, str]
    sectors: dict[int, str]


def report_assemble(
    *,
    tables: NetworkTables,
    sources: ReportSources,
    year: int,
    language: str,
    audience: Audience = Audience.NETWORK,
    generated_on: date,
    progress: ProgressCallback = no_progress,
    map_positions: pl.DataFrame | None = None,
) -> AnnualReport:
    """The annual report of ``year`` in ``language`` for ``audience``.

    ``map_positions`` (DataFrame[person_id, x, y]) is the stored layout of the year, so the
    report's map shows people where the web map does; without it the layout is computed here.
    """
    settings = MetricSettings.from_mapping(sources.metric_settings)
    period = Period.year_up_to(year, generated_on)
    progress("analyse", 0, 2)
    current = analyse(tables, period, settings)
    progress("analyse", 1, 2)
    previous = analyse(tables, period.previous(), settings)
    progress("analyse", 2, 2)
    if map_positions is None:
        map_positions = map_layout(current.graph, seed=settings.seed).positions
    with translation.override(language):
        return _assemble(
            tables,
            sources,
            current,
            previous,
            language,
            audience,
            generated_on,
            progress,
            map_positions,
        )


def _assemble(
    tables: NetworkTables,
    sources: ReportSources,
    current: NetworkInsights,
    previous: NetworkInsights,
    language: str,
    audience: Audience,
    generated_on: date,
    progress: ProgressCallback,
    map_positions: pl.DataFrame,
) -> AnnualReport:
    organisations = dict(tables.organisations.select("organisation_id", "name").iter_rows())
    sectors = dict(tables.organisations.select("organisation_id", "sector").iter_rows())
    ctx = _Context(
        tables,
        sources,
        current,
        previous,
        language,
        Namer(sources, organisations, audience),
        organisations,
        sectors,
    )
    year = current.period.start.year
    report = AnnualReport(
        network=sources.name,
        slug=sources.slug,
        year=year,
        previous_year=previous.period.start.year,
        language=language,
        audience=audience,
        generated_on=generated_on,
        up_to=None if current.period.is_calendar_year else current.period.end,
        purpose=sources.purpose,
        values=sources.values,
        rules=sources.rules,
        settings=settings_in_words(current.settings),
    )
    steps = 7
    comparison = compare(ctx.current, ctx.previous)
    report.numbers = _numbers(comparison)
    report.summary = summary_section(
        ctx.current,
        comparison,
        organisation_names=ctx.organisations,
        label=lambda name: HEADLINE_LABELS[name](),
        compared=tuple(HEADLINE_LABELS),
    )
    report.flow = tie_flow_section(ctx.current.flow)
    progress("assemble", 1, steps)
    report.organisations, report.members = _contributions(ctx)
    report.members_shown_in_pdf = min(len(report.members), PDF_MEMBER_LIMIT)
    report.organisations_in_pdf = _most_active(report.organisations, PDF_ORGANISATION_LIMIT)
    progress("assemble", 2, steps)
    _health(ctx, report)
    progress("assemble", 3, steps)
    drawing = network_map.draw(
        tables=tables,
        graph=current.graph,
        brokers=[int(p) for p in _top_brokers(ctx)["person_id"]],
        organisations=organisations,
        sector_label=sector_label,
        positions=map_positions,
    )
    report.network_map_svg, report.map_aggregated = drawing.svg, drawing.aggregated
    report.sector_labels = [(s.value, str(s.label)) for s in Sector]
    progress("assemble", 4, steps)
    _routines(ctx, report)
    progress("assemble", 5, steps)
    _introductions(ctx, report)
    _initiatives(ctx, report)
    progress("assemble", 6, steps)
    report.recommendations = recommend.recommendations(
        current=current,
        previous=previous,
        routines=report.routines,
        triangles=report.triangles,
        organisations=organisations,
        sector_label=sector_label,
        theme_label=lambda slug: _theme_label(ctx, slug),
    )
    report.sections = _sections(report)
    progress("assemble", 7, steps)
    return report


def _most_active(rows: list[Row], limit: int) -> list[Row]:
    """The ``limit`` rows with most given + received, in their original order."""
    if len(rows) <= limit:
        return rows

    def volume(row: Row) -> float:
        return sum(float(f.current or 0) for f in row.figures[:2])

    keep = {id(row) for row in sorted(rows, key=volume, reverse=True)[:limit]}
    return [row for row in rows if id(row) in keep]


def _sections(report: AnnualReport) -> list[Section]:
    sections = [
        Section("summary", _("The year in short")),
        Section("numbers", _("The year in numbers")),
        Section("organisations", _("What each organisation did for the others")),
        Section("map", _("The network map")),
        Section("health", _("Health of the network")),
        Section("routines", _("Routines")),
        Section("introductions", _("Introductions")),
        Section("initiatives", _("Initiative radar")),
        Section("recommendations", _("Recommendations for next year")),
        Section("members", _("Appendix: what each member did")),
        Section("about", _("About this report")),
    ]
    return sections


# --- 2. the year in numbers -------------------------------------------------------------------

HEADLINE_LABELS = {
    "members": lambda: _("Members"),
    "organisations": lambda: _("Organisations"),
    "interactions": lambda: _("Interactions"),
    "warm_ties": lambda: _("Warm ties at year end"),
    "new_ties": lambda: _("New ties"),
    "kept_ties": lambda: _("Kept ties"),
    "lapsed_ties": lambda: _("Lapsed ties"),
    "introductions_made": lambda: _("Introductions made"),
    "introductions_met": lambda: _("Introductions that met"),
    "routines_held": lambda: _("Routine meetings held"),
}


def _numbers(comparison: Comparison) -> list[Figure]:
    rows = {row["figure"]: row for row in comparison.figures.iter_rows(named=True)}
    return [
        number_figure(name, rows[name]["current"], rows[name]["previous"])
        for name in HEADLINE_LABELS
    ]


def number_figure(name: str, current: float, previous: float | None) -> Figure:
    """Figure ``name`` of "the year in numbers" (a row of :func:`compare`), labelled and rounded
    as the report prints it; the steward's dashboard shows its numbers through this too."""
    return Figure(
        name=name,
        label=HEADLINE_LABELS[name](),
        current=_int(current),
        previous=None if previous is None else _int(previous),
        higher_is_better=HIGHER_IS_BETTER[name],
    )


def _int(value: float) -> int:
    return round(value)


# --- 3. what each organisation did for the others ---------------------------------------------


def _per_person(ctx: _Context) -> pl.DataFrame:
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


def _contributions(ctx: _Context) -> tuple[list[Row], list[Row]]:
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
    org_rows = [
        Row(
            key=f"org.{row['organisation_id']}",
            label=row["name"],
            sector=ctx.sectors.get(row["organisation_id"]),
            organisation=row["name"],
            figures=_contribution_figures(f"org.{row['organisation_id']}", row, labels),
            sentence=organisation_sentence(row),
        )
        for row in organisations.iter_rows(named=True)
    ]
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
    member_rows = [_member_row(ctx, row, labels) for row in members.iter_rows(named=True)]
    return org_rows, member_rows


def _member_row(ctx: _Context, row: dict, labels: dict[str, str]) -> Row:
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
            parts[-1] += (
                _(", and the two met")
                if made == 1
                else _(", %(n)s of which met") % {"n": number(met)}
            )
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


# --- 5. health ----------------------------------------------------------------------------------


def _top_brokers(ctx: _Context) -> pl.DataFrame:
    return (
        ctx.current.brokerage.members.filter(pl.col("betweenness") > 0)
        .sort(["betweenness", "person_id"], descending=[True, False])
        .head(TOP)
    )


@dataclass(frozen=True)
class HealthFigure:
    """One figure of the report's health section: how it is read from an analysis and shown.

    The report and the steward's dashboard both build their health figures from
    :data:`HEALTH_FIGURES`, so the two always print the same number under the same label.
    """

    name: str
    label: Callable[[], str]
    read: Callable[[NetworkInsights], float | int]
    kind: str = "count"
    higher_is_better: bool | None = True
    target: float | None = None
    explanation: Callable[[], str] = lambda: ""

    def figure(self, current: float | int | None, previous: float | int | None) -> Figure:
        """This figure with the given values (labels in the active language)."""
        return Figure(
            self.name,
            self.label(),
            current,
            previous,
            kind=self.kind,
            higher_is_better=self.higher_is_better,
            explanation=self.explanation(),
            target=self.target,
        )


HEALTH_FIGURES: tuple[HealthFigure, ...] = (
    HealthFigure(
        "cross_sector_share",
        lambda: _("Warm ties that cross sectors"),
        lambda insights: insights.bridging.cross_sector_share,
        kind="share",
        explanation=lambda: _(
            "Of all warm ties at year end, the share between people of different sectors. "
            "Bridges between sectors carry new ideas and resources."
        ),
    ),
    HealthFigure(
        "cross_organisation_share",
        lambda: _("Warm ties that cross organisations"),
        lambda insights: insights.bridging.cross_organisation_share,
        kind="share",
        explanation=lambda: _(
            "Of all warm ties at year end, the share between people of different "
            "organisations: the network, not the organisations' own corridors."
        ),
    ),
    HealthFigure(
        "themes_connected",
        lambda: _("Themes with a complete golden triangle"),
        lambda insights: insights.bridging.themes_connected,
        explanation=lambda: _(
            "Themes on which knowledge, business and government are all present and "
            "connected to each other by ties this year."
        ),
    ),
    HealthFigure(
        "key_players",
        lambda: _("Key players"),
        lambda insights: insights.key_players.count,
        higher_is_better=False,
        explanation=lambda: _(
            "People whose departure would split the network into pieces. Fewer is "
            "better: the network then depends less on single people."
        ),
    ),
    HealthFigure(
        "largest_component_share",
        lambda: _("Members in the connected core"),
        lambda insights: insights.cohesion.largest_component_share,
        kind="share",
        explanation=lambda: _(
            "Share of the people with ties this year who can reach each other through the network."
        ),
    ),
    HealthFigure(
        "average_clustering",
        lambda: _("Clustering"),
        lambda insights: insights.cohesion.average_clustering,
        kind="ratio",
        explanation=lambda: _(
            "How often two contacts of a person also know each other (0 to 1): "
            "team spirit rather than a loose crowd."
        ),
    ),
    HealthFigure(
        "density",
        lambda: _("Density"),
        lambda insights: insights.cohesion.density,
        kind="ratio",
        explanation=lambda: _("The share of all possible pairs that had a tie this year."),
    ),
    HealthFigure(
        "between_community_share",
        lambda: _("Ties between communities"),
        lambda insights: insights.cohesion.between_community_share,
        kind="share",
        explanation=lambda: _(
            "Share of ties that link the network's communities (groups found by the "
            "Leiden method) rather than staying inside one."
        ),
    ),
    HealthFigure(
        "imbalanced_organisations",
        lambda: _("Organisations with an imbalance"),
        lambda insights: insights.reciprocity.imbalanced_organisations,
        higher_is_better=False,
        explanation=lambda: _(
            "Organisations that mostly take or mostly give (with enough volume to tell). "
            "A healthy network gives and takes."
        ),
    ),
    HealthFigure(
        "imbalanced_members",
        lambda: _("Members with an imbalance"),
        lambda insights: insights.reciprocity.imbalanced_members,
        higher_is_better=False,
        explanation=lambda: _("The same for individual members."),
    ),
    HealthFigure(
        "network_share",
        lambda: _("Inward orientation"),
        lambda insights: insights.orientation.network_share,
        kind="share",
        higher_is_better=None,
        target=0.5,
        explanation=lambda: _(
            "Share of the effort spent on the network itself rather than on the world "
            "outside it. About half is healthy: closer to half counts as better."
        ),
    ),
)


def health_figures(current: NetworkInsights, previous: NetworkInsights) -> list[Figure]:
    """The health section's figures of ``current`` against ``previous``."""
    return [spec.figure(spec.read(current), spec.read(previous)) for spec in HEALTH_FIGURES]


def _health(ctx: _Context, report: AnnualReport) -> None:
    cur = ctx.current
    report.health = health_figures(cur, ctx.previous)
    _sector_matrix(ctx, report)
    report.triangles = [
        ThemeTriangle(
            theme=row["theme"],
            label=_theme_label(ctx, row["theme"]),
            knowledge=row["knowledge"],
            business=row["business"],
            government=row["government"],
            present=row["present"],
            connected=row["connected"],
            connections=(
                row["knowledge_business"],
                row["knowledge_government"],
                row["business_government"],
            ),
        )
        for row in cur.bridging.golden_triangle.sort("theme").iter_rows(named=True)
    ]
    organisation_of = dict(ctx.tables.members.select("person_id", "organisation_id").iter_rows())
    report.brokers = [
        _person(
            ctx,
            row["person_id"],
            organisation_of,
            (
                Figure(
                    f"broker.{row['person_id']}.betweenness",
                    _("Betweenness"),
                    row["betweenness"],
                    kind="ratio",
                ),
                Figure(
                    f"broker.{row['person_id']}.constraint",
                    _("Constraint"),
                    row["constraint"],
                    kind="ratio",
                    higher_is_better=False,
                ),
            ),
        )
        for row in _top_brokers(ctx).iter_rows(named=True)
    ]
    report.key_players = [
        _person(
            ctx,
            row["person_id"],
            organisation_of,
            (
                Figure(f"key.{row['person_id']}.pieces", _("Pieces left"), row["pieces"]),
                Figure(
                    f"key.{row['person_id']}.reachable_pairs_lost",
                    _("Pairs cut off"),
                    row["reachable_pairs_lost"],
                ),
            ),
        )
        for row in cur.key_players.members.sort("rank").head(TOP).iter_rows(named=True)
    ]
    brokerage = cur.brokerage
    if brokerage.method == "sampled" and brokerage.error_bound is not None:
        report.brokerage_note = _(
            "Betweenness was estimated from %(samples)s sampled members: with %(confidence)s "
            "confidence every value is within ±%(bound)s of the exact one."
        ) % {
            "samples": number(brokerage.samples or 0),
            "confidence": f"{round((brokerage.confidence or 0) * 100)}%",
            "bound": number(brokerage.error_bound, 3),
        }


def _sector_matrix(ctx: _Context, report: AnnualReport) -> None:
    def counts(frame: pl.DataFrame) -> dict[tuple[str, str], int]:
        return {
            (row["sector_a"], row["sector_b"]): int(row["ties"])
            for row in frame.iter_rows(named=True)
        }

    now = counts(ctx.current.bridging.sector_matrix)
    before = counts(ctx.previous.bridging.sector_matrix)
    order = [s.value for s in Sector]
    present = [s for s in order if any(s in pair for pair in (*now, *before))]
    cells = []
    for i, a in enumerate(present):
        for b in present[i:]:
            key = (a, b) if a <= b else (b, a)
            cells.append(MatrixCell(a, b, now.get(key, 0), before.get(key, 0)))
    report.sector_matrix = cells
    report.sector_matrix_svg = charts.sector_matrix(
        cells, [(s, sector_label(s)) for s in present], caption=_("ties this year (change)")
    )


def _theme_label(ctx: _Context, slug: str) -> str:
    names = ctx.sources.themes.get(slug)
    if names:
        return names.get(ctx.language) or names.get("en") or slug
    return slug.replace("_", " ").capitalize()


def _person(
    ctx: _Context, person_id: int, organisation_of: dict[int, int], figures: tuple[Figure, ...]
) -> Person:
    shown = ctx.namer.organisation_shown(person_id)
    organisation_id = organisation_of.get(person_id) if shown else None
    return Person(
        label=ctx.namer(person_id),
        organisation=ctx.organisations.get(organisation_id, "") if organisation_id else "",
        sector=ctx.sectors.get(organisation_id) if organisation_id else None,
        figures=figures,
    )


# --- 6. routines ----------------------------------------------------------------------------------


def _choice_label(choices: type, value: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _routines(ctx: _Context, report: AnnualReport) -> None:
    cur, prev = ctx.current.routines, ctx.previous.routines
    named = cur.routines.join(ctx.sources.routines, on="routine_id", how="left").sort(
        "name", "routine_id", nulls_last=True
    )
    report.routines = [
        RoutineRow(
            key=f"routine.{row['routine_id']}",
            name=row["name"] or _("Routine %(number)s") % {"number": row["routine_id"]},
            format=_choice_label(Format, row["format"]),
            cadence=_choice_label(Cadence, row["cadence"]),
            steward=ctx.namer(row["steward_id"]) if row["steward_id"] else "—",
            figures=_routine_figures(f"routine.{row['routine_id']}", row),
        )
        for row in named.iter_rows(named=True)
    ]
    report.routine_totals = [
        Figure("routines_planned", _("Meetings planned"), cur.planned, prev.planned),
        Figure("routines_held_total", _("Meetings held"), cur.held, prev.held),
        Figure(
            "routine_held_share",
            _("Held as planned"),
            cur.held_share,
            prev.held_share,
            kind="share",
        ),
        Figure(
            "new_ties_at_routines",
            _("New ties born at routines"),
            cur.new_ties_at_routines,
            prev.new_ties_at_routines,
        ),
    ]
    names = dict(ctx.sources.routines.select("routine_id", "name").iter_rows())
    year = ctx.current.period
    reflections = ctx.sources.reflections.filter(
        pl.col("on").is_between(year.start, year.end, closed="both")
    )
    own_language = reflections.filter(pl.col("language") == ctx.language)
    if own_language.height:
        reflections = own_language
    report.reflections = [
        ReflectionItem(names.get(row["routine_id"], ""), row["on"], row["text"])
        for row in reflections.sort("on", descending=True)
        .head(REFLECTIONS_SHOWN)
        .iter_rows(named=True)
    ]


def _routine_figures(key: str, row: dict) -> tuple[Figure, ...]:
    return (
        Figure(f"{key}.planned", _("Planned"), row["planned"]),
        Figure(f"{key}.held", _("Held"), row["held"]),
        Figure(f"{key}.held_share", _("Held share"), row["held_share"], kind="share"),
        Figure(
            f"{key}.mean_attendance", _("Mean attendance"), row["mean_attendance"], kind="ratio"
        ),
        Figure(
            f"{key}.attendance_trend",
            _("Attendance trend"),
            row["attendance_trend"],
            kind="signed",
        ),
        Figure(f"{key}.new_ties", _("New ties"), row["new_ties"]),
    )


# --- 7. introductions ---------------------------------------------------------------------------


def _introductions(ctx: _Context, report: AnnualReport) -> None:
    cur, prev = ctx.current.introductions, ctx.previous.introductions
    stages = [
        ("suggested", _("Suggested")),
        ("accepted", _("Accepted")),
        ("met", _("Met")),
        ("followed_up", _("Followed up")),
    ]
    report.funnel = [
        Figure(f"funnel.{name}", label, getattr(cur, name), getattr(prev, name))
        for name, label in stages
    ]
    report.funnel.append(
        Figure("funnel.declined", _("Declined"), cur.declined, prev.declined, higher_is_better=None)
    )
    report.funnel_svg = charts.funnel(
        [(f.label, int(f.current or 0)) for f in report.funnel[:4]],
        of_previous=_("%(share)s of the step before"),
        title=_("Introductions from suggested to met"),
    )
    organisation_of = dict(ctx.tables.members.select("person_id", "organisation_id").iter_rows())
    report.introducers = [
        _person(
            ctx,
            row["introducer_id"],
            organisation_of,
            (
                Figure(f"introducer.{row['introducer_id']}.made", _("Made"), row["made"]),
                Figure(f"introducer.{row['introducer_id']}.met", _("Met"), row["met"]),
            ),
        )
        for row in cur.introducers.drop_nulls("introducer_id")
        .sort(["made", "met", "introducer_id"], descending=[True, True, False])
        .head(TOP)
        .iter_rows(named=True)
    ]


# --- 8. initiatives -------------------------------------------------------------------------------


def _initiatives(ctx: _Context, report: AnnualReport) -> None:
    """Initiatives by stage (as recorded now) among those started by the end of the year, and
    those that found a partner in the year. Counted from the sources: insights has no
    initiative family."""
    from netweave.initiatives.models import Stage

    year = ctx.current.period
    started = ctx.sources.initiatives.filter(pl.col("started_on") <= year.end)
    counts = dict(started.group_by("stage").len().iter_rows())
    report.initiative_stages = [
        Figure(
            f"initiatives.{stage.value}",
            str(stage.label),
            counts.get(stage.value, 0),
            higher_is_better=None,
        )
        for stage in Stage
    ]
    report.initiative_stages_svg = charts.bars(
        [(f.label, int(f.current or 0)) for f in report.initiative_stages],
        title=_("Initiatives per stage"),
    )
    partnered = started.filter(
        pl.col("partner_found_on").is_between(year.start, year.end, closed="both")
    ).sort("partner_found_on", "name")
    report.initiatives_partnered = [
        InitiativeItem(
            name=row["name"],
            stage=_choice_label(Stage, row["stage"]),
            owner=ctx.namer(row["owner_id"]) if row["owner_id"] else "—",
            partner_found_on=row["partner_found_on"],
        )
        for row in partnered.iter_rows(named=True)
    ]


def figures_by_name(figures: Iterable[Figure]) -> dict[str, Figure]:
    return {figure.name: figure for figure in figures}
