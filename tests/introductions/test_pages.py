"""The steward's and the member's introduction pages, through the test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netweave.introductions.models import Answer, Introduction, Outcome, Status
from netweave.networks.models import AuditEntry, Person, Role

pytestmark = pytest.mark.django_db


def login(actor) -> Client:
    client = Client()
    client.force_login(actor.user)
    return client


def url(chain, name: str, **kwargs) -> str:
    return reverse(f"introductions:{name}", kwargs={"slug": chain.network.slug, **kwargs})


def suggested_pairs(response) -> set[frozenset[str]]:
    return {
        frozenset((s.first.first_name, s.second.first_name))
        for s in response.context["suggestions"]
    }


def test_the_steward_sees_suggestions_with_their_sentence_and_sends_one(chain):
    client = login(chain.steward)
    page = client.get(url(chain, "steward"))
    assert page.status_code == 200
    assert frozenset(("Chris", "Eva")) in suggested_pairs(page)
    (chris_eva,) = [
        s
        for s in page.context["suggestions"]
        if {s.first.first_name, s.second.first_name} == {"Chris", "Eva"}
    ]
    assert "both know Dewi Jansen" in chris_eva.sentence
    assert escape(chris_eva.sentence) in page.content.decode()

    people = chain.people
    sent = client.post(
        url(chain, "send"), {"person_a": people["Eva"].pk, "person_b": people["Chris"].pk}
    )
    assert sent.status_code == 302
    introduction = Introduction.objects.get(network=chain.network)
    assert introduction.status == Status.SENT
    assert introduction.introducer == people["Anna"]
    assert {r["reason"] for r in introduction.reasons} >= {"mutual_contacts", "offer_matches_ask"}
    assert AuditEntry.objects.filter(network=chain.network, verb="introduction.sent").count() == 1
    # Sent today, so no longer suggested today; and not sendable twice.
    assert frozenset(("Chris", "Eva")) not in suggested_pairs(client.get(url(chain, "steward")))
    again = client.post(
        url(chain, "send"),
        {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk},
        follow=True,
    )
    assert "were introduced before" in again.content.decode()
    assert Introduction.objects.filter(network=chain.network).count() == 1


def test_a_member_who_opted_out_is_neither_suggested_nor_sendable(chain):
    member = login(chain.actor("Eva"))
    member.post(url(chain, "preferences"), {"preferences": "1", "weekly_digest": "on"})
    eva = Person.objects.get(pk=chain.people["Eva"].pk)
    assert (eva.weekly_digest, eva.open_to_introductions) == (True, False)
    client = login(chain.steward)
    page = client.get(url(chain, "steward"))
    assert all("Eva" not in pair for pair in suggested_pairs(page))
    client.post(url(chain, "send"), {"person_a": eva.pk, "person_b": chain.people["Chris"].pk})
    assert not Introduction.objects.filter(network=chain.network).exists()


def test_the_weekly_cap_holds_on_both_sides(chain, settings):
    chain.network.metric_settings = {"introductions_per_week": 1}
    chain.network.save()
    client = login(chain.steward)
    people = chain.people
    client.post(url(chain, "send"), {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk})
    refused = client.post(
        url(chain, "send"),
        {"person_a": people["Anna"].pk, "person_b": people["Chris"].pk},
        follow=True,
    )
    assert "already has 1 introductions this week" in refused.content.decode()
    assert Introduction.objects.filter(network=chain.network).count() == 1
    page = client.get(url(chain, "steward"))
    assert all("Chris" not in pair and "Eva" not in pair for pair in suggested_pairs(page))


def test_the_two_answer_meet_and_tell_the_outcome_on_their_page(chain):
    people = chain.people
    login(chain.steward).post(
        url(chain, "send"), {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk}
    )
    introduction = Introduction.objects.get(network=chain.network)
    chris, eva = login(chain.actor("Chris", Role.MEMBER)), login(chain.actor("Eva"))
    page = chris.get(url(chain, "mine"))
    assert page.status_code == 200
    assert "eva@example.org" not in page.content.decode()  # not before both said yes
    # Someone else cannot answer for them.
    bram = login(chain.actor("Bram"))
    forbidden = bram.post(url(chain, "answer", introduction=introduction.pk), {"answer": "accept"})
    assert forbidden.status_code == 403
    for client in (chris, eva):
        client.post(url(chain, "answer", introduction=introduction.pk), {"answer": "accept"})
    introduction.refresh_from_db()
    assert (introduction.answer_a, introduction.answer_b) == (Answer.ACCEPTED, Answer.ACCEPTED)
    assert introduction.status == Status.ACCEPTED
    assert "eva@example.org" in chris.get(url(chain, "mine")).content.decode()

    today = timezone.localdate().isoformat()
    eva.post(url(chain, "met", introduction=introduction.pk), {"met_on": today})
    chris.post(
        url(chain, "outcome", introduction=introduction.pk),
        {"outcome": Outcome.HELPED, "note": "Good advice"},
    )
    introduction.refresh_from_db()
    assert introduction.status == Status.FOLLOWED_UP
    assert introduction.outcome == Outcome.HELPED
    steward_page = login(chain.steward).get(url(chain, "steward")).content.decode()
    assert "Good advice" in steward_page


def test_a_date_to_come_is_refused_with_a_message(chain):
    people = chain.people
    login(chain.steward).post(
        url(chain, "send"), {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk}
    )
    introduction = Introduction.objects.get(network=chain.network)
    chris, eva = login(chain.actor("Chris")), login(chain.actor("Eva"))
    for client in (chris, eva):
        client.post(url(chain, "answer", introduction=introduction.pk), {"answer": "accept"})
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = chris.post(
        url(chain, "met", introduction=introduction.pk), {"met_on": future}, follow=True
    )
    assert "That date is still to come." in page.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == Status.ACCEPTED


def test_pages_speak_dutch(chain):
    client = login(chain.steward)
    page = client.get(url(chain, "steward"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Verstuur deze introductie" in page
    assert "Ze kennen allebei Dewi Jansen; Chris vraagt naar" in page
    assert "ze werken in verschillende sectoren." in page


def test_a_form_sent_without_its_choice_says_so_on_the_page(chain):
    # Sent without a choice (the browser's check bypassed), the answer was a bare line of text
    # with status 400: no page, no menu, no way back but the browser's button.
    people = chain.people
    steward = login(chain.steward)
    steward.post(url(chain, "send"), {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk})
    introduction = Introduction.objects.get(network=chain.network)
    chris = login(chain.actor("Chris"))

    page = chris.post(url(chain, "answer", introduction=introduction.pk), {}, follow=True)
    sent = steward.post(url(chain, "send"), {}, follow=True)

    assert page.redirect_chain == [(url(chain, "mine"), 302)]
    assert "Choose yes or no." in page.content.decode() and "<nav" in page.content.decode()
    assert sent.redirect_chain == [(url(chain, "steward"), 302)]
    assert "Choose two members of this network." in sent.content.decode()


def _met_on(chain, days_ago: int, outcome: str = "") -> Introduction:
    people = chain.people
    login(chain.steward).post(
        url(chain, "send"), {"person_a": people["Chris"].pk, "person_b": people["Eva"].pk}
    )
    introduction = Introduction.objects.get(network=chain.network)
    Introduction.objects.filter(pk=introduction.pk).update(
        status=Status.FOLLOWED_UP if outcome else Status.MET,
        answer_a=Answer.ACCEPTED,
        answer_b=Answer.ACCEPTED,
        met_on=timezone.localdate() - timedelta(days=days_ago),
        outcome=outcome,
    )
    return introduction


@pytest.mark.parametrize(
    ("days_ago", "outcome", "asked"),
    [
        (10, "", True),  # met lately, nothing told: the page asks
        (41, "", True),  # the follow-up mail (four weeks, then a fortnight) may still come
        (43, "", False),  # long ago: the question folds away
        (10, Outcome.HELPED, False),  # already told
    ],
)
def test_the_outcome_question_is_open_only_while_it_is_asked(chain, days_ago, outcome, asked):
    _met_on(chain, days_ago, outcome)
    page = login(chain.actor("Chris")).get(url(chain, "mine")).content.decode()
    assert ('<details class="outcome" open>' in page) is asked
    assert '<details class="outcome"' in page  # and it can always be opened
    summary = "Change what came of it" if outcome else "Tell what came of it"
    assert f"<summary>{summary}</summary>" in page


def test_a_members_own_introductions_are_paged_newest_first(chain):
    from netweave.introductions.views import MINE_PAGE_SIZE

    chris, others = chain.people["Chris"], [p for n, p in chain.people.items() if n != "Chris"]
    today = timezone.localdate()
    made = Introduction.objects.bulk_create(
        Introduction(
            network=chain.network,
            person_a=chris,
            person_b=others[n % len(others)],
            status=Status.SENT,
            suggested_on=today - timedelta(days=n),
            sent_on=today - timedelta(days=n),
        )
        for n in range(MINE_PAGE_SIZE + 3)
    )
    client = login(chain.actor("Chris"))
    first = client.get(url(chain, "mine"))
    second = client.get(url(chain, "mine"), {"page": 2})
    shown = [row[0].pk for row in (*first.context["rows"], *second.context["rows"])]
    assert shown == [i.pk for i in made]
    assert 'rel="next"' in first.content.decode()
