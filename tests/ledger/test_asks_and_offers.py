"""Asks and offers: members write, edit and close their own; stewards moderate; everyone reads
the open board, filtered and paginated; names follow the reports' naming rule."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ledger.people import Circle, circle_make
from netweave.ledger.models import Ask, Offer
from netweave.networks.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle() -> Circle:
    return circle_make()


def _url(circle: Circle, name: str, **kwargs) -> str:
    return reverse(f"ledger:{name}", kwargs={"slug": circle.network.slug, **kwargs})


def _ask(circle: Circle, last: str, text: str = "Wie kent een goede subsidieadviseur?", **extra):
    return Ask.objects.create(
        network=circle.network,
        person=circle.people[last],
        text=text,
        created_on=date(2026, 11, 1),
        **extra,
    )


def test_a_member_writes_an_offer_and_it_is_on_the_board(client, circle):
    client.force_login(circle.logins["Bakker"])
    response = client.post(
        _url(circle, "listing_new"),
        {
            "kind": "offer",
            "text": "I can review grant proposals.",
            "theme": circle.themes["energy"].pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.filter(network=circle.network).get()
    assert (offer.person, offer.theme, offer.language) == (
        circle.people["Bakker"],
        circle.themes["energy"],
        "en",
    )
    assert AuditEntry.objects.filter(network=circle.network).filter(verb="offer.created").exists()
    board = client.get(_url(circle, "board"), {"kind": "offer"}).content.decode()
    assert "I can review grant proposals." in board and 'lang="en"' in board


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"theme": "999999"}, "theme"),
        ({"language": "fr"}, "language"),
        ({"kind": "gift"}, "kind"),
    ],
)
def test_bad_input_is_named_beside_its_field(client, circle, data, field):
    client.force_login(circle.logins["Bakker"])
    response = client.post(
        _url(circle, "listing_new"), {"kind": "ask", "text": "Hulp", "language": "nl", **data}
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="errorlist' in response.content.decode()
    assert (
        not Ask.objects.filter(network=circle.network).exists()
        and not Offer.objects.filter(network=circle.network).exists()
    )


def test_a_member_edits_and_closes_their_own_ask(client, circle):
    ask = _ask(circle, "Bakker")
    client.force_login(circle.logins["Bakker"])
    response = client.post(
        _url(circle, "ask_edit", listing=ask.pk),
        {"text": "Wie kent een subsidieadviseur voor energie?", "language": "nl"},
    )
    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.text == "Wie kent een subsidieadviseur voor energie?"
    client.post(_url(circle, "ask_close", listing=ask.pk))
    ask.refresh_from_db()
    assert ask.closed_on is not None
    assert "subsidieadviseur" not in client.get(_url(circle, "board")).content.decode()


def test_a_member_cannot_edit_or_close_anothers_ask(client, circle):
    ask = _ask(circle, "Mulder")
    client.force_login(circle.logins["Bakker"])
    assert client.get(_url(circle, "ask_edit", listing=ask.pk)).status_code == 403
    edit = client.post(_url(circle, "ask_edit", listing=ask.pk), {"text": "mine", "language": "nl"})
    assert edit.status_code == 403
    assert client.post(_url(circle, "ask_close", listing=ask.pk)).status_code == 403
    ask.refresh_from_db()
    assert ask.text != "mine" and ask.closed_on is None
    # …and the board offers them no edit link for it.
    assert (
        _url(circle, "ask_edit", listing=ask.pk)
        not in client.get(_url(circle, "board")).content.decode()
    )


def test_a_steward_moderates_anyones_ask(client, circle):
    ask = _ask(circle, "Mulder")
    client.force_login(circle.logins["Visser"])
    assert client.post(_url(circle, "ask_close", listing=ask.pk)).status_code == 302
    ask.refresh_from_db()
    assert ask.closed_on is not None
    entry = AuditEntry.objects.filter(network=circle.network).get(verb="ask.closed")
    assert entry.user == circle.logins["Visser"]


def test_an_ask_is_not_reachable_as_an_offer(client, circle):
    ask = _ask(circle, "Bakker")
    client.force_login(circle.logins["Bakker"])
    assert not Offer.objects.filter(
        network=circle.network
    ).exists()  # so no offer shares the ask's id
    assert client.get(_url(circle, "offer_edit", listing=ask.pk)).status_code == 404


def test_the_board_filters_by_theme_sector_and_organisation(client, circle):
    _ask(circle, "Bakker", text="Energie-ask", theme=circle.themes["energy"])
    _ask(circle, "Jansen", text="Zorg-ask", theme=circle.themes["care"])
    client.force_login(circle.logins["Bakker"])

    def shown(**filters: object) -> set[str]:
        page = client.get(_url(circle, "board"), filters)
        assert page.status_code == 200
        return {listing.text for listing in page.context["page"]}

    assert shown() == {"Energie-ask", "Zorg-ask"}
    assert shown(theme=circle.themes["care"].pk) == {"Zorg-ask"}
    assert shown(sector="knowledge") == {"Energie-ask"}
    assert shown(organisation=circle.organisations["bakkerij"].pk) == {"Zorg-ask"}
    # Nonsense filters are ignored, the valid ones kept: never an error page.
    assert shown(theme="abc", sector="knowledge", organisation="-1", page="zz") == {"Energie-ask"}


def test_the_board_is_paginated(client, circle):
    for n in range(25):
        _ask(circle, "Bakker", text=f"Vraag {n}")
    client.force_login(circle.logins["de Wit"])
    first = client.get(_url(circle, "board"))
    second = client.get(_url(circle, "board"), {"page": 2})
    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 5
    assert 'rel="next"' in first.content.decode()


def test_names_on_the_board_follow_the_reports_naming_rule(client, circle):
    _ask(circle, "Bakker", text="Van Anna")
    _ask(circle, "Mulder", text="Van Daan")  # Daan does not consent to be named
    client.force_login(circle.logins["Bakker"])
    member_view = client.get(_url(circle, "board")).content.decode()
    assert "Anna Bakker" in member_view
    assert "Daan Mulder" not in member_view and "Member 1 of Bakkerij Zoet" in member_view
    client.force_login(circle.logins["de Wit"])
    sponsor_view = client.get(_url(circle, "board")).content.decode()
    assert "Anna Bakker" not in sponsor_view
    assert "Member 1 of a small organisation" in sponsor_view  # Hanzehogeschool has only Anna
    card = sponsor_view.split("Member 1 of a small organisation", 1)[1].split("</article>", 1)[0]
    assert "Hanzehogeschool" not in card  # beside her, it would name her
    assert "New ask" not in sponsor_view
    client.force_login(circle.logins["Visser"])
    assert "Daan Mulder" in client.get(_url(circle, "board")).content.decode()


def test_a_sponsor_cannot_write(client, circle):
    client.force_login(circle.logins["de Wit"])
    response = client.post(
        _url(circle, "listing_new"), {"kind": "ask", "text": "Hulp", "language": "nl"}
    )
    assert response.status_code == 403
    assert not Ask.objects.filter(network=circle.network).exists()


def test_the_theme_menus_empty_choice_is_in_dutch(client, circle):
    # Django 6.1's new empty choice ("- Select an option -") has no Dutch in Django's catalogue.
    client.force_login(circle.logins["Bakker"])
    page = client.get(_url(circle, "listing_new"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Select an option" not in page
    assert "- Kies een optie -" in page
