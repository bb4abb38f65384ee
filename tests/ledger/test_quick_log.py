"""The quick log: one POST logs an interaction with who logged it and from where; undo for a
minute; the autocomplete is a small partial scoped to the network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ledger.people import Circle, circle_make, person_add
from netweave.ledger import services
from netweave.ledger.models import Channel, Interaction, Kind
from netweave.networks.models import AuditEntry
from netweave.networks.selectors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle() -> Circle:
    return circle_make()


def _log_url(circle: Circle) -> str:
    return reverse("ledger:log", kwargs={"slug": circle.network.slug})


def test_the_form_starts_on_the_name_with_today_and_met(client, circle):
    client.force_login(circle.logins["Bakker"])
    page = client.get(_log_url(circle))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="other_query"' in html and "autofocus" in html
    assert timezone.localdate().isoformat() in html
    assert 'value="met"' in html and 'name="subject_query"' not in html  # a member logs as self


def test_the_verbs_are_in_the_readers_language(client, circle):
    client.force_login(circle.logins["Bakker"])
    html = client.get(_log_url(circle), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    for dutch in ("hielp", "werd geholpen door", "introduceerde", "werkte samen met"):
        assert dutch in html
    assert "was helped by" not in html and "worked with" not in html


def test_a_typed_name_that_finds_oneperson_add_is_enough(client, circle):
    client.force_login(circle.logins["Bakker"])
    response = client.post(
        _log_url(circle),
        {"verb": "helped", "other_query": "jans", "occurred_on": "2026-11-30", "note": "CV"},
    )
    assert response.status_code == 302
    logged = Interaction.objects.filter(network=circle.network).get()
    assert (logged.person_a, logged.person_b) == (circle.people["Bakker"], circle.people["Jansen"])
    assert (logged.kind, logged.directed, logged.note) == (Kind.HELP, True, "CV")
    assert logged.logged_by == circle.logins["Bakker"]
    assert logged.logged_via == Channel.WEB and logged.logged_at is not None
    assert (
        AuditEntry.objects.filter(network=circle.network)
        .filter(verb="interaction.logged", target_id=str(logged.pk))
        .exists()
    )


def test_was_helped_by_makes_the_other_the_giver(client, circle):
    client.force_login(circle.logins["Bakker"])
    client.post(
        _log_url(circle),
        {"verb": "helped_by", "other": circle.people["Visser"].pk, "occurred_on": "2026-11-30"},
    )
    logged = Interaction.objects.filter(network=circle.network).get()
    assert (logged.person_a, logged.person_b) == (circle.people["Visser"], circle.people["Bakker"])


def test_a_pick_the_typed_name_no_longer_fits_gives_way_to_the_name(client, circle):
    # Enter pressed before the new suggestions arrived: the old pick (Visser) is still checked.
    client.force_login(circle.logins["Bakker"])
    client.post(
        _log_url(circle),
        {
            "verb": "met",
            "other": circle.people["Visser"].pk,
            "other_query": "Eva",
            "occurred_on": "2026-11-30",
        },
    )
    assert (
        Interaction.objects.filter(network=circle.network).get().person_b == circle.people["Jansen"]
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"other_query": "a"}, "other_query", "Several people match"),
        ({"other_query": "Nobody"}, "other_query", "Nobody in this network matches"),
        ({"other_query": ""}, "other_query", "Type a name"),
        ({"other": "abc"}, "other", "Choose someone from the list"),
        ({"other_query": "Jansen", "occurred_on": "2999-01-01"}, "occurred_on", "future"),
        ({"other_query": "Jansen", "occurred_on": "31-31-2026"}, "occurred_on", "valid date"),
        # Year 1, or 2002 typed for 2026: further back than anyone logs by hand.
        ({"other_query": "Jansen", "occurred_on": "0001-01-01"}, "occurred_on", "Choose a date"),
        ({"other_query": "Jansen", "verb": "kissed"}, "verb", "valid choice"),
        # A member never sees a "first person": the message must make sense without one.
        ({"other_query": "Anna"}, "other", "Choose someone else: it takes two different people"),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_written(
    client, circle, data, field, message
):
    client.force_login(circle.logins["Bakker"])
    response = client.post(_log_url(circle), {"verb": "met", "occurred_on": "2026-11-30", **data})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message in response.content.decode()
    assert not Interaction.objects.filter(network=circle.network).exists()


def test_the_earliest_day_is_ten_years_back_on_the_first_of_january(circle):
    """Checked in the service, so the API meets the same rule as the page."""
    actor = actor_for(circle.logins["Bakker"], circle.network.slug)
    anna, eva = circle.people["Bakker"], circle.people["Jansen"]
    earliest = services.earliest_loggable(timezone.localdate())
    assert (earliest.month, earliest.day) == (1, 1)
    assert earliest.year == timezone.localdate().year - 10

    def log(day):
        return services.interaction_log(
            actor, subject=anna, verb=services.Verb.MET, other=eva, occurred_on=day
        )

    assert log(earliest).occurred_on == earliest
    with pytest.raises(ValidationError) as refused:
        log(earliest - timedelta(days=1))
    assert "occurred_on" in refused.value.message_dict
    assert Interaction.objects.filter(network=circle.network).count() == 1


def test_the_date_picker_offers_only_the_days_that_are_accepted(client, circle):
    client.force_login(circle.logins["Bakker"])
    page = client.get(_log_url(circle)).content.decode()
    today = timezone.localdate()
    earliest = services.earliest_loggable(today)
    assert f'min="{earliest.isoformat()}"' in page
    assert f'max="{today.isoformat()}"' in page


def test_a_member_logs_only_as_themself(client, circle):
    client.force_login(circle.logins["Bakker"])
    client.post(
        _log_url(circle),
        {
            "verb": "met",
            "subject": circle.people["Mulder"].pk,
            "other_query": "Jansen",
            "occurred_on": "2026-11-30",
        },
    )
    assert (
        Interaction.objects.filter(network=circle.network).get().person_a == circle.people["Bakker"]
    )
    member = actor_for(circle.logins["Bakker"], circle.network.slug)
    with pytest.raises(PermissionDenied):
        services.interaction_log(
            member,
            subject=circle.people["Mulder"],
            verb=services.Verb.MET,
            other=circle.people["Jansen"],
            occurred_on=timezone.localdate(),
        )


def test_a_steward_reads_that_an_empty_who_means_themself(client, circle):
    # The form logs an empty "Who" as the steward's own; without a word the box looked required.
    client.force_login(circle.logins["Visser"])
    html = client.get(_log_url(circle)).content.decode()
    assert "Leave empty for yourself (Bram Visser)." in html
    assert 'aria-describedby="subject-hint"' in html


def test_a_steward_logs_for_any_two_people(client, circle):
    client.force_login(circle.logins["Visser"])
    assert b'name="subject_query"' in client.get(_log_url(circle)).content
    response = client.post(
        _log_url(circle),
        {
            "verb": "introduced",
            "subject_query": "Mulder",
            "other_query": "Jansen",
            "occurred_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    logged = Interaction.objects.filter(network=circle.network).get()
    assert (logged.person_a, logged.person_b) == (circle.people["Mulder"], circle.people["Jansen"])
    assert logged.kind == Kind.INTRODUCTION and logged.logged_by == circle.logins["Visser"]


def _logged(client, circle: Circle) -> Interaction:
    client.force_login(circle.logins["Bakker"])
    client.post(
        _log_url(circle), {"verb": "met", "other_query": "Jansen", "occurred_on": "2026-11-30"}
    )
    return Interaction.objects.filter(network=circle.network).get()


def _undo_url(circle: Circle, interaction: Interaction) -> str:
    return reverse(
        "ledger:log_undo", kwargs={"slug": circle.network.slug, "interaction": interaction.pk}
    )


def test_undo_within_a_minute_takes_it_back(client, circle):
    logged = _logged(client, circle)
    page = client.get(_log_url(circle)).content.decode()
    assert _undo_url(circle, logged) in page
    response = client.post(_undo_url(circle, logged))
    assert response.status_code == 302
    assert not Interaction.objects.filter(network=circle.network).exists()
    assert (
        AuditEntry.objects.filter(network=circle.network).filter(verb="interaction.undone").exists()
    )


def test_undo_after_a_minute_is_refused_with_a_message(client, circle):
    logged = _logged(client, circle)
    Interaction.objects.filter(network=circle.network).filter(pk=logged.pk).update(
        logged_at=timezone.now() - timedelta(seconds=61)
    )
    assert _undo_url(circle, logged) not in client.get(_log_url(circle)).content.decode()
    response = client.post(_undo_url(circle, logged), follow=True)
    assert "no longer be undone" in response.content.decode()
    assert Interaction.objects.filter(network=circle.network).filter(pk=logged.pk).exists()


def test_another_member_cannot_undo_it(client, circle):
    logged = _logged(client, circle)
    client.force_login(circle.logins["Mulder"])
    assert client.post(_undo_url(circle, logged)).status_code == 403
    assert Interaction.objects.filter(network=circle.network).filter(pk=logged.pk).exists()


def _search(client, circle: Circle, query: str, field: str = "other"):
    url = reverse("ledger:people_search", kwargs={"slug": circle.network.slug})
    return client.get(url, {"field": field, f"{field}_query": query}, HTTP_HX_REQUEST="true")


def test_autocomplete_finds_by_name_and_organisation_and_checks_the_first(client, circle):
    client.force_login(circle.logins["Bakker"])
    by_name = _search(client, circle, "eva").content.decode()
    assert "Eva Jansen" in by_name and "Bakkerij Zoet" in by_name and " checked" in by_name
    by_organisation = _search(client, circle, "gemeente").content.decode()
    assert "Bram Visser" in by_organisation and "Carla de Wit" in by_organisation
    assert "Eva Jansen" not in by_organisation
    assert "<html" not in by_name  # a partial, not a page


def test_autocomplete_is_limited_and_does_not_grow_in_queries(
    client, circle, django_assert_max_num_queries
):
    for n in range(30):
        person_add(circle.network, f"Extra{n}", "Bakkersen", circle.organisations["hanze"])
    client.force_login(circle.logins["Bakker"])
    # Session, user, actor, the people: a fixed handful whatever the number of matches.
    with django_assert_max_num_queries(5):
        html = _search(client, circle, "bakker").content.decode()
    assert html.count('type="radio"') == 8


def test_autocomplete_never_shows_another_networks_people(client, circle):
    other = circle_make("other")
    client.force_login(circle.logins["Bakker"])
    html = _search(client, circle, "a").content.decode()
    for person in other.people.values():
        assert f'value="{person.pk}"' not in html


def test_a_member_login_without_a_person_is_told_so_not_a_500(client, circle):
    from netweave.networks.models import Membership

    Membership.objects.filter(user=circle.logins["Mulder"]).update(person=None)
    client.force_login(circle.logins["Mulder"])
    response = client.post(
        _log_url(circle), {"verb": "met", "other_query": "Jansen", "occurred_on": "2026-11-30"}
    )
    assert response.status_code == 400
    assert "not linked to a member" in response.content.decode()
    assert not Interaction.objects.filter(network=circle.network).exists()
