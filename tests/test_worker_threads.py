"""A worker computes on one thread: the numeric libraries' thread per core is kept to one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# The BLAS and OpenMP libraries loaded (numpy's, scipy's, igraph's) and the threads each may use,
# as threadpoolctl reads them from the libraries themselves, after `netweave worker`'s first step
# or without it; scipy's OpenBLAS is loaded only after that step, as in a worker.
THREADS = """
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


def _threads(how: str) -> list[int]:
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run(
        [sys.executable, "-c", THREADS, how],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    ).stdout
    return json.loads(out)


def test_a_worker_keeps_every_numeric_library_to_one_thread():
    threads = _threads("limited")
    assert threads and set(threads) == {1}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread anyway")
def test_without_the_limit_they_take_every_core():
    assert max(_threads("as started")) > 1
