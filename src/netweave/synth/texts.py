"""Names and texts: people, organisations, asks and offers, initiatives, the charter.

Texts are composed from the phrase pieces in :mod:`netweave.synth.vocabulary`, in the
language of the person who wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import polars as pl

from netweave.insights.tables import SECTORS, THEMES

from .config import SynthConfig, rng_for
from .population import NO_END, Population
from .routines import to_dates
from .vocabulary import (
    ASK_TEMPLATES,
    CHARTER_PURPOSES,
    CHARTER_RULES,
    CHARTER_VALUES,
    DUTCH_FIRST_NAMES,
    DUTCH_LAST_NAMES,
    INITIATIVE_NAMES,
    INTERNATIONAL_FIRST_NAMES,
    INTERNATIONAL_LAST_NAMES,
    NETWORK_NAME_PATTERNS,
    OFFER_TEMPLATES,
    ORGANISATION_PATTERNS,
    ORGANISATION_WORDS,
    REGIONS,
    THEME_NAMES,
    THEME_SUBJECTS,
    Region,
)

ROLES = ("member", "steward", "sponsor")
SURNAMES = tuple(name.split(" ")[-1] for name in DUTCH_LAST_NAMES)
"""Family names without their prefix ('van den Berg' → 'Berg'), for company names."""
STAGES = ("idea", "forming", "running", "ended")
STAGE_SHARE = np.array([0.3, 0.3, 0.3, 0.1])
MEMBERS_PER_INITIATIVE = 15


@dataclass(frozen=True)
class Charter:
    """A network charter in one language: purpose, shared values and rules of the game."""

    language: str
    purpose: str
    values: list[str]
    rules: list[str]


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens.

    'Energiecoöperatie Zwolle' → 'energiecooperatie-zwolle'.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def unique_texts(texts: list[str], numbered: str) -> list[str]:
    """The texts, the k-th repeat (k ≥ 2) of a text formatted as ``numbered.format(text, k)``.

    A numbered text could itself collide with a given text, so repeat until none do.
    """
    result = list(texts)
    while True:
        frame = pl.DataFrame({"text": result})
        repeat = pl.col("text").cum_count().over("text")
        renamed = (
            frame.select(
                pl.when(repeat > 1).then(pl.format(numbered, "text", repeat)).otherwise("text")
            )
            .to_series()
            .to_list()
        )
        if renamed == result:
            return result
        result = renamed


def network_identity(config: SynthConfig, pop: Population) -> tuple[str, str, Charter, Charter]:
    """Name, slug and the English and Dutch charter of the network."""
    rng = rng_for(config, 6)
    counts = np.bincount(pop.themes[:, 0], minlength=len(THEMES))
    top = [THEMES[t] for t in np.argsort(-counts, kind="stable")[:3]]
    name = config.network_name
    if name is None:
        pattern = NETWORK_NAME_PATTERNS[int(rng.integers(len(NETWORK_NAME_PATTERNS)))]
        name = pattern.format(t=THEME_NAMES[top[0]][1].split(" ")[0], r=home_region(config).name)
    purpose = CHARTER_PURPOSES[int(rng.integers(len(CHARTER_PURPOSES)))]
    values = np.sort(rng.choice(len(CHARTER_VALUES), 4, replace=False))
    rules = np.sort(rng.choice(len(CHARTER_RULES), 5, replace=False))
    charters = []
    for lang, column in (("en", 0), ("nl", 1)):
        names = [THEME_NAMES[t][column].lower() for t in top]
        joiner = " and " if lang == "en" else " en "
        themes = ", ".join(names[:-1]) + joiner + names[-1]
        charters.append(
            Charter(
                language=lang,
                purpose=purpose[column].format(name=name, themes=themes),
                values=[CHARTER_VALUES[i][column] for i in values],
                rules=[CHARTER_RULES[i][column] for i in rules],
            )
        )
    return name, slugify(name), charters[0], charters[1]


def home_region(config: SynthConfig) -> Region:
    """The region the network sits in: its name and every organisation's city come from it."""
    return REGIONS[int(rng_for(config, 12).integers(len(REGIONS)))]


