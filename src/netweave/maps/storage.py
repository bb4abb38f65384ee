"""Tables in and out of a :class:`~netweave.maps.models.NetworkMap` row (Arrow IPC bytes)."""

from __future__ import annotations

import io

import polars as pl


def frame_to_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    # LZ4 keeps the row small and reads back faster than the database can send it.
    frame.write_ipc(buffer, compression="lz4")
    return buffer.getvalue()


def frame_from_bytes(data: bytes | memoryview) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(bytes(data)))
