"""Failed logins are throttled by django-axes: 5 per user name and address lock that pair for
15 minutes, with a clear message on the login page; other addresses and users are not hurt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.helpers import PASSWORD

pytestmark = pytest.mark.django_db

HOME, ELSEWHERE = "192.0.2.10", "198.51.100.7"


def _login(client, username: str, password: str, address: str = HOME, **headers):
    return client.post(
        reverse("web:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_five_failures_lock_that_user_from_that_address(client, place):
    statuses = [_login(client, "sanne", f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    locked = _login(client, "sanne", PASSWORD)
    assert locked.status_code == 429, "the right password does not help while locked"
    page = locked.content.decode()
    assert "Too many failed attempts" in page and "locked for 15 minutes" in page
    assert 'name="username"' in page and "Forgot your password?" in page

    assert _login(client, "sanne", PASSWORD, address=ELSEWHERE).status_code == 302
    client.logout()
    assert _login(client, "nobody", "wrong", address=HOME).status_code == 200


def test_four_failures_and_a_success_start_the_count_again(client, place):
    for n in range(4):
        _login(client, "sanne", f"wrong-{n}")
    assert _login(client, "sanne", PASSWORD).status_code == 302
    client.logout()
    assert [_login(client, "sanne", f"again-{n}").status_code for n in range(4)] == [200] * 4


def test_the_lock_ends_after_fifteen_minutes(client, place):
    for n in range(5):
        _login(client, "sanne", f"wrong-{n}")
    attempt = AccessAttempt.objects.get(username="sanne", ip_address=HOME)

    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=14))
    assert _login(client, "sanne", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    assert _login(client, "sanne", PASSWORD).status_code == 302


def test_the_lockout_message_is_translated(client, place):
    for n in range(5):
        response = _login(client, "sanne", f"fout-{n}", **{"accept-language": "nl"})
    assert response.status_code == 429
    assert "15 minuten" in response.content.decode()
