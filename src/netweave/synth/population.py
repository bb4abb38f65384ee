"""Organisations and people: who is in the network, where they work, when they were members.

People are indexed ``0 .. members-1`` here (person id = index + 1); days are offsets from the
first day of the window (negative: before the window).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netweave.insights.tables import SECTORS, THEMES

from .config import SynthConfig, rng_for


def _per_sector(values: dict[str, float]) -> np.ndarray:
    """``values`` as an array in the order of :data:`SECTORS` (the generator indexes sectors by
    position); a sector missing or unknown stops the import instead of shifting the others."""
    if set(values) != set(SECTORS):
        raise ValueError(f"per-sector values for {sorted(values)}, not for {sorted(SECTORS)}")
    return np.array([values[sector] for sector in SECTORS])


SECTOR_SHARE = _per_sector(
    {
        "knowledge": 0.12,
        "business": 0.36,
        "government": 0.12,
        "civil_society": 0.26,
        "citizens": 0.14,
    }
)
"""Share of organisations per sector."""

SECTOR_SIZE = _per_sector(
    {"knowledge": 2.2, "business": 0.8, "government": 2.6, "civil_society": 1.1, "citizens": 0.6}
)
"""Relative number of members an organisation of each sector sends (municipalities send many)."""

NO_END = np.iinfo(np.int32).max // 2
"""Sentinel 'left' day of people still a member."""

ENGLISH_SHARE = np.array([0.25, 0.12, 0.04, 0.08, 0.05])
"""Share of English speakers per sector."""


@dataclass(frozen=True)
class Population:
    """Organisations and people as parallel NumPy arrays."""

    org_sector: np.ndarray  # int8 sector index per organisation
    org_theme: np.ndarray  # int8 theme index the organisation leans to
    person_org: np.ndarray  # int64 organisation index per person
    person_sector: np.ndarray  # int8
    joined: np.ndarray  # int32 day offset (negative: before the window)
    left: np.ndarray  # int32 day offset, NO_END while still a member
    activity: np.ndarray  # float64, mean about 1: how much someone interacts
    give: np.ndarray  # float64, heavy-tailed propensity to help others
    take: np.ndarray  # float64, heavy-tailed propensity to ask for help
    themes: np.ndarray  # int8 (members, 3): theme indices, -1 padded; column 0 is primary
    position: np.ndarray  # float64: theme index + place within the theme (a 1-d latent space)
    english: np.ndarray  # bool: prefers English
    role: np.ndarray  # int8: 0 member, 1 steward, 2 sponsor

    @property
    def size(self) -> int:
        return len(self.person_org)

    def member_on(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Whether ``person`` was a member on ``day`` (both bounds inclusive)."""
        return (self.joined[person] <= day) & (day <= self.left[person])


def apportion(total: int, share: np.ndarray) -> np.ndarray:
    """Whole counts summing to ``total`` in proportion to ``share``, each at least 1
    (largest remainders)."""
    exact = share / share.sum() * total
    count = np.maximum(np.floor(exact).astype(np.int64), 1)
    remainder = exact - np.floor(exact)
    for i in np.argsort(-remainder, kind="stable")[: max(total - count.sum(), 0)]:
        count[i] += 1
    return count


def organisation_sizes(n_orgs: int, members: int, sector: np.ndarray, rng: np.random.Generator):
    """Heavy-tailed sizes summing to ``members``, each at least 1.

    size = 1 + Multinomial(members - n_orgs, w / Σw) with w = sector factor · LogNormal(0, 1.1),
    so most organisations send one to three people and a few send dozens.
    """
    weight = SECTOR_SIZE[sector] * rng.lognormal(0.0, 1.1, n_orgs)
    return 1 + rng.multinomial(members - n_orgs, weight / weight.sum())


