"""Report sources for a generated network that is not in the database (benchmarks, Parquet).

The database path is :func:`netweave.reports.selectors.report_sources`; this builds the same
:class:`~netweave.reports.document.ReportSources` straight from a
:class:`netweave.synth.SyntheticNetwork`, with the generated ids the tables use.
"""

from __future__ import annotations

import polars as pl

from netweave.reports.document import (
    INITIATIVE_SCHEMA,
    PEOPLE_SCHEMA,
    REFLECTION_SCHEMA,
    ROUTINE_SCHEMA,
    ReportSources,
)
from netweave.synth import SyntheticNetwork

__all__ = ["sources_from_synthetic"]


def sources_from_synthetic(synthetic: SyntheticNetwork, language: str = "nl") -> ReportSources:
    """Names, charter, routines, reflections and initiatives of ``synthetic`` (everyone
    consents to be named: generated people are fictional)."""
    charter = synthetic.charter_nl if language == "nl" else synthetic.charter
    people = (
        synthetic.people.join(
            synthetic.tables.members.select("person_id", "organisation_id"),
            on="person_id",
            how="left",
        )
        .with_columns(
            (pl.col("first_name") + " " + pl.col("last_name")).alias("name"),
            pl.lit(True).alias("consents"),
        )
        .select(list(PEOPLE_SCHEMA))
        .cast(PEOPLE_SCHEMA)
    )
    occurrences = synthetic.tables.occurrences.select("occurrence_id", "routine_id", "on")
    reflections = (
        synthetic.reflections.join(occurrences, on="occurrence_id", how="inner")
        .select(list(REFLECTION_SCHEMA))
        .cast(REFLECTION_SCHEMA)
    )
    themes = {
        row["slug"]: {"en": row["name_en"], "nl": row["name_nl"]}
        for row in synthetic.themes.iter_rows(named=True)
    }
    return ReportSources(
        name=synthetic.name,
        slug=synthetic.slug,
        purpose=charter.purpose,
        values=tuple(charter.values),
        rules=tuple(charter.rules),
        people=people,
        routines=synthetic.routines.select(list(ROUTINE_SCHEMA)).cast(ROUTINE_SCHEMA),
        reflections=reflections,
        initiatives=synthetic.initiatives.select(list(INITIATIVE_SCHEMA)).cast(INITIATIVE_SCHEMA),
        themes=themes,
    )
