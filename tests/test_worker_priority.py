"""A worker's lowered priority reaches the kernel's scheduling groups (Linux autogroups)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

AUTOGROUP = Path("/proc/self/autogroup")
pytestmark = pytest.mark.skipif(not AUTOGROUP.exists(), reason="a kernel without autogroups")

# What `netweave worker` does first, then what the kernel says of the process and its group.
LOWERED = """
import django, os
django.setup()
from netweave.worker import priority_lower
priority_lower(7)
print(os.getpriority(os.PRIO_PROCESS, 0))
print(open("/proc/self/autogroup").read().strip())
"""


def _group_of(autogroup: str) -> str:
    """The group's name; the kernel prints nothing for the root group (init's, a container's)."""
    return autogroup.split()[0] if autogroup.strip() else "/"


def _lowered(**popen: bool) -> tuple[int, str]:
    out = subprocess.run(
        [sys.executable, "-c", LOWERED], capture_output=True, text=True, check=True, **popen
    ).stdout.splitlines()
    return int(out[0]), out[1] if len(out) > 1 else ""


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