def build_population(config: SynthConfig) -> Population:
    """Draw organisations and people for ``config``."""
    rng = rng_for(config, 1)
    n_orgs, members, days = config.organisation_count, config.members, config.days
    # Every sector is present, in the proportions of the sector mix.
    org_sector = rng.permutation(
        np.repeat(np.arange(len(SECTORS)), apportion(n_orgs, SECTOR_SHARE))
    ).astype(np.int8)
    sizes = organisation_sizes(n_orgs, members, org_sector, rng)
    # People are shuffled so that ids do not come in blocks per organisation.
    person_org = rng.permutation(np.repeat(np.arange(n_orgs), sizes))
    person_sector = org_sector[person_org]

    theme_weight = rng.dirichlet(np.full(len(THEMES), 0.9))
    org_theme = rng.choice(len(THEMES), size=n_orgs, p=theme_weight).astype(np.int8)
    themes = draw_themes(person_org, org_theme, theme_weight, rng)
    # Colleagues sit close together in the latent space; the space orders people by theme.
    org_place = rng.random(n_orgs)
    place = np.clip(org_place[person_org] + rng.normal(0.0, 0.04, members), 0.0, 0.999)
    position = themes[:, 0] + place

    role = draw_roles(person_sector, rng)
    joined, left = draw_membership(members, days, role, rng)
    activity = rng.lognormal(-0.245, 0.7, members)  # mean 1
    activity[role == 1] *= 3.0
    activity[role == 2] *= 0.2
    # Lomax (Pareto II) propensities, capped: a few generous givers, a few heavy takers.
    give = np.minimum(rng.pareto(1.2, members), 50.0) + 0.05
    give[role == 1] *= 3.0
    take = np.minimum(rng.pareto(1.5, members), 30.0) + 0.05
    english = rng.random(members) < ENGLISH_SHARE[person_sector]
    return Population(
        org_sector=org_sector,
        org_theme=org_theme,
        person_org=person_org,
        person_sector=person_sector,
        joined=joined,
        left=left,
        activity=activity,
        give=give,
        take=take,
        themes=themes,
        position=position,
        english=english,
        role=role,
    )


def draw_themes(
    person_org: np.ndarray, org_theme: np.ndarray, weight: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One to three distinct themes per person; half take their organisation's theme first.

    Distinct themes come from the Gumbel-top-k trick: argsort of log w + Gumbel noise is a
    sample without replacement proportional to w.
    """
    members = len(person_org)
    keys = np.log(weight)[None, :] + rng.gumbel(size=(members, len(weight)))
    follows_org = rng.random(members) < 0.5
    keys[follows_org, org_theme[person_org[follows_org]]] = np.inf
    ranked = np.argsort(-keys, axis=1)[:, :3].astype(np.int8)
    count = rng.choice([1, 2, 3], size=members, p=[0.45, 0.4, 0.15])
    ranked[np.arange(3)[None, :] >= count[:, None]] = -1
    return ranked


def draw_roles(person_sector: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """1–3 stewards (civil society or government) and 1–2 sponsors (government), else members."""
    members = len(person_sector)
    role = np.zeros(members, dtype=np.int8)
    stewards = pick(np.flatnonzero(np.isin(person_sector, [2, 3])), int(rng.integers(1, 4)), rng)
    role[stewards] = 1
    candidates = np.flatnonzero((person_sector == 2) & (role == 0))
    role[pick(candidates, int(rng.integers(1, 3)), rng)] = 2
    return role


def pick(candidates: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` of ``candidates`` without replacement (fewer if there are fewer)."""
    return rng.choice(candidates, size=min(count, len(candidates)), replace=False)


def draw_membership(
    members: int, days: int, role: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Joined and left day offsets.

    Seven in eight members were there before the window opened; the others join evenly
    through it. One in nine leaves, at least 90 days after joining. Stewards and sponsors
    stay from before the window to its end.
    """
    founder = (rng.random(members) < 7 / 8) | (role > 0)
    joined = np.where(
        founder, -rng.integers(30, 5 * 365, members), rng.integers(0, days - 60, members)
    ).astype(np.int32)
    earliest_leave = np.maximum(joined, 0) + 90
    leaves = (rng.random(members) < 1 / 9) & (role == 0) & (earliest_leave < days)
    left_day = earliest_leave + (rng.random(members) * (days - earliest_leave)).astype(np.int32)
    left = np.where(leaves, left_day, NO_END).astype(np.int32)
    return joined, left
