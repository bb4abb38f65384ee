"""The import, export and personal-data pages, through the real URLs and the page framework."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netweave.interop.exporting.graphs import GEXF_NS
from netweave.ledger.models import Interaction
from netweave.networks.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

CSV_NL = (
    "Datum;Van;Naar;Soort;Notitie\r\n"
    "03-02-2026;anna@hoorn.example;bram@hoorn.example;Hulp;Café <script>alert(1)</script>\r\n"
).encode("cp1252")


@pytest.fixture
def steward(known, client):
    user = get_user_model().objects.create_user("steward")
    Membership.objects.create(user=user, network=known.network, role=Role.STEWARD)
    client.force_login(user)
    return client


@pytest.fixture
def member(known, client):
    user = get_user_model().objects.create_user("member")
    Membership.objects.create(user=user, network=known.network, role=Role.MEMBER, person=known.cees)
    client.force_login(user)
    return client


def _upload(client, known, content, name="contacten.csv", kind="interactions", mapping=""):
    return client.post(
        reverse("interop:import", args=[known.network.slug]),
        {"file": SimpleUploadedFile(name, content), "kind": kind, "mapping": mapping},
    )


def _hidden(preview) -> dict[str, str]:
    """The confirmation form's fields as the page renders them."""
    return {field.name: field.value() for field in preview.context["confirm"]}


def test_upload_previews_then_imports_on_confirmation(known, steward):
    preview = _upload(steward, known, CSV_NL)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Windows-1252" in page and "→ from" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # markup shown as text
    written = Interaction.objects.filter(network=known.network)
    assert not written.exists(), "the preview writes nothing"

    done = steward.post(
        reverse("interop:import-confirm", args=[known.network.slug]), _hidden(preview)
    )

    assert done.status_code == 302
    assert Interaction.objects.get(network=known.network).note == "Café <script>alert(1)</script>"
    assert AuditEntry.objects.filter(verb="data.imported", network=known.network).exists()


def test_upload_with_problems_lists_them_all_and_offers_no_import(known, steward):
    bad = b"Datum;Van;Naar;Soort\n31-02-2026;x@y.example;bram@hoorn.example;Borrel\n"

    response = _upload(steward, known, bad)

    assert response.status_code == 400
    problems = response.context["problems"]
    assert {(p.row, p.column) for p in problems} == {(2, "Datum"), (2, "Van"), (2, "Soort")}
    assert {p.file for p in problems} == {"contacten.csv"}, "named as the steward knows it"
    assert response.context["confirm"] is None
    assert not Interaction.objects.filter(network=known.network).exists()


def test_the_mapping_is_remembered_for_next_time(known, steward):
    content = (
        b"Wanneer,Gever,Ontvanger,Wat\n2026-01-05,anna@hoorn.example,bram@hoorn.example,help\n"
    )
    mapping = "Wanneer=date\nGever=from\nOntvanger=to\nWat=kind"
    preview = _upload(steward, known, content, mapping=mapping)
    steward.post(reverse("interop:import-confirm", args=[known.network.slug]), _hidden(preview))

    page = steward.get(reverse("interop:import", args=[known.network.slug]) + "?kind=interactions")

    # PostgreSQL's JSON does not keep the order of keys; the mapping is the same.
    remembered = page.context["form"].initial["mapping"].splitlines()
    assert sorted(remembered) == sorted(mapping.splitlines())
    again = _upload(steward, known, content)  # no mapping typed: the remembered one is used
    assert again.status_code == 200 and again.context["result"].unchanged == {"interactions": 1}


def test_export_downloads_a_gexf(known, steward):
    Interaction.objects.create(
        network=known.network, occurred_on="2025-05-01", kind="meeting",
        person_a=known.anna, person_b=known.bram,
    )  # fmt: skip

    response = steward.get(
        reverse("interop:export", args=[known.network.slug]), {"format": "gexf", "year": 2025}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 - ours
    assert len(root.findall(f".//{{{GEXF_NS}}}edge")) == 1


def test_a_member_downloads_their_own_data(known, member):
    response = member.get(reverse("interop:my-data", args=[known.network.slug]))

    assert response.status_code == 200
    assert json.loads(response.content)["person"]["email"] == "cees@hoorn.example"


def test_a_steward_erases_a_person(known, steward):
    url = reverse("interop:person-erase", args=[known.network.slug, known.bram.pk])
    assert steward.get(url).status_code == 200

    response = steward.post(url)

    assert response.status_code == 302
    known.bram.refresh_from_db()
    assert known.bram.email == "" and known.bram.first_name == "Anonymous"


def _follows(html: str, *parts: str) -> bool:
    """Whether ``parts`` occur in ``html`` in this order."""
    at = [html.find(part) for part in parts]
    return -1 not in at and at == sorted(at)


def test_the_import_and_export_forms_read_like_every_other_form(known, steward):
    """Labels without a colon, help below the field, a field's error right after it: the
    shared field rendering (web/_labelled_fields.html), not form.as_p."""
    slug = known.network.slug
    for name in ("interop:import", "interop:export"):
        html = steward.get(reverse(name, args=[slug])).content.decode()
        assert ":</label>" not in html, name
    upload = steward.get(reverse("interop:import", args=[slug])).content.decode()
    assert '<label for="id_file">File</label>' in upload
    assert _follows(upload, 'id="id_file"', '<small id="id_file_helptext">')

    refused = steward.post(reverse("interop:import", args=[slug]), {"kind": "interactions"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert _follows(html, 'id="id_file"', 'id="id_file_error"', 'for="id_kind"')
    wrong_year = steward.get(
        reverse("interop:export", args=[slug]), {"format": "gexf", "year": "x"}
    )
    html = wrong_year.content.decode()
    assert wrong_year.status_code == 400
    assert _follows(html, 'id="id_year"', 'id="id_year_error"')
