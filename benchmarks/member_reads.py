"""Benchmark of the member pages' reads on PostgreSQL: one person's ties, the member home and
the people autocomplete, at 1k and 10k generated members.

Named reference: the full network analysis a page must not run on a request,
``insights.warmth(network_tables(network))`` — what the member home would cost if it computed
the ties of everyone to show one person's. Ours, ``ledger.selectors.person_ties``, reads only
that person's interactions. Both run interleaved (ours, reference, ours, …), median of
``--runs``, for the member with the most interactions (the worst case) and a median member.

The member home (``/networks/<slug>/``) and the autocomplete partial
(``/networks/<slug>/people/search/``) are timed as whole requests through Django's test client
(middleware, login session, templates; no network hop), 5 queries × ``--runs`` each, against
the issue's target for the autocomplete (p95 ≤ 50 ms, there under 50 concurrent clients: this
is one client, so it bounds the server's own share).

A fresh PostgreSQL database ``bench_daily`` is created and dropped afterwards; the network is
generated (seed 1) and loaded before any clock starts.

    .venv/bin/python benchmarks/member_reads.py            # 1k and 10k members, 7 runs
    .venv/bin/python benchmarks/member_reads.py --sizes 1000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from machine import cpu_model, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "member_reads.json"
UNTIL = date(2026, 6, 30)
SEED = 1
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "bench_daily"
QUERIES = ("jan", "de v", "gemeente", "bakker", "sa")


def _psql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(statement)


def _timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def child(members: int, runs: int) -> dict[str, Any]:
    """One size in this (fresh) process: migrate, load, measure."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "netweave.settings.test"
    os.environ["NETWEAVE_DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import setup_test_environment

    from netweave import synth
    from netweave.insights import warmth
    from netweave.interop.synthetic import network_load_synthetic
    from netweave.ledger.models import Interaction
    from netweave.ledger.selectors import person_ties
    from netweave.networks.models import Membership, Person, Role
    from netweave.networks.selectors import actor_for
    from netweave.reports.selectors import network_tables

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    network = network_load_synthetic(
        synthetic=synth.generate(synth.SynthConfig(members=members, until=UNTIL, seed=SEED))
    )
    interactions = Interaction.objects.filter(network=network).count()
    people = list(
        Person.objects.filter(network=network, left_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    per_person = {
        pk: Interaction.objects.filter(Q(person_a_id=pk) | Q(person_b_id=pk)).count()
        for pk in people[:: max(1, len(people) // 200)]  # a sample: the busiest of 200
    }
    ranked = sorted(per_person, key=per_person.__getitem__)
    chosen = {"busiest": ranked[-1], "median": ranked[len(ranked) // 2]}
    today = UNTIL
    result: dict[str, Any] = {
        "members": members,
        "interactions": interactions,
        "people": {},
    }
    for label, pk in chosen.items():
        person = Person.objects.get(pk=pk)
        user = get_user_model().objects.create_user(f"bench-{label}")  # force_login: no password
        Membership.objects.create(user=user, network=network, role=Role.MEMBER, person=person)
        actor = actor_for(user, network.slug)
        ours, reference = [], []
        for _ in range(runs):
            ours.append(_timed(lambda: person_ties(actor, person, today)))  # noqa: B023
            reference.append(_timed(lambda: warmth(network_tables(network), today)))
        client = Client()
        client.force_login(user)
        home = f"/networks/{network.slug}/"
        search = f"/networks/{network.slug}/people/search/"
        assert client.get(home).status_code == 200
        pages = [_timed(lambda: client.get(home)) for _ in range(runs)]  # noqa: B023
        suggestions = [
            _timed(lambda q=q: client.get(search, {"field": "other", "other_query": q}))  # noqa: B023
            for _ in range(runs)
            for q in QUERIES
        ]
        ties = _summary(ours)["median_ms"]
        full = _summary(reference)["median_ms"]
        result["people"][label] = {
            "interactions_of_person": per_person[pk],
            "person_ties": _summary(ours),
            "full_analysis_reference": _summary(reference),
            "reference_over_ours": full / ties,
            "member_home_request": _summary(pages),
            "autocomplete_request": _summary(suggestions),
        }
    result["peak_rss_mib"] = peak_rss_mib()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.runs)))
        return
    rows = []
    for members in args.sizes:
        _psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        _psql(f"CREATE DATABASE {PG_DATABASE}")
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(members), "--runs", str(args.runs)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            _psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'members':>8} {'who':>8} {'rows':>6} {'ties ms':>8} {'full ms':>9} {'ratio':>7} "
        f"{'home p50':>9} {'home p95':>9} {'auto p50':>9} {'auto p95':>9}"
    )
    for row in rows:
        for label, figures in row["people"].items():
            print(
                f"{row['members']:>8} {label:>8} {figures['interactions_of_person']:>6} "
                f"{figures['person_ties']['median_ms']:>8.1f} "
                f"{figures['full_analysis_reference']['median_ms']:>9.1f} "
                f"{figures['reference_over_ours']:>6.0f}× "
                f"{figures['member_home_request']['median_ms']:>9.1f} "
                f"{figures['member_home_request']['p95_ms']:>9.1f} "
                f"{figures['autocomplete_request']['median_ms']:>9.1f} "
                f"{figures['autocomplete_request']['p95_ms']:>9.1f}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "command": " ".join(["benchmarks/member_reads.py", *sys.argv[1:]]),
                "machine": {
                    "nproc": os.cpu_count(),
                    "cpu": cpu_model(),
                    "python": platform.python_version(),
                    "load_average": os.getloadavg(),
                },
                "runs": args.runs,
                "sizes": rows,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
