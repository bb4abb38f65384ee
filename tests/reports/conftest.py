"""The report fixture network, with a steward, a member, a sponsor, and people who do not consent
to be named: loaded once per test module inside a transaction that is rolled back after it.

So no other module's tests see its rows, and a transactional test (which empties the database)
cannot take them away from the tests that follow it: the tests pass in any order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from report_helpers import PASSWORD, TODAY, YEAR

from netweave.insights import MetricSettings, NetworkInsights, Period, analyse
from netweave.interop.synthetic import network_load_synthetic
from netweave.networks.models import Membership, Network, Person, Role
from netweave.reports.document import AnnualReport, Audience
from netweave.reports.render import render_html
from netweave.reports.selectors import network_tables
from netweave.reports.services import report_build


@dataclass(eq=False)
class Fixture:
    network: Network
    other: Network
    steward: object
    member: object
    sponsor: object
    outsider: object
    refusers: list[Person]
    current: NetworkInsights
    previous: NetworkInsights

    def report(self, language: str = "en", audience: Audience = Audience.NETWORK) -> AnnualReport:
        return self._report(language, Audience(audience))

    def html(self, language: str = "en", audience: Audience = Audience.NETWORK) -> str:
        return self._html(language, Audience(audience))

    # Cached by the arguments as given, so always called with both: report("nl") is then the
    # report built ahead as report("nl", Audience.NETWORK), not a second one built in a test.
    @cache  # noqa: B019 - one fixture object per module
    def _report(self, language: str, audience: Audience) -> AnnualReport:
        return report_build(
            network=self.network, year=YEAR, language=language, audience=audience, today=TODAY
        )

    @cache  # noqa: B019
    def _html(self, language: str, audience: Audience) -> str:
        return render_html(self._report(language, audience))


def _refusers(network: Network, current: NetworkInsights) -> list[Person]:
    """The two most active members of the year stop consenting: they are certainly in the
    report (appendix, probably brokers), so their absence proves the rule."""
    top = (
        current.reciprocity.members.with_columns((pl.col("given") + pl.col("received")).alias("v"))
        .sort(["v", "person_id"], descending=[True, False])
        .head(2)["person_id"]
        .to_list()
    )
    Person.objects.filter(pk__in=top).update(consents_to_reports=False)
    return list(Person.objects.filter(pk__in=top))


def _fixture(small_synthetic) -> Fixture:
    network = network_load_synthetic(synthetic=small_synthetic, slug="report-fixture")
    other = Network.objects.create(name="Another network", slug="report-other")
    users = get_user_model().objects
    steward = users.create_user("report-steward", password=PASSWORD)
    member = users.create_user("report-member", password=PASSWORD)
    sponsor = users.create_user("report-sponsor", password=PASSWORD)
    outsider = users.create_user("report-outsider", password=PASSWORD)
    Membership.objects.create(user=steward, network=network, role=Role.STEWARD)
    Membership.objects.create(user=member, network=network, role=Role.MEMBER)
    Membership.objects.create(user=sponsor, network=network, role=Role.SPONSOR)
    Membership.objects.create(user=outsider, network=other, role=Role.STEWARD)
    tables = network_tables(network)
    settings = MetricSettings.from_mapping(network.metric_settings)
    current = analyse(tables, Period.year(YEAR), settings)
    previous = analyse(tables, Period.year(YEAR - 1), settings)
    refusers = _refusers(network, current)
    return Fixture(network, other, steward, member, sponsor, outsider, refusers, current, previous)


def _outside_every_transaction() -> None:
    """The fixture's transaction must be the outermost one. Set up inside a test's (a test that
    asks for it through ``request.getfixturevalue``), it would be a savepoint of that test's
    transaction, rolled back with it at the test's end: the module's next tests would find the
    fixture object but none of its rows."""
    if connection.in_atomic_block:
        pytest.fail(
            "the report fixture was set up inside a test's transaction, which would take its "
            "rows away when the test ends: name `fixture` among the test's arguments",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def fixture(django_db_setup, django_db_blocker, small_synthetic):
    # As Django's TestCase.setUpTestData: the module's rows live in an outer transaction, each
    # test runs in a savepoint inside it, and the whole is rolled back when the module ends.
    _outside_every_transaction()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = _fixture(small_synthetic)
            # Build the reports while the database is unblocked: tests then only read them.
            for language in ("en", "nl"):
                data.html(language)
            for audience in (Audience.PUBLIC, Audience.STEWARDS):
                data.html("en", audience)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield data
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
