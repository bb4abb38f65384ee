"""The knobs of the generator, and the calendar they imply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
MIN_MEMBERS = 20
"""The smallest network generated. Tried: with 5 or fewer members generation fails for some
seeds (not enough people per organisation for introductions); 20 keeps a margin."""


@dataclass(frozen=True, kw_only=True)
class SynthConfig:
    """What network to generate.

    ``members`` counts everyone who was a member at some point in the window (the rows of
    ``tables.members``); about one in eight joins during the window and about one in nine
    leaves. ``until`` is the last day of the window, which spans ``years * 365`` days before
    it; the caller chooses it (the generator never looks at the clock). ``organisations``
    defaults to ``round(members / 3.75)`` (150 members, 40 organisations).
    ``interactions_per_member_year`` sets the volume: the interactions table has about
    ``members * years * interactions_per_member_year`` rows.
    """

    members: int
    until: date
    seed: int = 0
    years: int = 3
    organisations: int | None = None
    network_name: str | None = None
    interactions_per_member_year: float = 33.0

    def __post_init__(self) -> None:
        if self.members < MIN_MEMBERS:
            raise ValueError(f"members must be at least {MIN_MEMBERS}")
        if self.years < 1:
            raise ValueError("years must be at least 1")
        if self.organisations is not None and not 2 <= self.organisations <= self.members:
            raise ValueError("organisations must be between 2 and members")
        if self.interactions_per_member_year <= 0:
            raise ValueError("interactions_per_member_year must be positive")

    @property
    def organisation_count(self) -> int:
        """The number of organisations, given or derived from ``members``."""
        if self.organisations is not None:
            return self.organisations
        return max(5, round(self.members / 3.75))

    @property
    def days(self) -> int:
        """Length of the window in days minus one: day offsets run from 0 to ``days``."""
        return 365 * self.years

    @property
    def start(self) -> date:
        """The first day of the window: ``until - years * 365 days``."""
        return self.until - timedelta(days=self.days)

    @property
    def start_epoch_day(self) -> int:
        """``start`` as days since 1970-01-01, to turn day offsets into dates."""
        return (self.start - EPOCH).days


def rng_for(config: SynthConfig, part: int) -> np.random.Generator:
    """An independent random stream per part of the generator.

    Each part draws from its own stream, so that changing how one part draws does not shift
    the numbers every later part sees.
    """
    return np.random.default_rng([config.seed, part])
