"""data.json: computed in the background at import, served gzip with an ETag, labels by the
report's naming rule, and the same positions as the report's map."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from netweave.ledger.models import Interaction, Kind
from netweave.maps.models import NetworkMap
from netweave.maps.services import network_map_refresh
from netweave.networks.models import Organisation, Person
from netweave.reports import network_map
from netweave.reports.document import Audience
from netweave.reports.services import report_build

pytestmark = pytest.mark.django_db
YEAR = 2025


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, slug: str, **params) -> dict:
    response = client.get(reverse("maps:data", args=[slug]), params)
    assert response.status_code == 200, response.content[:200]
    return json.loads(response.content)


def test_the_import_computed_a_map_for_every_year(mapped):
    years = list(NetworkMap.objects.filter(network=mapped.network).values_list("year", flat=True))
    assert years == [2023, 2024, 2025, 2026]


def test_nodes_and_edges_have_the_documented_fields(mapped):
    data = _get(_client(mapped.steward), mapped.network.slug, year=YEAR)
    assert data["year"] == YEAR
    node = data["nodes"][0]
    assert {"id", "x", "y", "organisation", "sector", "community", "label"} <= set(node)
    edge = data["edges"][0]
    assert {"source", "target", "weight", "warmth"} <= set(edge)
    weights = [e["weight"] for e in data["edges"]]
    assert weights == sorted(weights, reverse=True)  # strongest first, for the viewer
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    people = set(Person.objects.filter(network=mapped.network).values_list("pk", flat=True))
    assert ids <= people


def test_columns_carry_the_same_content_as_rows(mapped):
    client = _client(mapped.steward)
    rows = _get(client, mapped.network.slug, year=YEAR)
    columns = _get(client, mapped.network.slug, year=YEAR, form="columns")
    assert columns["nodes"]["id"] == [n["id"] for n in rows["nodes"]]
    assert columns["edges"]["warmth"] == [e["warmth"] for e in rows["edges"]]


def test_gzip_and_etag(mapped):
    client = _client(mapped.member)
    url = reverse("maps:data", args=[mapped.network.slug])
    response = client.get(url, {"year": YEAR}, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["year"] == YEAR
    etag = response["ETag"]
    again = client.get(url, {"year": YEAR}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    # A refresh that finds nothing changed keeps the map, and so its version...
    assert network_map_refresh(network=mapped.network) == []
    assert client.get(url, {"year": YEAR}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # ...a map computed again from changed data is a new one: the old ETag no longer matches.
    _meeting_in(mapped.network, YEAR)
    assert YEAR in network_map_refresh(network=mapped.network)
    fresh = client.get(url, {"year": YEAR}, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag


def _meeting_in(network, year: int) -> None:
    """One more meeting of two members, in the middle of ``year``."""
    a, b = Person.objects.filter(network=network).order_by("pk")[2:4]
    Interaction.objects.create(
        network=network, occurred_on=date(year, 7, 1), kind=Kind.MEETING, person_a=a, person_b=b
    )


def _stored(network) -> dict[int, tuple]:
    return {
        stored.year: (stored.computed_at, bytes(stored.people), bytes(stored.ties))
        for stored in NetworkMap.objects.filter(network=network)
    }


def test_a_meeting_recomputes_the_map_of_its_year_and_the_later_ones_only(mapped):
    before = _stored(mapped.network)
    assert network_map_refresh(network=mapped.network) == []
    assert _stored(mapped.network) == before  # unchanged data: not even relaxed again

    _meeting_in(mapped.network, 2024)
    assert network_map_refresh(network=mapped.network) == [2024, 2025, 2026]
    after = _stored(mapped.network)
    assert after[2023] == before[2023]
    assert all(after[year][0] > before[year][0] for year in (2024, 2025, 2026))


def test_a_member_who_moves_organisation_recomputes_every_year(mapped):
    person = Person.objects.filter(network=mapped.network, organisation__isnull=False).first()
    other = (
        Organisation.objects.filter(network=mapped.network)
        .exclude(pk=person.organisation_id)
        .first()
    )
    Person.objects.filter(pk=person.pk).update(organisation=other)
    assert network_map_refresh(network=mapped.network) == [2023, 2024, 2025, 2026]


@pytest.mark.parametrize(
    ("value", "field"), [("twenty", "year"), ("-1", "year"), ("2025&form=xml", "form")]
)
def test_bad_parameters_are_a_clear_400(mapped, value, field):
    url = reverse("maps:data", args=[mapped.network.slug])
    year, _, form = value.partition("&form=")
    params = {"year": year} | ({"form": form} if form else {})
    response = _client(mapped.steward).get(url, params)
    assert response.status_code == 400
    assert field in json.loads(response.content)["error"]


def test_a_year_without_a_map_is_404(mapped):
    url = reverse("maps:data", args=[mapped.network.slug])
    assert _client(mapped.steward).get(url, {"year": 1999}).status_code == 404


def _names(network) -> dict[int, str]:
    return {p.pk: f"{p.first_name} {p.last_name}" for p in Person.objects.filter(network=network)}


def test_sponsors_see_role_and_organisation_never_a_name(mapped):
    names = _names(mapped.network)
    data = _get(_client(mapped.sponsor), mapped.network.slug, year=YEAR)
    for node in data["nodes"]:
        assert node["label"] != names[node["id"]]
        assert re.match(r"^(Member|Steward|Sponsor) \d+", node["label"]), node["label"]


def test_members_see_names_only_of_people_who_consent(mapped):
    names = _names(mapped.network)
    refusers = {p.pk for p in mapped.refusers}
    steward_view = _get(_client(mapped.steward), mapped.network.slug, year=YEAR)
    member_view = _get(_client(mapped.member), mapped.network.slug, year=YEAR)
    shown = {n["id"] for n in member_view["nodes"]}
    assert refusers & shown, "the fixture's refusers must be on the map"
    for node in member_view["nodes"]:
        assert (node["label"] == names[node["id"]]) is (node["id"] not in refusers)
    assert all(n["label"] == names[n["id"]] for n in steward_view["nodes"])


def test_report_map_and_web_map_agree(mapped):
    """Every dot of the report's map is where data.json puts a person, under the one uniform
    scale and shift of the drawing."""
    data = _get(_client(mapped.steward), mapped.network.slug, year=YEAR)
    positions = pl.DataFrame(
        {
            "person_id": [n["id"] for n in data["nodes"]],
            "x": [n["x"] for n in data["nodes"]],
            "y": [n["y"] for n in data["nodes"]],
        }
    )
    place = network_map.page_transform(positions)
    expected = [place(x, y) for _p, x, y in positions.iter_rows()]
    report = report_build(
        network=mapped.network, year=YEAR, language="en", audience=Audience.STEWARDS
    )
    assert not report.map.aggregated
    dots = network_map.dot_centres(report.map.svg)
    assert len(dots) >= len(expected) > 20
    # The drawing writes tenths (±0.05 per axis); data.json rounds layout units to thousandths
    # (±0.0005 per axis, in the point, the centre and the reach), which the scale magnifies.
    tolerance = 0.1 + 4 * 0.0005 * place.scale
    assert tolerance < 1, place.scale  # still a tight match on a 1,000-unit page
    for x, y in dots:
        assert min(abs(x - ex) + abs(y - ey) for ex, ey in expected) < tolerance, (x, y)
    # and not by accident: a layout shifted by a tenth of the map no longer matches
    shifted = [(ex + 0.1 * network_map.SIZE, ey) for ex, ey in expected]
    misses = sum(min(abs(x - ex) + abs(y - ey) for ex, ey in shifted) >= tolerance for x, y in dots)
    assert misses > len(dots) // 2


def test_the_card_lists_open_asks_and_offers(mapped):
    from netweave.ledger.models import Ask

    ask = Ask.objects.filter(network=mapped.network, closed_on__isnull=True).first()
    assert ask is not None
    url = reverse("maps:person", args=[mapped.network.slug, ask.person_id])
    card = json.loads(_client(mapped.sponsor).get(url).content)
    assert ask.text in card["asks"]


def test_themes_and_sectors_are_named_in_the_pages_language(mapped):
    from netweave.networks.models import Theme

    client = _client(mapped.steward)
    url = reverse("maps:data", args=[mapped.network.slug])
    theme = Theme.objects.filter(network=mapped.network).first()
    for language, name, sector in (
        ("nl", theme.name_nl, "Overheid"),
        ("en", theme.name_en, "Government"),
    ):
        response = client.get(url, {"year": YEAR}, HTTP_ACCEPT_LANGUAGE=language)
        data = json.loads(response.content)
        assert data["themes"][theme.slug] == name
        assert data["sectors"]["government"] == sector
