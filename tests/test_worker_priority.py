"""A worker's lowered priority reaches the kernel's scheduling groups (Linux autogroups)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

AUTOGROUP = Path("/proc/self/autogroup")
pytestmark = pytest.mark.skipif(not AUTOGROUP.exists(), reason="a kernel without autogroups")

# What `netweave worker` does first, then what the kernel says of the process, its threads and
# its group. numpy starts OpenBLAS's threads when it is imported, and a thread waits from before
# the priority is lowered: the threads a worker already has must be lowered too.
LOWERED = """
import django, os, sys, threading
import numpy
django.setup()
waiting = threading.Event()
earlier = threading.Thread(target=waiting.wait, daemon=True)
earlier.start()
from netweave.worker import priority_lower
priority_lower(int(sys.argv[1]))
started = []
thread = threading.Thread(target=lambda: started.append(os.sched_getscheduler(0)))
thread.start()
thread.join()

def each_thread(read):
    # A joined thread's kernel thread may still be listed a moment after join() returns and be
    # gone when it is read: what ended meanwhile has nothing left to report.
    for tid in os.listdir("/proc/self/task"):
        try:
            yield read(int(tid))
        except ProcessLookupError:
            pass

print(*set(each_thread(lambda tid: os.getpriority(os.PRIO_PROCESS, tid))))
print(*set(each_thread(os.sched_getscheduler)), *started)
print(earlier.native_id in {int(tid) for tid in os.listdir("/proc/self/task")})
print(open("/proc/self/autogroup").read().strip())
"""


def _group_of(autogroup: str) -> str:
    """The group's name; the kernel prints nothing for the root group (init's, a container's)."""
    return autogroup.split()[0] if autogroup.strip() else "/"


def _lowered(niceness: int = 7, **popen: bool) -> tuple[int, str]:
    niceness_, _, group = _started(niceness, **popen)
    return niceness_, group


def _started(niceness: int, **popen: bool) -> tuple[int, list[int], str]:
    """The nice value every thread of the worker has, the scheduling policy all its threads
    share followed by that of a thread it starts, and its group, as the kernel reports them."""
    out = subprocess.run(
        [sys.executable, "-c", LOWERED, str(niceness)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # a script that hangs fails the test instead of holding up the run
        **popen,
    ).stdout.splitlines()
    niceness_values = {int(value) for value in out[0].split()}
    assert len(niceness_values) == 1, f"its threads differ in nice value: {niceness_values}"
    assert out[2] == "True", "the thread waiting from before is among those read"
    return (
        niceness_values.pop(),
        [int(policy) for policy in out[1].split()],
        out[3] if len(out) > 3 else "",
    )


def test_a_worker_leading_its_own_session_lowers_its_group_too():
    niceness, group = _lowered(start_new_session=True)
    assert niceness == min(os.getpriority(os.PRIO_PROCESS, 0) + 7, 19)
    assert group.endswith(" nice 7"), group
    assert _group_of(group) != _group_of(AUTOGROUP.read_text()), "a group of its own"


def test_a_worker_sharing_a_session_leaves_the_group_to_the_others():
    ours = AUTOGROUP.read_text().strip()
    niceness, group = _lowered()
    assert niceness == min(os.getpriority(os.PRIO_PROCESS, 0) + 7, 19)
    assert group == ours, "the same group, as nice as before"
    assert AUTOGROUP.read_text().strip() == ours


def test_a_lowered_worker_and_its_threads_yield_a_core_at_once():
    # SCHED_IDLE: a waking page's process takes the core from it without waiting for a slice.
    _, policies, _ = _started(7, start_new_session=True)
    assert policies == [os.SCHED_IDLE, os.SCHED_IDLE]


def test_a_worker_not_lowered_keeps_the_ordinary_policy():
    ours = os.sched_getscheduler(0)
    niceness, policies, _ = _started(0, start_new_session=True)
    assert niceness == os.getpriority(os.PRIO_PROCESS, 0)
    assert policies == [ours, ours]
