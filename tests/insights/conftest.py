"""Fixtures of the insights tests: no Django settings, no database."""

from __future__ import annotations

import networkx as nx
import pytest
from insights_helpers import REFERENCE_GRAPHS


@pytest.fixture(params=sorted(REFERENCE_GRAPHS), scope="module")
def reference_graph(request: pytest.FixtureRequest) -> tuple[str, nx.Graph]:
    return request.param, REFERENCE_GRAPHS[request.param]()
