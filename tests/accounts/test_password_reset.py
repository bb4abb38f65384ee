"""Password reset by e-mail: Django's views, our pages and mail, links on the public address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.helpers import PASSWORD, link_in

pytestmark = pytest.mark.django_db

NEW = "zeilboot-lantaarn-41"


def test_a_login_resets_its_password_through_the_mailed_link(client, place, smtp_server):
    response = client.post(reverse("accounts:password_reset"), {"email": "sanne@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    [mail] = smtp_server.messages
    assert mail["To"] == "sanne@example.org"
    link = link_in(mail, settings.NETWEAVE_SITE_URL)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302

    login = reverse("web:login")
    assert client.post(login, {"username": "sanne", "password": PASSWORD}).status_code == 200
    assert client.post(login, {"username": "sanne", "password": NEW}).status_code == 302
    client.logout()
    assert b"does not work any more" in client.get(link, follow=True).content


def test_the_link_ignores_a_forged_host_name(client, place, smtp_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        reverse("accounts:password_reset"),
        {"email": "sanne@example.org"},
        headers={"host": "attacker.example"},
    )
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "attacker.example" not in body
    assert settings.NETWEAVE_SITE_URL in body


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, place, smtp_server):
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert smtp_server.messages == []


def test_the_reset_mail_and_pages_speak_dutch(client, place, smtp_server):
    nl = {"accept-language": "nl"}
    page = client.get(reverse("accounts:password_reset"), headers=nl)
    assert "Wachtwoord" in page.content.decode()
    client.post(reverse("accounts:password_reset"), {"email": "sanne@example.org"}, headers=nl)
    assert "wachtwoord" in smtp_server.messages[0]["Subject"]
