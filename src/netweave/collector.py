"""Python's cyclic garbage collector paused around work that makes millions of objects.

The collector runs after every so many allocations and then walks every object of the process,
so building a million rows (or WeasyPrint's boxes) sets it off again and again for nothing when
none of those objects can be part of a cycle. Each caller says beside its ``with`` why that
holds for its objects. Reference counting still frees everything as usual, and the pause is
process-wide: other threads go without collection meanwhile too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block; back on afterwards if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
