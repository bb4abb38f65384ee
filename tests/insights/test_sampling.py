"""Sampled betweenness stays within its stated error bound."""

from __future__ import annotations

import math

import numpy as np
import pytest
from insights_helpers import clustered_graph, tie_graph_of

from netweave.insights import MetricSettings, betweenness, brokerage, sampling_error_bound


def test_bound_formula():
    n, k, confidence = 1000, 100, 0.95
    expected = n / (n - 1) * math.sqrt(math.log(2 * n / 0.05) / (2 * k))
    assert sampling_error_bound(n, k, confidence) == pytest.approx(expected)
    assert sampling_error_bound(2, 10, 0.95) == 0.0


def test_sampled_betweenness_within_the_stated_bound_on_a_mid_size_graph():
    ties, _ = tie_graph_of(clustered_graph(n=1200, community=30, seed=5))
    exact = betweenness(ties)
    settings = MetricSettings(betweenness_exact_max_nodes=500, betweenness_samples=64, seed=9)
    result = brokerage(ties, settings)
    assert result.method == "sampled"
    assert result.samples == 64 and result.confidence == 0.95
    assert result.error_bound == pytest.approx(sampling_error_bound(ties.vertex_count, 64, 0.95))
    error = np.abs(result.members["betweenness"].to_numpy() - exact).max()
    assert error <= result.error_bound
    # The bound is a worst case; the typical error is far smaller.
    mean_error = np.abs(result.members["betweenness"].to_numpy() - exact).mean()
    assert mean_error <= result.error_bound / 20


def test_sampling_every_source_is_exact():
    ties, _ = tie_graph_of(clustered_graph(n=200, seed=2))
    everyone = np.arange(ties.vertex_count)
    assert np.allclose(betweenness(ties, sources=everyone), betweenness(ties), atol=1e-12)


def test_small_graphs_use_the_exact_method():
    ties, _ = tie_graph_of(clustered_graph(n=100, seed=2))
    result = brokerage(ties)
    assert result.method == "exact"
    assert result.error_bound is None and result.samples is None
