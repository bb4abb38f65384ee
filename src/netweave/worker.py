"""`netweave worker`: django-tasks-db's worker, kept alive through database trouble.

The queue loop is django-tasks-db's own. Around it: a database that is locked or gone (a long
write elsewhere, PostgreSQL restarting) is waited for with growing pauses, each one logged,
instead of ending the worker. Beside it, a thread tells the report runs this worker is making
that it lives (a heartbeat), and fails runs whose worker died — at start, and from then on.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from django.db import DatabaseError, connections
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from netweave.logs import log_context
from netweave.reports import services as reports

logger = logging.getLogger(__name__)

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A worker that ran this long without trouble starts again from the first, short pause.
HEALTHY_FOR = 60.0
POLL_INTERVAL = 1.0


AUTOGROUP = Path("/proc/self/autogroup")
THREADS = Path("/proc/self/task")
MAX_NICENESS = 19
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""What a BLAS or OpenMP library reads, when it loads, for the threads it may use."""


def priority_lower(niceness: int) -> None:
    """Ask the kernel to schedule this process ``niceness`` lower than it was started with.

    A nice value only ranks threads of one scheduling group. Linux puts every session in a group
    of its own (autogroup, on by default), and the groups share the cores equally: a worker in a
    session of its own (started by a service manager, or ``setsid``) competes with the web
    server's session as an equal however nice it is. Such a worker lowers its group too; one
    that shares its session (``netweave serve``'s workers, a terminal) leaves the group alone,
    since lowering it would lower everything else in the session as well.

    A lowered worker also runs under the kernel's idle policy (``SCHED_IDLE``): whenever a page's
    process wakes on a core the worker holds, the kernel hands the core over at once, where a
    merely nice worker keeps it until its time slice ends. On 2 cores at 10,000 members, 50
    clients, during the worker's refreshes: autocomplete p95 49-51 ms against 55-65 ms
    (docs/dashboard.md).

    Linux ranks each thread on its own, and a thread inherits only what its starter had when it
    started: so every thread the process already has is lowered, not just this one. Libraries
    start threads when they are imported, before this runs: numpy's OpenBLAS one per extra core,
    which multiplies the recommender's matrices and otherwise kept the ordinary priority.
    """
    for thread in _threads():
        _lower(thread, niceness)
    if niceness and os.getsid(0) == os.getpid() and AUTOGROUP.exists():
        try:
            AUTOGROUP.write_text(str(niceness))
        except OSError as error:  # a kernel or container that refuses it: the nice value stays
            logger.info("could not lower the worker's scheduling group: %s", error)


def _threads() -> list[int]:
    """The ids of this process's threads (where the kernel does not list them: 0, the caller,
    which on such systems stands for the whole process)."""
    try:
        return [int(name) for name in os.listdir(THREADS)]
    except OSError:
        return [0]


def _lower(thread: int, niceness: int) -> None:
    try:
        lowered = min(os.getpriority(os.PRIO_PROCESS, thread) + niceness, MAX_NICENESS)
        os.setpriority(os.PRIO_PROCESS, thread, lowered)
    except ProcessLookupError:
        return  # it ended meanwhile
    if niceness and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
        except ProcessLookupError:
            return
        except OSError as error:  # a kernel or sandbox that refuses it: the nice value stays
            logger.info("could not give the worker the idle scheduling policy: %s", error)


def numeric_threads_limit() -> list[int]:
    """Let the numeric libraries compute on the calling thread alone.

    numpy's OpenBLAS has a thread per core and splits each matrix product among them; between
    products its threads spin, waiting for the next. The recommender makes many small products (a
    block of rows at a time), so the split bought little time for much CPU: at 10,000 members, on
    2 cores, its scoring took 7.0 s of CPU in 5.0 s with a thread per core and 5.4 s in 5.3 s with
    one (4.8 s in 4.6 s with the blocks of :data:`~netweave.insights.suggestions.BLOCK_BYTES`;
    benchmarks/worker_scoring.py). A worker's spare CPU is what the pages beside it would have had.

    The libraries already loaded are told so; those loaded later (scipy's own OpenBLAS, with
    scikit-learn, at the first text matching) read it from the environment when they load.

    Returns, and logs, the threads each library loaded now may use, as the libraries report it.
    """
    for variable in ONE_THREAD:
        os.environ[variable] = "1"
    import numpy  # noqa: F401 - loads OpenBLAS, so that its threads are there to be limited
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(limits=1)
    threads = [pool["num_threads"] for pool in threadpool_info()]
    logger.info("numeric libraries' threads: %s", threads)
    return threads


def _liveness(name: str, stop: threading.Event) -> None:
    """Heartbeat for this worker's runs; recovery of everyone's lost runs (first at once)."""
    with log_context(f"worker-{name}"):
        while not stop.is_set():
            try:
                reports.report_runs_recover()
                reports.report_runs_beat(name)
            except DatabaseError as error:
                logger.warning("heartbeat: database unavailable (%s); trying again", error)
            finally:
                connections.close_all()
            stop.wait(reports.HEARTBEAT.total_seconds())


def worker_run(*, batch: bool) -> None:
    """Run queued tasks until stopped (or, with ``batch``, until the queue is empty)."""
    name = reports.worker_name()
    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=POLL_INTERVAL,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        # django-tasks-db keeps at most 64 characters; the pid, at the end, matters most.
        worker_id=name[-64:],
        excluded_queue_names=[],
    )
    # One Ctrl+C or SIGTERM: finish the task at hand, then stop; a second: stop now.
    worker.configure_signals()
    stop = threading.Event()
    threading.Thread(target=_liveness, args=(name, stop), name="liveness", daemon=True).start()
    logger.info("worker %s started", name)
    pause = FIRST_PAUSE
    try:
        while True:
            started = time.monotonic()
            try:
                worker.run()
                return
            except DatabaseError as error:
                if time.monotonic() - started > HEALTHY_FOR:
                    pause = FIRST_PAUSE
                logger.warning(
                    "worker %s: database unavailable (%s); trying again in %.0f s",
                    name,
                    error,
                    pause,
                )
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
    finally:
        stop.set()
        logger.info("worker %s stopped", name)
