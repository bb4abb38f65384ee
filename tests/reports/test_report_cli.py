"""`netweave report`: a file on success, an error naming the option otherwise."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.urls import reverse

from netweave.cli import main

pytestmark = pytest.mark.django_db


def test_report_writes_the_file(fixture, tmp_path):
    out = tmp_path / "report.html"
    args = ["report", "--network", fixture.network.slug, "--year", "2025", "--lang", "nl"]
    result = CliRunner().invoke(main, [*args, "--format", "html", "--pseudonymise", "--out", out])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert all(str(p) not in html for p in fixture.refusers)


def test_unknown_network_names_the_option(fixture):
    result = CliRunner().invoke(main, ["report", "--network", "no-such", "--year", "2025"])
    assert result.exit_code == 2
    assert "--network" in result.output and "no-such" in result.output


def test_year_without_data_names_the_option(fixture):
    args = ["report", "--network", fixture.network.slug, "--year", "1990"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "--year" in result.output and "1990" in result.output


def test_demo_writes_the_report_in_both_languages_and_formats(fixture, settings, tmp_path):
    from netweave.interop.demo import demo_reports

    settings.REPORTS_DIR = tmp_path
    paths = demo_reports(network=fixture.network, year=2025)
    assert sorted(p.suffix for p in paths) == [".html", ".html", ".pdf", ".pdf"]
    assert {p.name.split("-")[-2] for p in paths} == {"nl", "en"}
    assert all(p.parent.parent == tmp_path and p.stat().st_size > 10_000 for p in paths)


def test_the_demos_reports_are_offered_on_the_reports_page_once(
    fixture, settings, tmp_path, client
):
    from netweave.interop.demo import demo_reports

    settings.REPORTS_DIR = tmp_path
    demo_reports(network=fixture.network, year=2025)
    demo_reports(network=fixture.network, year=2025)  # `netweave demo` again: no second row

    client.force_login(fixture.steward)
    page = client.get(reverse("reports:index", args=[fixture.network.slug]))
    downloads = re.findall(r'href="(/networks/[^"]+/reports/\d+/download/)"', page.content.decode())
    assert len(downloads) == 4
    pdf = next(
        response
        for response in (client.get(url) for url in downloads)
        if response["Content-Type"] == "application/pdf"
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