NAME_ATTEMPTS = 25
"""Draws of a pattern and its words before a taken organisation name gets a number."""


def organisations_frames(config: SynthConfig, pop: Population) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``tables.organisations`` (id, name, sector) and the details (id, slug, city, website).

    Every organisation sits in a city of the network's region (a few big cities, many small
    towns). Names follow a per-sector pattern; a name already taken is drawn again (one
    province, one "Gemeente Tiel"), and only when every draw is taken does it get a number.
    """
    region = home_region(config)
    rng = rng_for(config, 7)
    weight = 1.0 / np.arange(1, len(region.cities) + 1)
    weight /= weight.sum()
    taken: set[str] = set()
    names: list[str] = []
    cities: list[str] = []
    for sector in pop.org_sector.tolist():
        patterns = ORGANISATION_PATTERNS[SECTORS[sector]]
        for _attempt in range(NAME_ATTEMPTS):
            city = region.cities[int(rng.choice(len(region.cities), p=weight))]
            name = patterns[int(rng.integers(len(patterns)))].format(
                c=city,
                n=region.neighbourhoods[int(rng.integers(len(region.neighbourhoods)))],
                w=ORGANISATION_WORDS[int(rng.integers(len(ORGANISATION_WORDS)))],
                s=SURNAMES[int(rng.integers(len(SURNAMES)))],
                p=region.province,
                r=region.name,
            )
            if name not in taken:
                break
        taken.add(name)
        names.append(name)
        cities.append(city)
    names = unique_texts(names, "{} {}")
    slugs = unique_texts([slugify(name) for name in names], "{}-{}")
    ids = np.arange(1, len(names) + 1, dtype=np.int64)
    organisations = pl.DataFrame(
        {
            "organisation_id": ids,
            "name": names,
            "sector": pl.Series(SECTORS).gather(pop.org_sector),
        }
    )
    details = pl.DataFrame(
        {
            "organisation_id": ids,
            "slug": slugs,
            "city": cities,
            "website": [f"https://{slug}.example" for slug in slugs],
        }
    )
    return organisations, details


def people_frame(config: SynthConfig, pop: Population, org_slugs: pl.Series) -> pl.DataFrame:
    """person_id, first_name, last_name, email, language, role.

    E-mail: ``first.last.<id>@<organisation-slug>.example`` (the reserved ``.example`` TLD).
    """
    rng = rng_for(config, 8)
    n = pop.size
    columns = {}
    for column, dutch, international in (
        ("first_name", DUTCH_FIRST_NAMES, INTERNATIONAL_FIRST_NAMES),
        ("last_name", DUTCH_LAST_NAMES, INTERNATIONAL_LAST_NAMES),
    ):
        nl_pick = rng.integers(0, len(dutch), n)
        en_pick = rng.integers(0, len(international), n)
        nl_names, en_names = pl.Series(dutch), pl.Series(international)
        columns[column] = pl.select(
            pl.when(pl.Series(pop.english))
            .then(en_names.gather(en_pick))
            .otherwise(nl_names.gather(nl_pick))
        ).to_series()
        slug_nl = pl.Series([slugify(x).replace("-", "") for x in dutch]).gather(nl_pick)
        slug_en = pl.Series([slugify(x).replace("-", "") for x in international]).gather(en_pick)
        columns[f"_{column}"] = pl.select(
            pl.when(pl.Series(pop.english)).then(slug_en).otherwise(slug_nl)
        ).to_series()
    ids = np.arange(1, n + 1, dtype=np.int64)
    frame = pl.DataFrame(
        {
            "person_id": ids,
            "first_name": columns["first_name"],
            "last_name": columns["last_name"],
            "_first": columns["_first_name"],
            "_last": columns["_last_name"],
            "_org": org_slugs.gather(pop.person_org),
            "language": np.where(pop.english, "en", "nl"),
            "role": pl.Series(ROLES).gather(pop.role),
        }
    )
    email = pl.format("{}.{}.{}@{}.example", "_first", "_last", "person_id", "_org")
    return frame.with_columns(email=email).select(
        "person_id", "first_name", "last_name", "email", "language", "role"
    )


def members_frame(config: SynthConfig, pop: Population) -> pl.DataFrame:
    """``tables.members``: person, organisation, sector, joined and left dates."""
    epoch = config.start_epoch_day
    stays = pop.left == NO_END
    frame = pl.DataFrame(
        {
            "person_id": np.arange(1, pop.size + 1, dtype=np.int64),
            "organisation_id": pop.person_org.astype(np.int64) + 1,
            "sector": pl.Series(SECTORS).gather(pop.person_sector),
            "joined": to_dates(pop.joined, epoch),
            "left": to_dates(np.where(stays, 0, pop.left), epoch),
            "_stays": stays,
        }
    )
    return frame.with_columns(
        left=pl.when(pl.col("_stays")).then(None).otherwise(pl.col("left"))
    ).drop("_stays")


def member_themes_frame(pop: Population) -> pl.DataFrame:
    """``tables.member_themes``: one row per person and theme, primary theme first."""
    person, slot = np.nonzero(pop.themes >= 0)
    return pl.DataFrame(
        {
            "person_id": person.astype(np.int64) + 1,
            "theme": pl.Series(THEMES).gather(pop.themes[person, slot]),
        }
    )


def themes_frame() -> pl.DataFrame:
    """slug, name_en, name_nl of every theme."""
    return pl.DataFrame(
        {
            "slug": list(THEMES),
            "name_en": [THEME_NAMES[t][0] for t in THEMES],
            "name_nl": [THEME_NAMES[t][1] for t in THEMES],
        }
    )


def person_theme(pop: Population, people: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One of each person's themes: the primary one with probability 0.6, else any of theirs."""
    count = (pop.themes[people] >= 0).sum(axis=1)
    slot = np.where(rng.random(len(people)) < 0.6, 0, (rng.random(len(people)) * count).astype(int))
    return pop.themes[people, slot]


