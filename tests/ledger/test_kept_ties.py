"""A person's ties are kept between requests and never shown stale: a page computes them once,
and again only after the person's interactions, the day or the metric settings changed."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.people import Circle, circle_make
from netweave.ledger import ties
from netweave.ledger.models import Interaction, Kind
from netweave.networks.models import Network

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def circle() -> Circle:
    return circle_make()


@pytest.fixture
def computed():
    """Counts the computations of ties (the real one still runs)."""
    with mock.patch.object(ties, "_computed", wraps=ties._computed) as spy:
        yield spy


def _home(client, circle: Circle) -> set[str]:
    """Bakker's member home: the last names among the ties it shows."""
    page = client.get(reverse("web:network", kwargs={"slug": circle.network.slug}))
    assert page.status_code == 200
    return {tie.other.last_name for tie in page.context["ties"].ties}


def _log(client, circle: Circle, other: str, subject: str = "") -> None:
    """The logged-in member (or a steward, for ``subject``) logs a meeting with ``other``."""
    response = client.post(
        reverse("ledger:log", kwargs={"slug": circle.network.slug}),
        {
            "verb": "met",
            "subject_query": subject,
            "other_query": other,
            "occurred_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors


def test_the_ties_are_computed_once_for_many_requests(client, circle, computed):
    client.force_login(circle.logins["Bakker"])
    Interaction.objects.create(
        network=circle.network,
        person_a=circle.people["Bakker"],
        person_b=circle.people["Jansen"],
        occurred_on=TODAY,
        kind=Kind.MEETING,
    )
    for _ in range(3):
        assert _home(client, circle) == {"Jansen"}
    assert computed.call_count == 1


def test_a_quick_log_is_on_the_next_member_home(client, circle, computed):
    client.force_login(circle.logins["Bakker"])
    assert _home(client, circle) == set()
    _log(client, circle, "Jansen")
    assert _home(client, circle) == {"Jansen"}
    _log(client, circle, "Visser")
    assert _home(client, circle) == {"Jansen", "Visser"}
    assert computed.call_count == 3


def test_logs_about_me_by_others_are_on_my_home(client, circle):
    client.force_login(circle.logins["Bakker"])
    assert _home(client, circle) == set()
    client.force_login(circle.logins["Visser"])
    _log(client, circle, "Anna")  # "I met Anna Bakker"
    _log(client, circle, "Anna", subject="Jansen")  # a steward logs for two others
    client.force_login(circle.logins["Bakker"])
    assert _home(client, circle) == {"Visser", "Jansen"}


def test_an_undone_log_leaves_the_home_even_when_another_takes_its_place(client, circle):
    client.force_login(circle.logins["Bakker"])
    _log(client, circle, "Jansen")
    assert _home(client, circle) == {"Jansen"}
    logged = Interaction.objects.get(network=circle.network)
    client.post(
        reverse("ledger:log_undo", kwargs={"slug": circle.network.slug, "interaction": logged.pk})
    )
    assert _home(client, circle) == set()
    _log(client, circle, "Visser")
    assert _home(client, circle) == {"Visser"}
    # As many interactions as when Jansen was shown: the highest id tells them apart.
    client.post(
        reverse(
            "ledger:log_undo",
            kwargs={
                "slug": circle.network.slug,
                "interaction": Interaction.objects.get(network=circle.network).pk,
            },
        )
    )
    _log(client, circle, "Jansen")
    assert _home(client, circle) == {"Jansen"}


def test_rows_written_without_a_service_are_seen_too(client, circle):
    """An import or a restore tells the kept ties nothing: the read notices by itself."""
    client.force_login(circle.logins["Bakker"])
    assert _home(client, circle) == set()
    Interaction.objects.create(
        network=circle.network,
        person_a=circle.people["de Wit"],
        person_b=circle.people["Bakker"],
        occurred_on=TODAY - timedelta(days=3),
        kind=Kind.HELP,
        directed=True,
    )
    assert _home(client, circle) == {"de Wit"}
    Interaction.objects.filter(network=circle.network).delete()
    assert _home(client, circle) == set()


def test_new_settings_and_a_new_day_compute_them_again(client, circle, computed):
    client.force_login(circle.logins["Bakker"])
    # A meeting 100 days ago: warm at a half-life of 365 days, cold at the default 90.
    Interaction.objects.create(
        network=circle.network,
        person_a=circle.people["Bakker"],
        person_b=circle.people["Jansen"],
        occurred_on=TODAY - timedelta(days=100),
        kind=Kind.MEETING,
    )
    page = reverse("web:network", kwargs={"slug": circle.network.slug})
    for _ in range(2):
        assert client.get(page).context["counts"]["warm"] == 0
    assert computed.call_count == 1
    Network.objects.filter(pk=circle.network.pk).update(metric_settings={"half_life_days": 365})
    assert client.get(page).context["counts"]["warm"] == 1
    assert computed.call_count == 2
    tomorrow = TODAY + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        client.get(page)
    assert computed.call_count == 3
    assert computed.call_args.args[2] == tomorrow
