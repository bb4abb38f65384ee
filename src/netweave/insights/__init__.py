"""netweave.insights: the network metrics, as a pure library (no Django).

Columnar tables in (see :mod:`netweave.insights.tables`), typed results out. The public API is
described in ``docs/insights-api.md``; each metric's meaning and formula in ``docs/metrics.md``.
"""

from netweave.insights.bridging import Bridging, bridging, golden_triangle, sector_matrix
from netweave.insights.brokerage import (
    Brokerage,
    PendingBrokerage,
    SampledBetweenness,
    betweenness,
    brokerage,
    constraint,
    sampled_betweenness,
    sampling_error_bound,
    start_brokerage,
)
from netweave.insights.change import MEANINGFUL_CHANGE, Direction, change_direction
from netweave.insights.cohesion import Cohesion, cohesion, leiden_communities
from netweave.insights.graph import TieGraph, aggregate_ties, build_tie_graph, tie_graph
from netweave.insights.introductions import Introductions, introductions
from netweave.insights.key_players import KeyPlayers, key_players
from netweave.insights.orientation import Orientation, orientation
from netweave.insights.period import Period
from netweave.insights.reciprocity import Reciprocity, reciprocity
from netweave.insights.renewal import Renewal, renewal
from netweave.insights.routines import Routines, routines
from netweave.insights.settings import MetricSettings, SettingsError
from netweave.insights.summary import (
    HEADLINE_FIGURES,
    HIGHER_IS_BETTER,
    TARGETS,
    Comparison,
    NetworkInsights,
    analyse,
    analyse_with_previous,
    compare,
)
from netweave.insights.tables import NetworkTables, TableSchemaError
from netweave.insights.tie_flow import TieFlow, tie_flow
from netweave.insights.warmth import WARMTH_STATES, Warmth, tie_warmth, warmth, warmths

__all__ = [
    "HEADLINE_FIGURES",
    "HIGHER_IS_BETTER",
    "MEANINGFUL_CHANGE",
    "TARGETS",
    "WARMTH_STATES",
    "Bridging",
    "Brokerage",
    "Cohesion",
    "Comparison",
    "Direction",
    "Introductions",
    "KeyPlayers",
    "MetricSettings",
    "NetworkInsights",
    "NetworkTables",
    "Orientation",
    "PendingBrokerage",
    "Period",
    "Reciprocity",
    "Renewal",
    "Routines",
    "SampledBetweenness",
    "SettingsError",
    "TableSchemaError",
    "TieFlow",
    "TieGraph",
    "Warmth",
    "aggregate_ties",
    "analyse",
    "analyse_with_previous",
    "betweenness",
    "bridging",
    "brokerage",
    "build_tie_graph",
    "change_direction",
    "cohesion",
    "compare",
    "constraint",
    "golden_triangle",
    "introductions",
    "key_players",
    "leiden_communities",
    "orientation",
    "reciprocity",
    "renewal",
    "routines",
    "sampled_betweenness",
    "sampling_error_bound",
    "sector_matrix",
    "start_brokerage",
    "tie_flow",
    "tie_graph",
    "tie_warmth",
    "warmth",
    "warmths",
]