def membership_days(
    pop: Population, people: np.ndarray, days: int, rng: np.random.Generator
) -> np.ndarray:
    """A uniform day within each person's membership inside the window."""
    lo = np.maximum(pop.joined[people], 0)
    hi = np.minimum(pop.left[people], days)
    return lo + (rng.random(len(people)) * (hi - lo + 1)).astype(np.int64)


def asks_offers_frames(config: SynthConfig, pop: Population) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Asks and offers: person_id, theme, language, text, created_on, closed_on.

    About 0.8 asks and 1 offer per person. Text = template prefix + theme subject + suffix,
    in the person's language. Closed after 1–8 months with probability 0.45, or when the
    person left; closed_on is null while open.
    """
    rng = rng_for(config, 9)
    subjects = [(t, s) for t in range(len(THEMES)) for s in THEME_SUBJECTS[THEMES[t]]]
    subject_theme = np.array([t for t, _ in subjects])
    subject_first = np.searchsorted(subject_theme, np.arange(len(THEMES)))
    subject_count = np.bincount(subject_theme, minlength=len(THEMES))
    frames = []
    for mean, templates in ((0.8, ASK_TEMPLATES), (1.0, OFFER_TEMPLATES)):
        per = np.minimum(rng.poisson(mean * np.where(pop.role == 2, 0.2, 1.0)), 4)
        people = np.repeat(np.arange(pop.size), per)
        theme = person_theme(pop, people, rng)
        subject = subject_first[theme] + (rng.random(len(people)) * subject_count[theme]).astype(
            int
        )
        template = rng.integers(0, len(templates["en"]), len(people))
        english = pop.english[people]
        text = []
        for column, lang_key in ((0, "en"), (1, "nl")):
            prefix = pl.Series([p for p, _ in templates[lang_key]]).gather(template)
            suffix = pl.Series([s for _, s in templates[lang_key]]).gather(template)
            body = pl.Series([s[column] for _, s in subjects]).gather(subject)
            text.append(pl.select(pl.concat_str([prefix, body, suffix])).to_series())
        created = membership_days(pop, people, config.days, rng)
        closed = created + rng.integers(30, 240, len(people))
        stop = np.minimum(pop.left[people], config.days)
        is_closed = (rng.random(len(people)) < 0.45) & (closed <= stop)
        closed = np.where(is_closed, closed, pop.left[people])
        is_closed |= pop.left[people] <= config.days
        epoch = config.start_epoch_day
        frame = pl.DataFrame(
            {
                "person_id": people.astype(np.int64) + 1,
                "theme": pl.Series(THEMES).gather(theme),
                "language": np.where(english, "en", "nl"),
                "text": pl.select(
                    pl.when(pl.Series(english)).then(text[0]).otherwise(text[1])
                ).to_series(),
                "created_on": to_dates(created, epoch),
                "closed_on": to_dates(np.where(is_closed, closed, 0), epoch),
                "_closed": is_closed,
            }
        )
        frame = frame.with_columns(
            closed_on=pl.when(pl.col("_closed")).then(pl.col("closed_on")).otherwise(None)
        ).drop("_closed")
        frames.append(frame)
    return frames[0], frames[1]


def initiatives_frame(config: SynthConfig, pop: Population, cities: pl.Series) -> pl.DataFrame:
    """initiative_id, name, stage, owner_id, themes (list of slugs), started_on, partner_found_on.

    About one initiative per 15 members; owners drawn ∝ activity; the name pairs a theme's
    initiative name with the owner's organisation's city. Stages: idea 30 %, forming 30 %,
    running 30 %, ended 10 %; a partner is found 2–10 months after the start for running and
    ended initiatives and half of the forming ones (null otherwise, or if after the window).
    """
    rng = rng_for(config, 10)
    count = max(3, round(pop.size / MEMBERS_PER_INITIATIVE))
    weight = pop.activity * (pop.left == NO_END)
    owner = rng.choice(pop.size, size=count, p=weight / weight.sum())
    theme = person_theme(pop, owner, rng)
    second = pop.themes[owner, 1]
    both = (rng.random(count) < 0.4) & (second >= 0) & (second != theme)
    names = []
    for i in range(count):
        pieces = INITIATIVE_NAMES[THEMES[theme[i]]]
        names.append(
            f"{pieces[int(rng.integers(len(pieces)))]} {cities[int(pop.person_org[owner[i]])]}"
        )
    stage = np.searchsorted(np.cumsum(STAGE_SHARE), rng.random(count))
    started = membership_days(pop, owner, config.days - 30, rng)
    partner = started + rng.integers(60, 300, count)
    found = ((stage >= 2) | ((stage == 1) & (rng.random(count) < 0.5))) & (partner <= config.days)
    epoch = config.start_epoch_day
    themes = [
        [THEMES[theme[i]], THEMES[second[i]]] if both[i] else [THEMES[theme[i]]]
        for i in range(count)
    ]
    frame = pl.DataFrame(
        {
            "initiative_id": np.arange(1, count + 1, dtype=np.int64),
            "name": names,
            "stage": pl.Series(STAGES).gather(stage),
            "owner_id": owner.astype(np.int64) + 1,
            "themes": pl.Series(themes, dtype=pl.List(pl.String)),
            "started_on": to_dates(started, epoch),
            "partner_found_on": to_dates(np.where(found, partner, 0), epoch),
            "_found": found,
        }
    )
    return frame.with_columns(
        partner_found_on=pl.when(pl.col("_found")).then(pl.col("partner_found_on")).otherwise(None)
    ).drop("_found")
