"""Who meets whom in a random-coffee round: a pure library (no Django), like ``insights``."""

from netweave.matching.pairing import (
    Pairing,
    PairingWeights,
    RoundProblem,
    pair_round,
    round_problem,
    seat_stranded,
)

__all__ = [
    "Pairing",
    "PairingWeights",
    "RoundProblem",
    "pair_round",
    "round_problem",
    "seat_stranded",
]
