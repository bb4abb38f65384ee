"""Work through many items so that one that raises does not hold back the others.

The tick's jobs go through every network's occurrences, rounds and mails in one loop. Before,
one broken item (a routine of some other network whose round could not be paired) ended the job
there, and every item after it waited for a tick that would stop at the same place. Now each
item is tried on its own; the failures are raised together at the end, so that the tick still
logs every traceback and exits 1, and the next tick retries only what failed (the jobs skip what
they recorded as done).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext

from django.db import transaction


def each_isolated[T](items: Iterable[T], work: Callable[[T], int], *, atomic: bool = False) -> int:
    """Sum of ``work(item)`` over ``items``; raise an ExceptionGroup of the failures at the end.

    With ``atomic``, each item runs in a transaction (a savepoint inside one) of its own, so a
    failing item leaves nothing half-written. Jobs that send mail keep ``atomic`` off: they commit
    a sent-mail row with each mail, and rolling back a whole item would send those mails again.
    """
    done = 0
    errors: list[Exception] = []
    for item in items:
        try:
            with transaction.atomic() if atomic else nullcontext():
                done += work(item)
        except Exception as error:  # collected, and raised together below
            error.add_note(f"while working on {item!r}")
            errors.append(error)
    if errors:
        raise ExceptionGroup(f"{len(errors)} item(s) failed", errors)
    return done
