"""Workers and web processes compute on one thread: the numeric libraries' thread per core is
kept to one (their threads spin between small jobs, on cores other processes need)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# The BLAS and OpenMP libraries loaded (numpy's, scipy's, igraph's) and the threads each may use,
# as threadpoolctl reads them from the libraries themselves, after `netweave worker`'s first step
# or without it; scipy's OpenBLAS is loaded only after that step, as in a worker.
WORKER_POOLS = """
import json, sys
import django
django.setup()
if sys.argv[1] == "limited":
    from netweave.worker import numeric_threads_limit
    numeric_threads_limit()
import numpy, scipy.linalg, sklearn.feature_extraction.text  # (scipy brings an OpenBLAS of its own)
from threadpoolctl import threadpool_info
print(json.dumps([pool["num_threads"] for pool in threadpool_info()]))
"""

# Polars' threads in a process that loaded netweave's WSGI application (as gunicorn's processes
# do), or Polars alone.
WEB_POLARS = """
import sys
if sys.argv[1] == "limited":
    import netweave.wsgi
import polars
print(polars.thread_pool_size())
"""

several_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread anyway")


def _child(script: str, how: str) -> str:
    """What ``script`` prints, run ``how`` ("limited" or not) with no thread count set."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("_NUM_THREADS") and k != "POLARS_MAX_THREADS"
    }
    return subprocess.run(
        [sys.executable, "-c", script, how],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    ).stdout


def test_a_worker_keeps_every_numeric_library_to_one_thread():
    threads = json.loads(_child(WORKER_POOLS, "limited"))
    assert threads and set(threads) == {1}


@several_cores
def test_without_the_limit_they_take_every_core():
    assert max(json.loads(_child(WORKER_POOLS, "as started"))) > 1


def test_a_web_process_runs_polars_on_one_thread():
    assert int(_child(WEB_POLARS, "limited")) == 1


@several_cores
def test_without_it_polars_takes_every_core():
    assert int(_child(WEB_POLARS, "as started")) > 1
