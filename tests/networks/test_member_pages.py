"""Member home, people and organisations: ties with warmth from one person's own rows, the
year's give and take, naming by the reports' rule, filters, and queries that do not grow."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ledger.people import Circle, circle_make, person_add
from netweave.insights import warmth
from netweave.ledger.models import Ask, Interaction, Kind, Offer
from netweave.ledger.selectors import person_ties
from netweave.networks.forms import ORGANISATIONS_LISTED
from netweave.networks.models import Organisation, Person
from netweave.networks.selectors import actor_for
from netweave.reports.document import Audience
from netweave.reports.naming import Namer
from netweave.reports.selectors import network_tables, report_sources
from netweave.routines.models import (
    Attendance,
    Cadence,
    Format,
    Occurrence,
    Participant,
    Routine,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _met(circle: Circle, a: str, b: str, on: date, kind: str = Kind.MEETING, directed=False):
    return Interaction.objects.create(
        network=circle.network,
        person_a=circle.people[a],
        person_b=circle.people[b],
        occurred_on=on,
        kind=kind,
        directed=directed,
    )


@pytest.fixture
def circle() -> Circle:
    """Bakker's ties, by the documented rule (half-life 90 days, warm at 0.5, cooling below
    half the 12-month peak after 60 silent days): Jansen warm (a meeting yesterday), Visser
    cooling (joint work, weight 3, 200 days ago: 3·2^(-200/90) ≈ 0.64 < 1.5), Mulder cold
    (one meeting three years ago)."""
    circle = circle_make()
    _met(circle, "Bakker", "Jansen", TODAY - timedelta(days=1))
    _met(circle, "Visser", "Bakker", TODAY - timedelta(days=200), kind=Kind.JOINT_WORK)
    _met(circle, "Mulder", "Bakker", TODAY - timedelta(days=3 * 365))
    return circle


def test_a_persons_ties_have_the_states_of_the_documented_rule(circle):
    actor = actor_for(circle.logins["Bakker"], circle.network.slug)
    ties = person_ties(actor, circle.people["Bakker"], TODAY)
    states = {tie.other.last_name: tie.state for tie in ties.ties}
    assert states == {"Jansen": "warm", "Visser": "cooling", "Mulder": "cold"}
    assert [tie.other.last_name for tie in ties.reconnect] == ["Visser"]


def test_one_persons_ties_equal_the_full_network_analysis(circle):
    # More rows elsewhere in the network must not change Bakker's states.
    _met(circle, "Visser", "Jansen", TODAY - timedelta(days=10), kind=Kind.HELP, directed=True)
    bakker = circle.people["Bakker"].pk
    full = warmth(network_tables(circle.network), TODAY).ties
    expected = {
        (row["b"] if row["a"] == bakker else row["a"]): row["state"]
        for row in full.iter_rows(named=True)
        if bakker in (row["a"], row["b"])
    }
    actor = actor_for(circle.logins["Visser"], circle.network.slug)
    ties = person_ties(actor, circle.people["Bakker"], TODAY)
    assert {tie.other.pk: tie.state for tie in ties.ties} == expected


@pytest.mark.parametrize("url_name", ["web:network", "networks:me"])
def test_member_home_shows_my_listings_ties_year_and_meetings(client, circle, url_name):
    bakker = circle.people["Bakker"]
    this_year, last_year = date(TODAY.year, 1, 2), date(TODAY.year - 1, 6, 1)
    for on in (this_year, this_year):
        _met(circle, "Bakker", "Jansen", on, kind=Kind.HELP, directed=True)
    _met(circle, "Bakker", "Jansen", last_year, kind=Kind.HELP, directed=True)
    _met(circle, "Visser", "Bakker", this_year, kind=Kind.HELP, directed=True)
    Ask.objects.create(network=circle.network, person=bakker, text="Mijn vraag", created_on=TODAY)
    Offer.objects.create(
        network=circle.network,
        person=circle.people["Jansen"],
        text="Niet van mij",
        created_on=TODAY,
    )
    mine = Routine.objects.create(
        network=circle.network,
        name="Energiecafé",
        format=Format.MEETUP,
        cadence=Cadence.MONTHLY,
        started_on=date(2024, 1, 1),
    )
    other = Routine.objects.create(
        network=circle.network,
        name="Zorgtafel",
        format=Format.MEETUP,
        cadence=Cadence.MONTHLY,
        started_on=date(2024, 1, 1),
    )
    joined = Routine.objects.create(
        network=circle.network,
        name="Koffieronde",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.MONTHLY,
        started_on=date(2024, 1, 1),
    )
    Participant.objects.create(routine=joined, person=bakker)  # taking part, never attended
    Occurrence.objects.create(routine=joined, on=TODAY + timedelta(days=7))
    past = Occurrence.objects.create(routine=mine, on=TODAY - timedelta(days=30))
    Attendance.objects.create(occurrence=past, person=bakker)
    Occurrence.objects.create(routine=mine, on=TODAY + timedelta(days=5))
    Occurrence.objects.create(routine=other, on=TODAY + timedelta(days=6))

    client.force_login(circle.logins["Bakker"])
    page = client.get(reverse(url_name, kwargs={"slug": circle.network.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    assert (page.context["exchange"].given, page.context["exchange"].received) == (2, 1)
    assert page.context["counts"] == {"warm": 1, "cooling": 1, "cold": 1}
    assert "Mijn vraag" in html and "Niet van mij" not in html
    assert "Energiecafé" in html and "Koffieronde" in html and "Zorgtafel" not in html
    assert "Bram Visser" in html  # to reconnect with


def test_the_network_home_is_each_roles_own_page(client, circle):
    """Members land on their own home, stewards on the dashboard (their own page is at
    ``…/me/``), sponsors on the anonymous headline counts."""
    slug = {"slug": circle.network.slug}
    home, mine = reverse("web:network", kwargs=slug), reverse("networks:me", kwargs=slug)

    client.force_login(circle.logins["Bakker"])
    member = client.get(home)
    assert member.templates[0].name == "networks/me.html"
    assert member.context["person"] == circle.people["Bakker"]
    assert mine.encode() not in member.content, "a member's home is their page: no second link"

    client.force_login(circle.logins["Visser"])
    steward = client.get(home)
    assert "dashboard" in steward.context and "person" not in steward.context
    assert mine.encode() in steward.content
    own = client.get(mine)
    assert own.context["person"] == circle.people["Visser"]
    assert [tie.other.last_name for tie in own.context["ties"].reconnect] == ["Bakker"]

    client.force_login(circle.logins["de Wit"])
    sponsor = client.get(home)
    assert sponsor.templates[0].name == "web/network.html"
    assert sponsor.context["counts"].members == len(circle.people)
    assert "dashboard" not in sponsor.context and "person" not in sponsor.context
    assert "Bakker" not in sponsor.content.decode()


def test_a_login_without_a_person_gets_a_page_that_says_so(client, circle):
    from netweave.networks.models import Membership

    Membership.objects.filter(user=circle.logins["de Wit"]).update(person=None)
    client.force_login(circle.logins["de Wit"])
    page = client.get(reverse("networks:me", kwargs={"slug": circle.network.slug}))
    assert page.status_code == 200 and page.context["person"] is None


def _people(client, circle: Circle, **filters):
    page = client.get(reverse("networks:people", kwargs={"slug": circle.network.slug}), filters)
    assert page.status_code == 200
    return page


def test_people_search_and_filters(client, circle):
    circle.people["Jansen"].themes.add(circle.themes["care"])
    client.force_login(circle.logins["Visser"])

    def names(**filters) -> set[str]:
        return {p.last_name for p in _people(client, circle, **filters).context["page"]}

    assert names() == {"Bakker", "Visser", "de Wit", "Mulder", "Jansen"}
    # The count says whom it counts: the year's figures also count those who left.
    assert "5 current members" in _people(client, circle).content.decode()
    assert names(q="gemeente") == {"Visser", "de Wit"}
    assert names(q="eva") == {"Jansen"}
    assert names(sector="business") == {"Mulder", "Jansen"}
    assert names(organisation=circle.organisations["hanze"].pk) == {"Bakker"}
    assert names(theme=circle.themes["care"].pk) == {"Jansen"}
    # Nonsense is ignored (a name longer than the field allows too): never an error page.
    everyone = {"Bakker", "Visser", "de Wit", "Mulder", "Jansen"}
    assert names(theme="x", sector="nonsense", page="-3", q="g" * 500) == everyone


def test_a_long_organisation_filter_lists_only_the_chosen_one(client, circle):
    # Above ORGANISATIONS_LISTED the list would be too long to pick from (and to render on
    # every page): it shows the chosen organisation, and the filter works as before.
    Organisation.objects.bulk_create(
        Organisation(
            network=circle.network, name=f"Stichting {n}", slug=f"s{n}", sector="civil_society"
        )
        for n in range(ORGANISATIONS_LISTED)
    )
    client.force_login(circle.logins["Visser"])
    hanze = circle.organisations["hanze"]

    def listed(**filters) -> list[str]:
        page = _people(client, circle, **filters)
        return [
            label for _value, label in page.context["form"]["organisation"].field.widget.choices
        ]

    assert listed() == ["All organisations"]
    assert listed(organisation=hanze.pk) == ["All organisations", hanze.name]
    chosen = _people(client, circle, organisation=hanze.pk).context["page"]
    assert {person.last_name for person in chosen} == {"Bakker"}


def test_people_are_named_by_the_reports_rule(client, circle):
    client.force_login(circle.logins["Bakker"])
    member_view = _people(client, circle).content.decode()
    assert "Anna Bakker" in member_view and "Eva Jansen" in member_view
    assert "Daan Mulder" not in member_view  # does not consent
    client.force_login(circle.logins["de Wit"])
    sponsor_view = _people(client, circle).content.decode()
    for person in circle.people.values():
        if person.last_name != "de Wit":  # a sponsor still sees their own name
            assert str(person) not in sponsor_view
    # Anna is Hanzehogeschool's only person: its name would name her, beside her too.
    assert "Member 1 of a small organisation" in sponsor_view
    row = sponsor_view.split("Member 1 of a small organisation", 1)[1].split("</li>", 1)[0]
    assert "Hanzehogeschool" not in row and "Knowledge" not in row
    assert "Hanzehogeschool" in member_view.split("Anna Bakker", 1)[1].split("</li>", 1)[0]
    # A sponsor cannot find people by a name they are not shown.
    assert [p.last_name for p in _people(client, circle, q="Anna").context["page"]] == []


def test_a_persons_card(client, circle):
    jansen = circle.people["Jansen"]
    jansen.themes.add(circle.themes["energy"])
    Offer.objects.create(network=circle.network, person=jansen, text="Ik bak", created_on=TODAY)
    client.force_login(circle.logins["Bakker"])
    url = reverse("networks:person", kwargs={"slug": circle.network.slug, "person": jansen.pk})
    html = client.get(url).content.decode()
    assert "Eva Jansen" in html and "Bakkerij Zoet" in html and "Energy" in html
    assert "Ik bak" in html and "Anna Bakker" in html  # her tie with Bakker
    client.force_login(circle.logins["de Wit"])
    sponsor_view = client.get(url).content.decode()
    assert "Eva Jansen" not in sponsor_view and "Anna Bakker" not in sponsor_view


def test_an_organisations_give_and_take_of_the_year(client, circle):
    on = date(TODAY.year, 1, 3)
    _met(circle, "Bakker", "Jansen", on, kind=Kind.HELP, directed=True)
    _met(circle, "Bakker", "Mulder", on, kind=Kind.INTRODUCTION, directed=True)
    _met(circle, "Visser", "Bakker", on, kind=Kind.HELP, directed=True)
    _met(circle, "Jansen", "Bakker", date(TODAY.year - 1, 5, 1), kind=Kind.HELP, directed=True)
    client.force_login(circle.logins["Bakker"])
    hanze = circle.organisations["hanze"]
    page = client.get(
        reverse(
            "networks:organisation",
            kwargs={"slug": circle.network.slug, "organisation": hanze.pk},
        )
    )
    flows = {flow.partner: (flow.given, flow.received) for flow in page.context["ledger"]}
    assert flows == {"Bakkerij Zoet": (2, 0), "Gemeente Groningen": (0, 1)}
    listing = client.get(reverse("networks:organisations", kwargs={"slug": circle.network.slug}))
    counts = {o.name: o.members for o in listing.context["page"]}
    assert counts == {"Bakkerij Zoet": 2, "Gemeente Groningen": 2, "Hanzehogeschool": 1}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_people_and_ties(client, circle):
    # One of everything first: an empty page skips a query a full one needs.
    Ask.objects.create(
        network=circle.network, person=circle.people["Mulder"], text="?", created_on=TODAY
    )
    circle.people["Jansen"].themes.add(circle.themes["care"])
    # Nobody named to members, before and after: every page then needs the pseudonym numbers
    # (a page that names everyone it shows skips their query, and would count one less).
    Person.objects.filter(network=circle.network).update(consents_to_reports=False)
    client.force_login(circle.logins["Bakker"])
    slug = circle.network.slug
    urls = [
        reverse("networks:me", kwargs={"slug": slug}),
        reverse("web:network", kwargs={"slug": slug}),
        reverse("networks:people", kwargs={"slug": slug}),
        reverse("networks:organisations", kwargs={"slug": slug}),
        reverse("networks:person", kwargs={"slug": slug, "person": circle.people["Jansen"].pk}),
        reverse("ledger:board", kwargs={"slug": slug}),
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(30):
        extra = person_add(
            circle.network,
            f"Extra{n}",
            f"Lid{n}",
            circle.organisations["hanze"],
            consents_to_reports=False,
        )
        extra.themes.add(circle.themes["care"])
        Interaction.objects.create(
            network=circle.network,
            person_a=circle.people["Bakker"],
            person_b=extra,
            occurred_on=TODAY - timedelta(days=n),
            kind=Kind.MEETING,
        )
        Interaction.objects.create(
            network=circle.network,
            person_a=circle.people["Jansen"],
            person_b=extra,
            occurred_on=TODAY - timedelta(days=n),
            kind=Kind.MEETING,
        )
        Ask.objects.create(network=circle.network, person=extra, text="?", created_on=TODAY)
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_a_person_has_the_same_pseudonym_on_the_pages_as_in_the_report(client, circle):
    # One who left still counts, so that nobody's number changes when someone leaves.
    gone = person_add(circle.network, "Oud", "Lid", circle.organisations["bakkerij"])
    Person.objects.filter(pk=gone.pk).update(left_on=TODAY, consents_to_reports=False)
    newer = person_add(
        circle.network, "Fenna", "Smit", circle.organisations["bakkerij"], consents_to_reports=False
    )
    sources = report_sources(circle.network)
    organisations = dict(circle.network.organisations.values_list("pk", "name"))
    link = re.compile(rf'href="/networks/{circle.network.slug}/people/(\d+)/">([^<]+)</a>')
    for login, audience in (("Bakker", Audience.NETWORK), ("de Wit", Audience.PUBLIC)):
        client.force_login(circle.logins[login])
        shown = dict(link.findall(_people(client, circle).content.decode()))
        namer = Namer(sources, organisations, audience)
        own = circle.people[login]
        expected = {str(p.pk): namer(p.pk) for p in circle.people.values() if p != own} | {
            str(newer.pk): namer(newer.pk)
        }
        assert {pk: label for pk, label in shown.items() if pk != str(own.pk)} == expected
    # Members of Bakkerij Zoet by id: Mulder 1, Jansen 2, the one who left 3, Smit 4.
    assert shown[str(newer.pk)] == "Member 4 of Bakkerij Zoet"
    assert shown[str(circle.people["Jansen"].pk)] == "Member 2 of Bakkerij Zoet"


def test_own_data_and_erasure_can_be_found_from_the_pages(client):
    # The download of one's own data and a steward's erasure existed, but no page linked to
    # them: a member could not find their data, a steward could not erase anyone.
    circle = circle_make()
    jansen = circle.people["Jansen"]
    data = reverse("interop:person-data", args=[circle.network.slug, jansen.pk])
    erase = reverse("interop:person-erase", args=[circle.network.slug, jansen.pk])
    card = reverse("networks:person", args=[circle.network.slug, jansen.pk])

    client.force_login(circle.logins["Bakker"])
    own = client.get(reverse("networks:me", args=[circle.network.slug])).content.decode()
    member_card = client.get(card).content.decode()
    client.force_login(circle.logins["Visser"])
    steward_card = client.get(card).content.decode()

    assert reverse("interop:my-data", args=[circle.network.slug]) in own
    assert data not in member_card and erase not in member_card
    assert data in steward_card and erase in steward_card
