"""Routine pages: a steward plans and changes, a member takes part, the health is the report's."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netweave.insights.period import Period
from netweave.insights.routines import routines as routine_health
from netweave.networks.models import AuditEntry, Role
from netweave.reports.selectors import network_tables
from netweave.routines import services
from netweave.routines.models import (
    Cadence,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    RoundSeat,
    Routine,
)
from ticks import tick_at

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(circle, person, role) -> Client:
    client = Client()
    client.force_login(circle.actor(person, role).user)
    return client


def steward_client(circle) -> Client:
    client = Client()
    client.force_login(circle.steward.user)
    return client


FORM = {
    "name": "Second-Tuesday breakfast",
    "format": "meetup",
    "cadence": "custom",
    "rrule": "FREQ=MONTHLY;BYDAY=2TU",
    "started_on": "2027-01-12",
    "start_time": "08:30",
    "duration_minutes": "90",
    "place": "Stadhuis",
    "video_link": "",
    "pairing_window": "6",
}


def test_a_steward_creates_a_routine_and_a_bad_rrule_is_named_on_its_field(circle):
    client = steward_client(circle)
    url = reverse("routines:create", kwargs={"slug": circle.network.slug})
    bad = client.post(url, {**FORM, "rrule": "FREQ=SOMETIMES"})
    assert bad.status_code == 400
    assert "rrule" in bad.context["form"].errors
    assert not Routine.objects.filter(network=circle.network).exists()
    hourly = client.post(url, {**FORM, "rrule": "FREQ=HOURLY"})
    assert "once a day" in str(hourly.context["form"].errors["rrule"])
    done = client.post(url, {**FORM, "host": circle.people[0].pk})
    routine = Routine.objects.get(network=circle.network)
    assert done.status_code == 302 and done["Location"].endswith(f"/routines/{routine.pk}/")
    assert AuditEntry.objects.filter(verb="routine.created").count() == 1
    assert Participant.objects.get(routine=routine).person == circle.people[0]


def test_a_rule_typed_beside_a_fixed_cadence_is_not_kept(circle):
    # The field says "custom cadence only"; left filled beside "weekly" it was stored unchecked
    # and the page read "Weekly (garbage;;=)".
    client = steward_client(circle)
    url = reverse("routines:create", kwargs={"slug": circle.network.slug})

    done = client.post(url, {**FORM, "cadence": "weekly", "rrule": "garbage;;="})

    assert done.status_code == 302
    routine = Routine.objects.get(network=circle.network)
    assert routine.rrule == ""
    assert "garbage" not in client.get(done["Location"]).content.decode()


def test_leaving_a_routine_is_not_worded_like_logging_out_in_dutch(circle):
    # Both read "Afmelden": the routine's button beside the header's log-out link.
    routine = circle.routine()
    client = logged_in(circle, circle.people[5], Role.MEMBER)

    url = reverse("routines:detail", kwargs={"slug": circle.network.slug, "routine": routine.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Niet meer meedoen</button>" in page
    assert page.count("Afmelden") == 1  # the header's


def test_a_form_sent_without_its_choice_says_so_on_the_routine_page(circle):
    # Sent without a choice (the browser's check bypassed), the answer was a bare line of text
    # with status 400: no page, no menu, no way back but the browser's button.
    routine = circle.routine()
    client = logged_in(circle, circle.people[5], Role.MEMBER)
    slug = circle.network.slug
    detail = reverse("routines:detail", kwargs={"slug": slug, "routine": routine.pk})

    page = client.post(
        reverse("routines:take_part", kwargs={"slug": slug, "routine": routine.pk}),
        {"status": "nonsense"},
        follow=True,
    )

    assert page.redirect_chain == [(detail, 302)]
    assert "Choose to take part or to opt out." in page.content.decode()


def test_the_routine_form_labels_its_fields_like_every_other_form(circle):
    # form.as_p wrote "Host:" with Django's colon, and its errors above the field.
    client = steward_client(circle)
    url = reverse("routines:create", kwargs={"slug": circle.network.slug})

    page = client.post(url, {**FORM, "name": ""}).content.decode()

    assert '<label for="id_name">Name</label>' in page
    assert page.index('id="id_name"') < page.index("This field is required.")


def test_members_may_not_create_or_pause_but_may_take_part(circle):
    routine = circle.routine()
    member = circle.people[5]
    Participant.objects.filter(person=member).delete()
    client = logged_in(circle, member, Role.MEMBER)
    slug = circle.network.slug
    assert client.get(reverse("routines:create", kwargs={"slug": slug})).status_code == 403
    pause = reverse("routines:pause", kwargs={"slug": slug, "routine": routine.pk})
    assert client.post(pause).status_code == 403
    take_part = reverse("routines:take_part", kwargs={"slug": slug, "routine": routine.pk})
    client.post(take_part, {"status": "active"})
    assert Participant.objects.get(routine=routine, person=member).status == "active"
    client.post(take_part, {"status": "opted_out"})
    assert Participant.objects.get(routine=routine, person=member).status == "opted_out"
    refused = client.post(take_part, {"status": "paused"}, follow=True)
    assert "Choose to take part or to opt out." in refused.content.decode()
    assert Participant.objects.get(routine=routine, person=member).status == "opted_out"


def test_a_paused_routine_plans_nothing_new(circle):
    routine = circle.routine()
    client = steward_client(circle)
    client.post(
        reverse("routines:pause", kwargs={"slug": circle.network.slug, "routine": routine.pk})
    )
    routine.refresh_from_db()
    assert routine.paused
    tick_at(datetime(2027, 3, 1, tzinfo=UTC))
    assert not Occurrence.objects.filter(routine__network=circle.network).exists()


def test_the_page_shows_the_reports_health_figures(circle, smtp_server):
    routine = circle.routine()
    now = timezone.now()
    # two past occurrences: one held with two attendees, one planned but not held
    held = Occurrence.objects.create(
        routine=routine, on=now.date() - timedelta(days=40), held=False
    )
    Occurrence.objects.create(routine=routine, on=now.date() - timedelta(days=10), held=False)
    services.answer_record(held, circle.people[1], happened=True, reflection="Good talk.")
    page = steward_client(circle).get(
        reverse("routines:detail", kwargs={"slug": circle.network.slug, "routine": routine.pk})
    )
    today = timezone.localdate()
    expected = routine_health(
        network_tables(circle.network), Period(today - timedelta(days=364), today)
    ).routines.to_dicts()[0]
    assert (expected["planned"], expected["held"], expected["new_ties"]) == (2, 1, 1)
    text = page.content.decode()
    assert re.search(r'id="health-held">\s*1 / 2<', text)
    assert re.search(r'id="health-new-ties">\s*1<', text)
    assert "Good talk." in text
    assert page.context["health"].held_share == expected["held_share"]


def test_moving_a_date_from_the_page(circle, smtp_server):
    routine = circle.routine(started_on=date(2027, 3, 9))
    tick_at(datetime(2027, 3, 1, tzinfo=UTC))
    occurrence = routine.occurrences.get()
    url = reverse(
        "routines:move", kwargs={"slug": circle.network.slug, "occurrence": occurrence.pk}
    )
    client = steward_client(circle)
    assert client.post(url, {"starts_at": "not a date"}).status_code == 400
    past = client.post(url, {"starts_at": "2020-01-01T10:00"})
    assert past.status_code == 400 and "has not passed yet" in past.content.decode()
    client.post(url, {"starts_at": "2027-03-11T09:00"})
    occurrence.refresh_from_db()
    assert occurrence.on == date(2027, 3, 11) and occurrence.sequence == 1
    assert timezone.localtime(occurrence.starts_at).hour == 9
    active = Participant.objects.filter(routine=routine, status=ParticipantStatus.ACTIVE)
    assert active.count() == len(circle.people)


def test_a_member_snoozes_rounds_and_names_someone_never_to_meet(circle, smtp_server):
    routine = circle.routine(
        name="Random coffee",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.WEEKLY,
        started_on=date(2027, 3, 2),
        # Seven people avoiding the last two rounds' partners can always all be seated; with the
        # circle's default of six rounds they run out of new partners by the fourth week, and
        # whoever then sits out depends on the seed (the occurrence's id).
        pairing_window=2,
    )
    eva, floor = circle.people[4], circle.people[5]
    client = logged_in(circle, eva, Role.MEMBER)
    slug = circle.network.slug
    kwargs = {"slug": slug, "routine": routine.pk}
    page = client.get(reverse("routines:detail", kwargs=kwargs))
    # The snooze date, and a name box to find whom never to meet (web.widgets.PersonPicker).
    assert b'name="until"' in page.content and b'name="other_query"' in page.content
    client.post(reverse("routines:snooze", kwargs=kwargs), {"until": "2027-03-12"})
    oneself = client.post(
        reverse("routines:do_not_pair", kwargs=kwargs), {"other": eva.pk}, follow=True
    )
    assert "Choose a member of this network." in oneself.content.decode()
    client.post(reverse("routines:do_not_pair", kwargs=kwargs), {"other": floor.pk})

    for week in range(4):  # pairs the rounds of 2, 9, 16 and 23 March
        tick_at(datetime(2027, 3, 1, 9, 0, tzinfo=UTC) + timedelta(weeks=week))
    later = RoundSeat.objects.filter(
        occurrence__routine=routine, occurrence__on__gt=date(2027, 3, 12)
    )
    snoozed = RoundSeat.objects.filter(occurrence__routine=routine, person=eva)
    assert not snoozed.filter(occurrence__on__lte=date(2027, 3, 12)).exists()
    assert later.filter(person=eva).count() == 2  # back after the snooze: 16 and 23 March
    for seat in later.filter(person=eva):
        group = set(
            later.filter(occurrence=seat.occurrence, group=seat.group).values_list(
                "person", flat=True
            )
        )
        assert floor.pk not in group


def test_a_past_meeting_that_did_not_happen_is_not_called_planned_and_a_paired_round_says_so(
    circle, smtp_server
):
    today = timezone.localdate()
    routine = circle.routine(
        name="Coffee", format=Format.RANDOM_COFFEE, cadence=Cadence.WEEKLY, started_on=today
    )
    Occurrence.objects.create(routine=routine, on=today - timedelta(days=10), held=False)
    tick_at(timezone.now())  # plans the coming weeks and pairs the round within a week
    paired = Occurrence.objects.filter(routine=routine, seats__isnull=False).distinct()
    assert paired.exists()
    seated = RoundSeat.objects.filter(occurrence=paired.first()).count()
    assert seated > 1

    page = steward_client(circle).get(
        reverse("routines:detail", kwargs={"slug": circle.network.slug, "routine": routine.pk})
    )
    rows = re.findall(r"<tr>(.*?)</tr>", page.content.decode(), re.DOTALL)
    statuses = [re.findall(r"<td>(Not held|Planned|Held)</td>", row) for row in rows]
    assert ["Not held"] in statuses and ["Planned"] in statuses
    assert any(f"{seated} people paired" in row for row in rows)


def test_the_audit_list_says_in_words_what_was_done_to_a_routine(circle):
    # The routines' changes were listed by their codes ("occurrence.moved") on a Dutch page.
    client = steward_client(circle)
    client.post(reverse("routines:create", kwargs={"slug": circle.network.slug}), FORM)

    audit = client.get(
        reverse("accounts:audit", args=[circle.network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()

    assert "maakte de routine Second-Tuesday breakfast" in audit
    assert "routine.created" not in audit
