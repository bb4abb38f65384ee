"""Benchmark of the network annual report (issues 4, 13): HTML + PDF of one year, one language.

Named reference: issue 13's targets — the demo network (150 members) in at most 3 s, and
10,000 members in at most 8 s, HTML and PDF together (issue 4 asked 5 s and 30 s). There is
no competing implementation to run beside ours; the ratio reported is measured median / target.

Two paths are measured, interleaved in the same process run (db, tables, db, tables, …):

- ``db``: what ``netweave report`` and the web task do — read the network from SQLite
  (``network_tables`` + ``report_sources``), ``analyse`` the year and the year before, assemble,
  render HTML, render PDF, write both files (``report_generate_formats``);
- ``tables``: the same from Parquet files written by the generator (``read_parquet`` →
  ``report_assemble`` → HTML → PDF), i.e. without the database.

Inputs are generated (seed 2026, until 2026-11-23, three years) and loaded into a temporary
SQLite database *before* any clock starts, in a separate subprocess. Each size is measured in a
fresh subprocess, so its peak memory is that process's maximum resident set size
(``resource.getrusage``; the forked process that renders the PDF beside the HTML is not
counted). The largest size is profiled once (cProfile): the ``db`` path, and the PDF alone
(the ``db`` path renders it in a forked process, out of the profiler's sight).

    .venv/bin/python benchmarks/report.py                      # 150, 2,000 and 10,000 members
    .venv/bin/python benchmarks/report.py --sizes 150 --runs 3  # a quick look
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from machine import cpu_model, peak_rss_mib

RESULTS = Path(__file__).parent / "results" / "report.json"
UNTIL = date(2026, 11, 23)
YEAR = 2025
SEED = 2026
LANGUAGE = "nl"
TARGETS = {150: 3.0, 10_000: 8.0}
DEFAULT_SIZES = [150, 2_000, 10_000]  # 2,000 has no target: it shows how cost grows
DEFAULT_RUNS = {150: 5, 2_000: 3, 10_000: 3}


def _django(home: Path) -> None:
    os.environ["NETWEAVE_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "netweave.settings.local"
    os.environ.pop("NETWEAVE_DATABASE_URL", None)
    import django

    django.setup()


def child_prepare(members: int, home: Path) -> dict:
    """Generate the network, write its Parquet files and load it into SQLite (not timed)."""
    _django(home)
    from django.core.management import call_command

    from netweave import synth
    from netweave.interop.synthetic import network_load_synthetic

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    network = synth.generate(synth.SynthConfig(members=members, years=3, until=UNTIL, seed=SEED))
    generated = time.perf_counter()
    synth.write_parquet(network, home / f"parquet-{members}")
    network_load_synthetic(synthetic=network, slug=f"bench-{members}")
    loaded = time.perf_counter()
    return {
        "interactions": network.tables.interactions.height,
        "organisations": network.tables.organisations.height,
        "generate_s": generated - started,
        "load_db_s": loaded - generated,
    }


def _run_db(members: int, out: Path) -> dict:
    from netweave.networks.models import Network
    from netweave.reports.services import report_generate_formats

    network = Network.objects.get(slug=f"bench-{members}")
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(f"{stage}:{done}", time.perf_counter())

    started = time.perf_counter()
    report_generate_formats(
        network=network,
        year=YEAR,
        language=LANGUAGE,
        formats=["html", "pdf"],
        folder=out,
        today=UNTIL,
        progress=progress,
    )
    ended = time.perf_counter()
    return {
        "total_s": ended - started,
        "read_db_s": marks["analyse:0"] - started,
        "analyse_s": marks["analyse:2"] - marks["analyse:0"],
        # The last assemble step, however many steps assembling reports.
        "assemble_s": max(t for k, t in marks.items() if k.startswith("assemble:"))
        - marks["analyse:2"],
        "html_s": marks["html:1"] - marks["html:0"],
        "pdf_s": marks["pdf:1"] - marks["pdf:0"],
    }


def _run_tables(members: int, home: Path, out: Path) -> dict:
    from netweave import synth
    from netweave.reports.assemble import report_assemble
    from netweave.reports.render import render_html, render_pdf
    from netweave.reports.sources import sources_from_synthetic

    started = time.perf_counter()
    network = synth.read_parquet(home / f"parquet-{members}")
    read = time.perf_counter()
    report = report_assemble(
        tables=network.tables,
        sources=sources_from_synthetic(network, LANGUAGE),
        year=YEAR,
        language=LANGUAGE,
        generated_on=UNTIL,
    )
    assembled = time.perf_counter()
    (out / "report.html").write_text(render_html(report), encoding="utf-8")
    html = time.perf_counter()
    (out / "report.pdf").write_bytes(render_pdf(report))
    ended = time.perf_counter()
    return {
        "total_s": ended - started,
        "read_parquet_s": read - started,
        "assemble_s": assembled - read,
        "html_s": html - assembled,
        "pdf_s": ended - html,
    }


def child_measure(members: int, home: Path, runs: int, profile: bool) -> dict:
    """``runs`` repetitions of each path, interleaved; then one profiled ``db`` run."""
    _django(home)
    out = Path(tempfile.mkdtemp(prefix="report-bench-out-"))
    from weasyprint import HTML

    HTML(string="<p>warm-up</p>").write_pdf()  # import and font set-up happen once per process
    db, tables = [], []
    for _ in range(runs):
        db.append(_run_db(members, out))
        tables.append(_run_tables(members, home, out))
    pdf = out / f"bench-{members}-{YEAR}-{LANGUAGE}-network.pdf"
    result = {
        "db": db,
        "tables": tables,
        "pdf_mib": pdf.stat().st_size / 2**20,
        "html_mib": (out / "report.html").stat().st_size / 2**20,
        "pdf_pages": _pages(pdf),
        "peak_rss_mib": peak_rss_mib(),
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _run_db(members, out)
        profiler.disable()
        result["profile"] = top_entries(profiler)
        result["profile_pdf"] = _profile_pdf(members)
    return result


def _profile_pdf(members: int) -> list[dict]:
    """The PDF alone, profiled in this process: ``report_generate_formats`` renders it in a
    forked process, which the profile of the ``db`` path does not see."""
    from netweave.networks.models import Network
    from netweave.reports.render import render_pdf
    from netweave.reports.services import report_build

    network = Network.objects.get(slug=f"bench-{members}")
    report = report_build(network=network, year=YEAR, language=LANGUAGE, today=UNTIL)
    profiler = cProfile.Profile()
    profiler.enable()
    render_pdf(report)
    profiler.disable()
    return top_entries(profiler)


def _pages(pdf: Path) -> int | None:
    try:
        info = subprocess.run(
            ["pdfinfo", str(pdf)],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def top_entries(profiler: cProfile.Profile, count: int = 14) -> list[dict]:
    """The functions with the most cumulative time (netweave's, and large library entries)."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), values in stats.stats.items():  # type: ignore[attr-defined]
        _calls, _primitive, own, cumulative, _callers = values
        if "netweave" in filename or cumulative > 0.5:
            short = filename.split("site-packages/")[-1].split("src/")[-1]
            rows.append(
                {"function": f"{short}:{line}({name})", "cumulative_s": cumulative, "own_s": own}
            )
    rows.sort(key=lambda row: -row["cumulative_s"])
    return rows[:count]


def _child(args: list[str]) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(completed.stderr)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("django", "weasyprint", "polars", "igraph")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--runs", type=int, default=None, help="repetitions per size")
    parser.add_argument("--child", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        print(json.dumps(child_prepare(args.sizes[0], args.home)))
        return
    if args.child == "measure":
        print(json.dumps(child_measure(args.sizes[0], args.home, args.runs, args.profile)))
        return

    home = Path(tempfile.mkdtemp(prefix="report-bench-"))
    sizes = sorted(args.sizes)
    results = []
    for members in sizes:
        runs = args.runs or DEFAULT_RUNS.get(members, 3)
        prepared = _child(["--child", "prepare", "--sizes", str(members), "--home", str(home)])
        measured = _child(
            [
                "--child",
                "measure",
                "--sizes",
                str(members),
                "--home",
                str(home),
                "--runs",
                str(runs),
            ]
            + (["--profile"] if members == sizes[-1] else [])
        )
        target = TARGETS.get(members)
        row = {
            "members": members,
            "runs": runs,
            **prepared,
            "db_median_s": _median(measured["db"], "total_s"),
            "tables_median_s": _median(measured["tables"], "total_s"),
            "target_s": target,
            "db_ratio_to_target": _median(measured["db"], "total_s") / target if target else None,
            "db_breakdown_median_s": {
                key: _median(measured["db"], key) for key in measured["db"][0] if key != "total_s"
            },
            **{k: v for k, v in measured.items() if k not in {"db", "tables"}},
            "db_runs_s": [r["total_s"] for r in measured["db"]],
            "tables_runs_s": [r["total_s"] for r in measured["tables"]],
        }
        results.append(row)
    report = {
        "benchmark": "report",
        "command": "python benchmarks/report.py " + " ".join(sys.argv[1:]),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu": cpu_model(),
            "python": platform.python_version(),
        },
        "versions": _versions(),
        "year": YEAR,
        "language": LANGUAGE,
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    _print(report)


def _print(report: dict) -> None:
    print(f"machine: {report['machine']}  versions: {report['versions']}")
    header = (
        f"{'members':>8} {'interactions':>12} {'runs':>4} {'db (s)':>8} {'tables (s)':>10} "
        f"{'target':>7} {'ratio':>6} {'pages':>5} {'peak MiB':>9}"
    )
    print(header)
    for row in report["results"]:
        ratio = f"{row['db_ratio_to_target']:.2f}" if row["db_ratio_to_target"] else "–"
        target = f"{row['target_s']:.0f}" if row["target_s"] else "–"
        print(
            f"{row['members']:>8} {row['interactions']:>12} {row['runs']:>4} "
            f"{row['db_median_s']:>8.2f} {row['tables_median_s']:>10.2f} {target:>7} "
            f"{ratio:>6} {row['pdf_pages'] or 0:>5} {row['peak_rss_mib']:>9.0f}"
        )
    for row in report["results"]:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in row["db_breakdown_median_s"].items())
        print(f"{row['members']} members, db path, median per stage (s): {parts}")
    largest = report["results"][-1]
    for key, what in (("profile", "db path"), ("profile_pdf", "the PDF alone")):
        if largest.get(key):
            print(f"profile of {largest['members']} members, {what} (cumulative s):")
            for entry in largest[key]:
                print(f"  {entry['cumulative_s']:7.2f}  {entry['function']}")


if __name__ == "__main__":
    main()
