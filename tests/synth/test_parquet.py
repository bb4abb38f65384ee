"""A network written to Parquet reads back identical."""

from __future__ import annotations

from dataclasses import fields

from netweave.insights.tables import NetworkTables
from netweave.synth import read_parquet, write_parquet
from netweave.synth.network import FRAMES


def test_parquet_round_trip(demo, tmp_path):
    write_parquet(demo, tmp_path)
    back = read_parquet(tmp_path)
    for field in fields(NetworkTables):
        assert getattr(back.tables, field.name).equals(getattr(demo.tables, field.name))
        assert (tmp_path / f"{field.name}.parquet").exists()
    for name in FRAMES:
        assert getattr(back, name).equals(getattr(demo, name)), name
    assert back.config == demo.config
    assert (back.name, back.slug) == (demo.name, demo.slug)
    assert back.charter == demo.charter
    assert back.charter_nl == demo.charter_nl
    assert NetworkTables.read_parquet(tmp_path).interactions.equals(demo.tables.interactions)
