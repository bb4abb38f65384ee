from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from netweave.networks.models import Membership, Network, Person, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_networks():
    ours = Network.objects.create(name="Ours", slug="ours")
    theirs = Network.objects.create(name="Theirs", slug="theirs")
    Person.objects.create(
        network=ours, first_name="An", last_name="Jansen", joined_on=date(2024, 1, 1)
    )
    user = get_user_model().objects.create_user("member-ours", password="pw-ours-123")
    Membership.objects.create(user=user, network=ours, role=Role.MEMBER)
    return ours, theirs, user


def test_home_page_answers_anonymous_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"netweave" in response.content


def test_favicon_ico_leads_to_the_pages_icon(client):
    """Browsers ask for /favicon.ico on answers that name no icon (JSON, PDF)."""
    named = re.search(r'<link rel="icon" href="([^"]+)"', client.get("/").text)
    assert named, "the pages name their icon"
    response = client.get("/favicon.ico")
    assert response.status_code == 302, "the icon's address changes with its content"
    assert response["Location"] == named.group(1)


def test_sponsor_sees_own_network_with_its_numbers(client, two_networks):
    ours, _theirs, user = two_networks
    Membership.objects.filter(user=user).update(role=Role.SPONSOR)
    client.force_login(user)

    response = client.get(reverse("web:network", args=[ours.slug]))

    assert response.status_code == 200
    assert response.context["counts"].members == 1
    assert response.context["network"] == ours


def test_other_tenant_is_indistinguishable_from_missing(client, two_networks):
    _ours, theirs, user = two_networks
    client.force_login(user)

    foreign = client.get(reverse("web:network", args=[theirs.slug]))
    missing = client.get(reverse("web:network", args=["no-such-network"]))

    assert foreign.status_code == missing.status_code == 404


def test_network_page_requires_login(client, two_networks):
    ours, _theirs, _user = two_networks
    response = client.get(reverse("web:network", args=[ours.slug]))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_dutch_is_served(client, two_networks):
    response = client.get("/", headers={"accept-language": "nl"})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"


def test_a_member_without_admin_rights_can_log_in(client, two_networks):
    ours, _theirs, user = two_networks
    target = reverse("web:network", args=[ours.slug])
    response = client.post(
        reverse("web:login"),
        {"username": user.username, "password": "pw-ours-123", "next": target},
    )
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200


def test_the_admin_is_for_superusers_only(client, two_networks):
    _ours, _theirs, user = two_networks
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/networks/person/").status_code == 302

    user.is_superuser = True
    user.save()
    assert client.get("/admin/networks/person/").status_code == 200


def test_every_page_title_ends_with_the_product_name():
    # A browser tab or bookmark reads "<page> · <network> · netweave" on every page; a template
    # that forgets the suffix stands out in a row of tabs.
    import re
    from pathlib import Path

    import netweave

    block = re.compile(r"{% block title %}(.*?){% endblock %}")
    titles = {
        path.name: match.group(1)
        for path in Path(netweave.__file__).parent.rglob("templates/**/*.html")
        for match in block.finditer(path.read_text())
    }
    assert len(titles) > 30
    assert [name for name, title in titles.items() if not title.endswith("netweave")] == []


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("en", "2 August 2026", "2 Aug 2026"), ("nl", "2 augustus 2026", "2-8-2026")],
)
def test_dates_put_the_day_first_in_both_languages(language, long, short):
    # "08/02/2026" reads as 8 February to the Dutch readers of the English pages.
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{{ day|date }} | {{ day|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": date(2026, 8, 2)})) == f"{long} | {short}"


def test_a_wrong_password_is_said_once_with_a_hint_for_invited_people(client, two_networks):
    # form.as_p repeated Django's own "Please enter a correct username and password" under
    # the page's message, and invited people (whose user name is their e-mail) had no hint.
    _ours, _theirs, user = two_networks
    response = client.post(reverse("web:login"), {"username": user.username, "password": "no"})

    page = response.content.decode()
    assert page.count('role="alert"') == 1
    assert "Please enter a correct" not in page
    assert "your user name is that e-mail address" in page


def test_opening_a_forms_address_shows_a_page_not_a_blank_error(client, two_networks):
    # A form shown again with its errors lives at its POST address (initiatives/new/): Enter in
    # the address bar asked for it with a GET, and the empty 405 left the browser's error page.
    ours, _theirs, user = two_networks
    client.force_login(user)

    response = client.get(reverse("initiatives:create", args=[ours.slug]))

    assert response.status_code == 405 and response["Allow"] == "POST"
    assert f'href="{reverse("web:home")}"' in response.content.decode()
