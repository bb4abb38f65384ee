"""A web process computes on one thread: Polars' thread per core is kept to one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Polars' threads in a process that loaded netweave's WSGI application (as gunicorn's processes
# do), or Polars alone.
POOL = """
import sys
if sys.argv[1] == "served":
    import netweave.wsgi
import polars
print(polars.thread_pool_size())
"""


def _pool(how: str) -> int:
    environment = {k: v for k, v in os.environ.items() if k != "POLARS_MAX_THREADS"}
    out = subprocess.run(
        [sys.executable, "-c", POOL, how],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    ).stdout
    return int(out)


def test_a_web_process_runs_polars_on_one_thread():
    assert _pool("served") == 1


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread anyway")
def test_without_it_polars_takes_every_core():
    assert _pool("alone") > 1
