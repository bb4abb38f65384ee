"""The reports pages: a steward generates, members and sponsors download, nobody else sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netweave.reports.models import ReportRun, RunStatus

pytestmark = pytest.mark.django_db


def _generate(client, fixture, django_capture_on_commit_callbacks, **fields):
    data = {"year": "2025", "language": "en", "format": "html", "audience": "network", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:generate", args=[fixture.network.slug]), data)


def test_steward_generates_and_downloads(client, fixture, django_capture_on_commit_callbacks):
    client.force_login(fixture.steward)
    response = _generate(client, fixture, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    run = ReportRun.objects.get(network=fixture.network)
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.created_by == fixture.steward

    page = client.get(reverse("reports:index", args=[fixture.network.slug]))
    assert page.status_code == 200 and run in page.context["runs"]
    download = client.get(reverse("reports:download", args=[fixture.network.slug, run.pk]))
    assert download.status_code == 200
    assert b"data-figure" in b"".join(download.streaming_content)
    assert "default-src 'none'" in download["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["member", "sponsor"])
def test_members_and_sponsors_download_but_cannot_generate(
    client, fixture, django_capture_on_commit_callbacks, role
):
    client.force_login(fixture.steward)
    _generate(client, fixture, django_capture_on_commit_callbacks)
    _generate(client, fixture, django_capture_on_commit_callbacks, audience="stewards")
    network_run = ReportRun.objects.get(audience="network")
    stewards_run = ReportRun.objects.get(audience="stewards")

    client.force_login(getattr(fixture, role))
    page = client.get(reverse("reports:index", args=[fixture.network.slug]))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert list(page.context["runs"]) == [network_run]
    assert (
        client.get(
            reverse("reports:download", args=[fixture.network.slug, network_run.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("reports:download", args=[fixture.network.slug, stewards_run.pk])
        ).status_code
        == 404
    )
    refused = _generate(client, fixture, django_capture_on_commit_callbacks)
    assert refused.status_code == 403


def test_other_tenant_sees_nothing(client, fixture, django_capture_on_commit_callbacks):
    client.force_login(fixture.steward)
    _generate(client, fixture, django_capture_on_commit_callbacks)
    run = ReportRun.objects.get()

    client.force_login(fixture.outsider)
    slug = fixture.network.slug
    assert client.get(reverse("reports:index", args=[slug])).status_code == 404
    assert client.get(reverse("reports:download", args=[slug, run.pk])).status_code == 404
    other = fixture.other.slug
    assert client.get(reverse("reports:download", args=[other, run.pk])).status_code == 404
    assert _generate(client, fixture, django_capture_on_commit_callbacks).status_code == 404
    assert ReportRun.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, fixture):
    response = client.get(reverse("reports:index", args=[fixture.network.slug]))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_year_without_data_is_refused(client, fixture, django_capture_on_commit_callbacks):
    client.force_login(fixture.steward)
    response = _generate(client, fixture, django_capture_on_commit_callbacks, year="1999")
    assert response.status_code == 400
    assert ReportRun.objects.count() == 0


def test_network_page_links_to_reports(client, fixture):
    client.force_login(fixture.member)
    page = client.get(reverse("web:network", args=[fixture.network.slug]))
    assert reverse("reports:index", args=[fixture.network.slug]).encode() in page.content


def _follows(html: str, *parts: str) -> bool:
    """Whether ``parts`` occur in ``html`` in this order."""
    at = [html.find(part) for part in parts]
    return -1 not in at and at == sorted(at)


def test_the_form_reads_like_every_other_form(client, fixture, django_capture_on_commit_callbacks):
    """Labels without a colon, and a field's error right after the field (the shared field
    rendering, web/_labelled_fields.html), not above it as form.as_p put it."""
    client.force_login(fixture.steward)
    page = client.get(reverse("reports:index", args=[fixture.network.slug])).content.decode()
    assert '<label for="id_year">Year</label>' in page
    assert ":</label>" not in page

    refused = _generate(client, fixture, django_capture_on_commit_callbacks, year="1900")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert _follows(html, 'id="id_year"', 'id="id_year_error"', 'for="id_language"')
