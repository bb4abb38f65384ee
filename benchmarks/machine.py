"""What every benchmark reports about the machine and its own memory use."""

from __future__ import annotations

import platform
import resource
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident set size (``VmHWM``), in MiB.

    Not ``getrusage().ru_maxrss`` where ``/proc`` is there: on Linux that keeps the high-water
    mark from before ``execve``, i.e. of the forked parent that may hold a generated network.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo``, else what :mod:`platform` knows."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"
