"""Reads of the stored network maps, scoped to a network and, for what is shown, to the actor.

:func:`network_map_payload` is what ``data.json`` returns; its labels come from the report's
naming rule (:class:`~netweave.reports.naming.Namer` with the actor's audience from
:func:`~netweave.networks.selectors.audience_of`): sponsors, and members looking at people who
did not consent, see role and organisation, never a name.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
from django.utils import translation

from netweave.ledger.models import Ask, Offer
from netweave.maps.models import NetworkMap
from netweave.maps.storage import frame_from_bytes
from netweave.networks.actor import Actor
from netweave.networks.models import Language, Network, Organisation, Person, Sector
from netweave.networks.selectors import audience_of
from netweave.reports.document import ReportSources
from netweave.reports.naming import Namer
from netweave.reports.selectors import report_people

PAYLOAD_VERSION = 1
"""Part of every ETag: bump it when the payload's shape changes."""


def network_map_years(network: Network) -> list[int]:
    return list(
        NetworkMap.objects.filter(network=network).order_by("year").values_list("year", flat=True)
    )


def network_map_get(network: Network, year: int) -> NetworkMap | None:
    return NetworkMap.objects.filter(network=network, year=year).first()


def network_map_positions(network: Network, year: int) -> pl.DataFrame | None:
    """DataFrame[person_id, x, y] of the stored map of ``year``; None if not computed yet."""
    stored = network_map_get(network, year)
    if stored is None:
        return None
    return frame_from_bytes(stored.people).select("person_id", "x", "y")


def network_map_positions_all(network: Network) -> dict[int, pl.DataFrame]:
    """Year → DataFrame[person_id, x, y] of every stored map of ``network``."""
    return {
        stored.year: frame_from_bytes(stored.people).select("person_id", "x", "y")
        for stored in NetworkMap.objects.filter(network=network).only("year", "people")
    }


def network_map_etag(actor: Actor, stored: NetworkMap, form: str) -> str:
    """Changes whenever what :func:`network_map_payload` returns would: a new computation, the
    viewer's audience (names shown), language or the requested form."""
    key = "|".join(
        str(part)
        for part in (
            PAYLOAD_VERSION,
            stored.pk,
            stored.computed_at.isoformat(),
            audience_of(actor).value,
            translation.get_language(),
            form,
            actor.person.pk if actor.person else "",
        )
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _labels(actor: Actor, person_ids: list[int], organisations: dict[int, str]) -> list[str]:
    """Each person as the report for the actor's audience calls them; the actor's own name
    always (as on the people pages)."""
    people = report_people(actor.network)
    sources = ReportSources(name=actor.network.name, slug=actor.network.slug, people=people)
    namer = Namer(sources, organisations, audience_of(actor))
    own = people.filter(pl.col("person_id") == actor.person.pk) if actor.person else people.clear()
    names = dict(own.select("person_id", "name").iter_rows())
    return [names.get(person_id) or namer(person_id) for person_id in person_ids]


def network_map_payload(actor: Actor, stored: NetworkMap, *, columns: bool) -> dict[str, Any]:
    """The map of ``stored.year`` as ``actor`` may see it (see :func:`map_payload`)."""
    network = actor.network
    people = frame_from_bytes(stored.people)
    organisations = dict(Organisation.objects.filter(network=network).values_list("pk", "name"))
    themes = (
        pl.DataFrame(
            list(
                Person.themes.through.objects.filter(person__network=network).values_list(
                    "person_id", "theme__slug"
                )
            ),
            schema={"person_id": pl.Int64, "theme": pl.String},
            orient="row",
        )
        .group_by("person_id")
        .agg(pl.col("theme").sort())
    )
    language = translation.get_language() or Language.DUTCH
    theme_names = {theme.slug: theme.name(language) for theme in network.themes.all()}
    return map_payload(
        year=stored.year,
        computed_at=stored.computed_at.isoformat(),
        people=people,
        ties=frame_from_bytes(stored.ties),
        labels=_labels(actor, people["person_id"].to_list(), organisations),
        organisations=organisations,
        themes=themes,
        theme_names=theme_names,
        columns=columns,
    )


def map_payload(
    *,
    year: int,
    computed_at: str,
    people: pl.DataFrame,
    ties: pl.DataFrame,
    labels: list[str],
    organisations: dict[int, str],
    themes: pl.DataFrame,
    theme_names: dict[str, str],
    columns: bool,
) -> dict[str, Any]:
    """The body of ``data.json`` from a stored map's tables (no database; the benchmark
    measures this very function).

    ``nodes``: id, x, y, organisation (id, see ``organisations``), sector, community, label,
    degree, betweenness, help_given, themes; ``edges``: source, target, weight, warmth, last
    (date of the last contact), heaviest first. With ``columns`` each is one list per field
    instead of one object per item: the same content, about half the size. ``labels`` are in
    the order of ``people``; ``themes`` is DataFrame[person_id, theme (list of slugs)].
    """
    people = people.join(themes, on="person_id", how="left").with_columns(
        pl.col("theme").fill_null([]).alias("themes")
    )
    nodes = {
        "id": people["person_id"].to_list(),
        # A thousandth of a layout unit is far below a pixel at any zoom the viewer allows.
        "x": people["x"].round(3).to_list(),
        "y": people["y"].round(3).to_list(),
        "organisation": people["organisation_id"].to_list(),
        "sector": people["sector"].to_list(),
        "community": people["community"].to_list(),
        "label": labels,
        "degree": people["degree"].to_list(),
        "betweenness": people["betweenness"].fill_null(0.0).round(6).to_list(),
        "help_given": people["help_given"].to_list(),
        "themes": people["themes"].to_list(),
    }
    edges = {
        "source": ties["a"].to_list(),
        "target": ties["b"].to_list(),
        "weight": ties["weight"].round(2).to_list(),
        "warmth": ties["warmth"].fill_null(0.0).round(2).to_list(),
        "last": ties["last_contact"].dt.to_string("%Y-%m-%d").to_list(),
    }
    return {
        "year": year,
        "computed_at": computed_at,
        "nodes": nodes if columns else _rows(nodes),
        "edges": edges if columns else _rows(edges),
        "organisations": {str(pk): name for pk, name in organisations.items()},
        "sectors": {sector.value: str(sector.label) for sector in Sector},
        "themes": theme_names,
    }


def _rows(columns: dict[str, list]) -> list[dict[str, Any]]:
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def person_card(actor: Actor, person: Person) -> dict[str, Any]:
    """What the map's card shows of ``person`` beyond the map data: open asks and offers."""

    def listings(model: type[Ask] | type[Offer]) -> list[str]:
        return list(
            model.objects.filter(network=actor.network, person=person, closed_on__isnull=True)
            .order_by("-created_on")
            .values_list("text", flat=True)[:5]
        )

    return {"id": person.pk, "asks": listings(Ask), "offers": listings(Offer)}
