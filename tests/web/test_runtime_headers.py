"""What every response carries: a content security policy, a request id (also in the log file),
private caching after login; and a static path that climbs out of its folder is a plain 404."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_every_page_has_a_self_only_policy_and_a_request_id(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    identifier = response["X-Request-ID"]
    log = (django_settings.NETWEAVE_HOME / "logs" / "netweave.log").read_text()
    assert f"[{identifier}]" in log and "GET /login/ 200" in log


def test_pages_after_login_are_private(client):
    user = get_user_model().objects.create_user("cache-person", password="pw-cache-123")
    client.force_login(user)
    assert "private" in client.get("/")["Cache-Control"]


@pytest.mark.parametrize("debug", [False, True], ids=["served", "serve --debug"])
@pytest.mark.parametrize("path", ["/static/%2e%2e/settings/base.py", "/static/../../etc/passwd"])
def test_climbing_out_of_static_is_not_found(client, settings, path, debug):
    settings.DEBUG = debug  # with --debug, WhiteNoise also looks in the source folders
    assert client.get(path).status_code == 404


@pytest.mark.urls("web.busy_urls")
def test_a_database_that_does_not_answer_is_503_and_logged(client, caplog):
    response = client.get("/locked/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "netweave is busy" in response.content.decode()
    [line] = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert line.exc_info is not None and line.request_id == response["X-Request-ID"]


@pytest.mark.urls("web.busy_urls")
def test_a_500_is_logged_with_its_traceback_and_request_id(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    log = (django_settings.NETWEAVE_HOME / "logs" / "netweave.log").read_text()
    line = f"[{response['X-Request-ID']}]"
    assert line in log
    after = log[log.index(line) :]
    assert "Traceback (most recent call last)" in after and "RuntimeError: a bug" in after
