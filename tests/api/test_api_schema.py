"""Schemathesis over the OpenAPI document: no server error, no response outside the schema, and
nothing of another network with a valid token of one network.

Each operation's generated cases run twice: on the token's own network and on another one.
(schemathesis' pytest plugin does not run on this pytest; its Python API does the same work.)
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from netweave.api.services import token_create
from netweave.networks.models import Role
from netweave.wsgi import application
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db(transaction=False)
EXAMPLES = 15


@pytest.fixture
def wsgi_requests():
    # Requests through the WSGI handler would close the test's database connection when they
    # finish, as in production; Django's test client keeps it open the same way.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_the_api_keeps_its_schema_and_its_tenants(wsgi_requests):
    own = tenant_make("eigen", seed=5)
    tenant_make("ander", seed=6)
    _token, plain = token_create(own.logins[Role.STEWARD], name="schemathesis")
    headers = {"Authorization": f"Bearer {plain}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            for slug in ("eigen", "ander"):
                case.path_parameters = {**(case.path_parameters or {}), "slug": slug}
                # A request the schema allows may still break a rule (a member id that does not
                # exist, a date in the future): a documented 422, not a schema failure.
                response = case.call_and_validate(
                    headers=headers, excluded_checks=[positive_data_acceptance]
                )
                if slug == "ander":
                    assert response.status_code in (404, 422), (case.path, response.status_code)

        check()
