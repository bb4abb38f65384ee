"""The generated network as one object, and its Parquet form."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from netweave.insights.tables import NetworkTables

from .config import SynthConfig, rng_for
from .interactions import Events, events_frame, tie_events
from .introductions import build_introductions
from .population import build_population
from .routines import build_routines
from .texts import (
    Charter,
    asks_offers_frames,
    initiatives_frame,
    member_themes_frame,
    members_frame,
    network_identity,
    organisations_frames,
    people_frame,
    themes_frame,
)
from .ties import form_ties

ROUTINE_SHARE_MAX = 0.3
"""Interactions at routines make up at most this share of the volume."""

FRAMES = (
    "people",
    "organisation_details",
    "asks",
    "offers",
    "routines",
    "reflections",
    "initiatives",
    "themes",
    "introduction_outcomes",
)
"""The frames of a :class:`SyntheticNetwork` beside its ``tables``."""


@dataclass(frozen=True, eq=False)
class SyntheticNetwork:
    """A generated network: the insights tables plus everything the app shows around them.

    See :mod:`netweave.synth` for the columns of each frame.
    """

    config: SynthConfig
    name: str
    slug: str
    charter: Charter
    charter_nl: Charter
    tables: NetworkTables
    people: pl.DataFrame
    organisation_details: pl.DataFrame
    asks: pl.DataFrame
    offers: pl.DataFrame
    routines: pl.DataFrame
    reflections: pl.DataFrame
    initiatives: pl.DataFrame
    themes: pl.DataFrame
    introduction_outcomes: pl.DataFrame


def generate(config: SynthConfig) -> SyntheticNetwork:
    """Generate a network for ``config``; the same config gives identical frames."""
    pop = build_population(config)
    ties = form_ties(pop, config)
    routines = build_routines(pop, config, ties.u * pop.size + ties.v)
    introductions, outcomes, introduction_events = build_introductions(
        pop, ties, config, routines.events
    )
    target = round(config.members * config.years * config.interactions_per_member_year)
    at_routines = thin(routines.events, ROUTINE_SHARE_MAX * target, rng_for(config, 11))
    budget = max(target - at_routines.size - introduction_events.size, 0)
    logged = tie_events(ties, pop, config, budget)
    interactions = events_frame(
        Events.concatenate([logged, at_routines, introduction_events]),
        config.start_epoch_day,
    )
    organisations, details = organisations_frames(config, pop)
    name, slug, charter_en, charter_nl = network_identity(config, pop)
    asks, offers = asks_offers_frames(config, pop)
    # Dense ids from 1, like the person ids of generated data.
    asks = asks.with_row_index("ask_id", offset=1).with_columns(pl.col("ask_id").cast(pl.Int64))
    offers = offers.with_row_index("offer_id", offset=1).with_columns(
        pl.col("offer_id").cast(pl.Int64)
    )
    tables = NetworkTables.build(
        organisations=organisations,
        members=members_frame(config, pop),
        interactions=interactions,
        member_themes=member_themes_frame(pop),
        introductions=introductions,
        occurrences=routines.occurrences,
        attendance=routines.attendance,
        asks=asks,
        offers=offers,
    )
    return SyntheticNetwork(
        config=config,
        name=name,
        slug=slug,
        charter=charter_en,
        charter_nl=charter_nl,
        tables=tables,
        people=people_frame(config, pop, details["slug"]),
        organisation_details=details,
        asks=asks,
        offers=offers,
        routines=routines.routines,
        reflections=routines.reflections,
        initiatives=initiatives_frame(config, pop, details["city"]),
        themes=themes_frame(),
        introduction_outcomes=outcomes,
    )


def thin(events: Events, most: float, rng: np.random.Generator) -> Events:
    """``events``, or a random share of them of about ``most`` rows when there are more.

    With a low ``interactions_per_member_year`` only part of what happens at routines is
    logged, so that the knob still sets the volume.
    """
    if events.size <= most:
        return events
    keep = rng.random(events.size) < most / events.size
    return Events(
        **{
            name: getattr(events, name)[keep]
            for name in ("a", "b", "day", "kind", "directed", "purpose", "source")
        }
    )


def write_parquet(network: SyntheticNetwork, folder: Path) -> None:
    """Write the network to ``folder``: one ``<frame>.parquet`` per table and frame, and
    ``network.json`` with the config, name, slug and charters."""
    folder = Path(folder)
    network.tables.write_parquet(folder)
    for name in FRAMES:
        getattr(network, name).write_parquet(folder / f"{name}.parquet")
    meta = {
        "config": {**asdict(network.config), "until": network.config.until.isoformat()},
        "name": network.name,
        "slug": network.slug,
        "charter": asdict(network.charter),
        "charter_nl": asdict(network.charter_nl),
    }
    (folder / "network.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")


def read_parquet(folder: Path) -> SyntheticNetwork:
    """Read a network written by :func:`write_parquet`."""
    folder = Path(folder)
    meta = json.loads((folder / "network.json").read_text())
    config = SynthConfig(**{**meta["config"], "until": date.fromisoformat(meta["config"]["until"])})
    frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
    return SyntheticNetwork(
        config=config,
        name=meta["name"],
        slug=meta["slug"],
        charter=Charter(**meta["charter"]),
        charter_nl=Charter(**meta["charter_nl"]),
        tables=NetworkTables.read_parquet(folder),
        **frames,
    )
