"""CPU of computing one member's ties, as a member home does after the member's ties changed.

What runs: ``netweave.ledger.ties`` computing the ties of two members of the network that
``benchmarks/web.py --keep --prepare`` keeps (10,000 members, about a million interactions):
``web.py``'s member and the member with the most interactions. Each child process reads their
interactions once, then computes their ties ``--calls`` times and reports the CPU a
computation took (``time.process_time``: all of the process's threads). The ways, each in a
fresh child process, interleaved ``--rounds`` times (the median is reported):

- ``one thread``: Polars on one thread, as a web process runs it (``netweave.wsgi``);
- ``thread per core``: Polars' default (the reference: the web processes before 4 December).

It runs on a copy of the kept database, dropped at the end::

    PYTHONPATH=src .venv/bin/python benchmarks/member_ties.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

WAYS = {"one thread": "1", "thread per core": None}
RESULTS = Path(__file__).parent / "results" / "member_ties.json"


def child(members: int, calls: int) -> None:
    """Compute each member's ties ``calls`` times; print the CPU ms a computation took."""
    from web_profile import configure

    setup = configure(members, f"bench_web_{members}_ties")
    import django

    django.setup()
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from netweave.insights import MetricSettings
    from netweave.ledger import ties
    from netweave.ledger.models import Interaction
    from netweave.networks.models import Membership, Person

    session = Session.objects.get(session_key=setup["sessions"]["member"]).get_decoded()
    member = Membership.objects.get(user_id=session["_auth_user_id"]).person
    network = member.network
    counts: Counter[int] = Counter()
    for column in ("person_a_id", "person_b_id"):
        counts.update(Interaction.objects.filter(network=network).values_list(column, flat=True))
    busiest = Person.objects.get(pk=counts.most_common(1)[0][0])
    at = timezone.localdate()
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    out = {}
    for label, person in (("benchmark member", member), ("busiest member", busiest)):
        rows = [
            row[1:]
            for row in ties._interactions(network, person, at).values_list(
                "pk", "person_a_id", "person_b_id", "occurred_on", "kind", "directed"
            )
        ]
        ties._computed(person, rows, at, settings)  # warm: Polars' first plans
        started = time.process_time()
        for _ in range(calls):
            ties._computed(person, rows, at, settings)
        out[label] = {
            "interactions": len(rows),
            "cpu_ms": (time.process_time() - started) * 1000 / calls,
        }
    print(json.dumps(out))


def run_way(way: str, members: int, calls: int) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "POLARS_MAX_THREADS"}
    if WAYS[way] is not None:
        environment["POLARS_MAX_THREADS"] = WAYS[way]
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--members", str(members), "--calls", str(calls)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.members, args.calls)
        return
    from web import database

    kept = f"bench_web_{args.members}"
    database("create", f"{kept}_ties", template=kept)
    try:
        measured: dict[str, list[dict]] = {way: [] for way in WAYS}
        for _ in range(args.rounds):
            for way in WAYS:
                measured[way].append(run_way(way, args.members, args.calls))
    finally:
        database("drop", f"{kept}_ties")
    people = list(measured["one thread"][0])
    result: dict = {"command": "python benchmarks/member_ties.py " + " ".join(sys.argv[1:])}
    print(f"{'member':<18}{'interactions':>13}" + "".join(f"{way:>18}" for way in WAYS) + "  ratio")
    for person in people:
        medians = {
            way: statistics.median(run[person]["cpu_ms"] for run in runs)
            for way, runs in measured.items()
        }
        ratio = medians["one thread"] / medians["thread per core"]
        interactions = measured["one thread"][0][person]["interactions"]
        print(
            f"{person:<18}{interactions:>13}"
            + "".join(f"{medians[way]:>15.2f} ms" for way in WAYS)
            + f"  {ratio:.2f}"
        )
        result[person] = {"interactions": interactions, "cpu_ms": medians, "ratio": ratio}
    result |= {"machine_cores": os.cpu_count(), "rounds": args.rounds, "calls": args.calls}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
