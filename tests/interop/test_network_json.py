"""A whole network to netweave's JSON and back, under a new slug, identically."""

from __future__ import annotations

import json

import pytest

from netweave.interop.importing.problems import ImportRefused
from netweave.interop.snapshot import TABLES, network_snapshot
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Network

from .conftest import run_import

pytestmark = pytest.mark.django_db


def test_a_generated_network_is_restored_identically(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    exported = network_snapshot(original)
    path = tmp_path / "network.json"
    path.write_text(json.dumps(exported))

    result = run_import(path, None, slug="kopie")

    restored = network_snapshot(Network.objects.get(slug="kopie"))
    assert restored["network"].pop("slug") == "kopie"
    assert exported["network"].pop("slug") == "origineel"
    assert restored == exported
    # Every table is really there (the comparison above would also hold for empty ones).
    for table in ("people", "interactions", "attendance", "asks", "introductions"):
        assert len(exported[table]["rows"]) > 0, table
    assert result.created["interactions"] == len(exported["interactions"]["rows"])
    assert set(result.created) == {table.name for table in TABLES}


def test_restoring_over_an_existing_slug_is_refused(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    path = tmp_path / "network.json"
    path.write_text(json.dumps(network_snapshot(original)))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None, slug="origineel")

    assert "exists already" in caught.value.problems[0].reason


def test_a_damaged_document_names_its_table_and_row(small_synthetic, tmp_path):
    original = network_load_synthetic(synthetic=small_synthetic, slug="origineel")
    document = network_snapshot(original)
    document["people"]["rows"][4] = ["too", "short"]
    document["asks"]["rows"][0][0] = 99_999  # a member the document does not have
    path = tmp_path / "network.json"
    path.write_text(json.dumps(document))

    with pytest.raises(ImportRefused) as caught:
        run_import(path, None, slug="kopie")

    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "asks"), (5, "people")]
    assert not Network.objects.filter(slug="kopie").exists()
