"""Metric settings a steward can change, with their defaults.

Every threshold a metric uses lives here, once, so that a report can print the settings it
was computed with (``MetricSettings.as_dict``) and a steward can override them from a plain
mapping (``MetricSettings.from_mapping``). Meaning of each field: ``docs/metrics.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from netweave.insights.tables import DEFAULT_KIND_WEIGHTS, INTERACTION_KINDS

__all__ = ["MetricSettings", "SettingsError"]


class SettingsError(ValueError):
    """A settings mapping has an unknown key or a value that does not fit."""


def _default_kind_weights() -> Mapping[str, float]:
    return MappingProxyType(dict(DEFAULT_KIND_WEIGHTS))


@dataclass(frozen=True)
class MetricSettings:
    """Steward-overridable defaults of every metric.

    Attributes
    ----------
    half_life_days : float
        Warmth of an interaction halves every ``half_life_days`` days (90).
    cooling_fraction : float
        A tie is *cooling* when its warmth is below ``cooling_fraction`` × its peak over the
        last ``peak_window_days`` … (0.5)
    cooling_silence_days : int
        … and there was no contact for at least this many days (60).
    peak_window_days : int
        Window, ending at the moment of measurement, over which the peak is taken (365).
    warm_threshold : float
        A tie is *warm* when its warmth is at least this (0.5: one meeting of weight 1 stays
        warm for exactly one half-life; a joint work of weight 3 for about 2.6 half-lives).
    kind_weights : Mapping[str, float]
        Weight of each interaction kind. The ``weight`` column of the interactions table is
        scaled by ``kind_weights[kind] / DEFAULT_KIND_WEIGHTS[kind]``; with the defaults the
        recorded weights are used as they are.
    imbalance_min_volume : int
        Given + received needed before a member or organisation can be flagged imbalanced (10).
    imbalance_low, imbalance_high : float
        Imbalanced when balance = given / (given + received) is below ``imbalance_low`` (mostly
        taking, 0.25) or above ``imbalance_high`` (mostly giving, 0.75).
    betweenness_exact_max_nodes : int
        Graphs with more vertices get sampled betweenness (5000).
    betweenness_samples : int
        Number of source vertices sampled (256).
    betweenness_confidence : float
        Confidence of the stated error bound of sampled betweenness (0.95).
    leiden_iterations : int
        Passes of the Leiden algorithm (2, its authors' default; −1: until the partition is
        stable, about 10× slower for +0.1 % modularity on the benchmark network).
    seed : int
        Seed of every random choice (betweenness sources, Leiden).
    introduction_three_step_weight : float
        γ: weight of three-step warm walks beside two-step ones (friends of friends of
        friends beside friends of friends) in the proximity of a suggested introduction (0.5).
    introduction_warmth_exponent : float
        α: a tie's strength in the proximity of a suggestion is (1 + ln(1 + warmth))^α (0: every
        tie counts the same; 1: warmer ties count more).
    introduction_affinity_weight : float
        λ: exponent of the formation lift (how much more often colleagues, sector peers or
        people across sectors got to know each other lately) in a suggestion's score
        (1; 0 switches it off).
    introduction_text_weight : float
        Weight of the ask ↔ offer text match in a suggestion's score (0.5).
    introduction_theme_weight : float
        Weight of shared themes (Jaccard of the two theme sets) in a suggestion's score (0.1).
    introduction_bridging_bonus : float
        β: a suggestion across organisation, sector and community scores 1 + β times as much
        as one inside all three (0.2).
    text_match_threshold : float
        An ask and an offer *match* when the cosine of their lemma TF-IDF vectors is at least
        this (0.2).
    introductions_per_week : int
        Fairness when suggestions are sent: nobody receives more than this many a week (2).
    """

    half_life_days: float = 90.0
    cooling_fraction: float = 0.5
    cooling_silence_days: int = 60
    peak_window_days: int = 365
    warm_threshold: float = 0.5
    kind_weights: Mapping[str, float] = field(default_factory=_default_kind_weights)
    imbalance_min_volume: int = 10
    imbalance_low: float = 0.25
    imbalance_high: float = 0.75
    betweenness_exact_max_nodes: int = 5000
    betweenness_samples: int = 256
    betweenness_confidence: float = 0.95
    leiden_iterations: int = 2
    seed: int = 42
    introduction_three_step_weight: float = 0.5
    introduction_warmth_exponent: float = 0.0
    introduction_affinity_weight: float = 1.0
    introduction_text_weight: float = 0.5
    introduction_theme_weight: float = 0.1
    introduction_bridging_bonus: float = 0.2
    text_match_threshold: float = 0.2
    introductions_per_week: int = 2

    def __post_init__(self) -> None:
        unknown = set(self.kind_weights) - set(INTERACTION_KINDS)
        if unknown:
            raise SettingsError(f"kind_weights has unknown kind(s): {', '.join(sorted(unknown))}")
        merged = dict(DEFAULT_KIND_WEIGHTS) | {k: float(v) for k, v in self.kind_weights.items()}
        if any(value < 0 for value in merged.values()):
            raise SettingsError("kind_weights must not be negative")
        object.__setattr__(self, "kind_weights", MappingProxyType(merged))
        checks = {
            "half_life_days": self.half_life_days > 0,
            "cooling_fraction": 0 < self.cooling_fraction <= 1,
            "cooling_silence_days": self.cooling_silence_days >= 0,
            "peak_window_days": self.peak_window_days >= 0,
            "warm_threshold": self.warm_threshold > 0,
            "imbalance_min_volume": self.imbalance_min_volume >= 0,
            "imbalance_low": 0 <= self.imbalance_low <= self.imbalance_high,
            "imbalance_high": self.imbalance_low <= self.imbalance_high <= 1,
            "betweenness_exact_max_nodes": self.betweenness_exact_max_nodes >= 0,
            "betweenness_samples": self.betweenness_samples >= 1,
            "betweenness_confidence": 0 < self.betweenness_confidence < 1,
            "leiden_iterations": self.leiden_iterations != 0,
            "introduction_three_step_weight": self.introduction_three_step_weight >= 0,
            "introduction_warmth_exponent": True,
            "introduction_affinity_weight": self.introduction_affinity_weight >= 0,
            "introduction_text_weight": self.introduction_text_weight >= 0,
            "introduction_theme_weight": self.introduction_theme_weight >= 0,
            "introduction_bridging_bonus": self.introduction_bridging_bonus >= 0,
            "text_match_threshold": 0 <= self.text_match_threshold <= 1,
            "introductions_per_week": self.introductions_per_week >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            values = ", ".join(f"{name}={getattr(self, name)!r}" for name in bad)
            raise SettingsError(f"setting(s) out of range: {values}")

    def __hash__(self) -> int:
        # kind_weights is a read-only mapping (unhashable): hash its items instead.
        values = [getattr(self, f.name) for f in fields(self) if f.name != "kind_weights"]
        return hash((*values, tuple(sorted(self.kind_weights.items()))))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> MetricSettings:
        """Settings with the defaults overridden by ``values``.

        Raises :class:`SettingsError` naming any unknown key or a value of the wrong type.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(
                f"unknown metric setting(s): {', '.join(unknown)}; "
                f"known settings are: {', '.join(known)}"
            )
        converted: dict[str, Any] = {}
        for name, value in values.items():
            default = getattr(cls(), name)
            if name == "kind_weights":
                if not isinstance(value, Mapping):
                    raise SettingsError("kind_weights must be a mapping of kind to weight")
                converted[name] = value
            elif isinstance(default, bool) or isinstance(value, bool):
                raise SettingsError(f"setting {name!r} must be a number, got {value!r}")
            elif isinstance(default, int) and not isinstance(default, bool):
                if not isinstance(value, int) and not (
                    isinstance(value, float) and value.is_integer()
                ):
                    raise SettingsError(f"setting {name!r} must be a whole number, got {value!r}")
                converted[name] = int(value)
            elif isinstance(default, float):
                if not isinstance(value, int | float):
                    raise SettingsError(f"setting {name!r} must be a number, got {value!r}")
                converted[name] = float(value)
        return cls(**converted)

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (``kind_weights`` as a dict)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["kind_weights"] = dict(self.kind_weights)
        return data
