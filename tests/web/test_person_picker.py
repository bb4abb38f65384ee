"""A form that names one person lists nobody but whom it already names: the person is found by
name (``web.widgets.PersonPicker``), as in the quick log, so a page does not grow with the
network (a ``<select>`` of every member made a 10,000-member network's routine page 432 kB)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netweave.networks.models import Person, Role
from netweave.routines.models import Cadence, Format, Participant, ParticipantStatus, Routine
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db


def _people_offered(html: str, field: str) -> list[str]:
    """The person ids a page offers for ``field``: its radio buttons and any options of it."""
    radios = re.findall(rf'<input type="radio" name="{field}" value="(\d+)"', html)
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S)
    options = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
    return radios + options


def test_person_fields_offer_only_whom_they_name():
    tenant = tenant_make("pickers", seed=31, members=120)
    network = tenant.network
    slug = network.slug
    steward, member = Client(), Client()
    steward.force_login(tenant.logins[Role.STEWARD])
    member.force_login(tenant.logins[Role.MEMBER])
    me = tenant.logins[Role.MEMBER].memberships.get(network=network).person
    coffee = Routine.objects.create(
        network=network,
        name="Koffie",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.WEEKLY,
        started_on=timezone.localdate(),
    )
    Participant.objects.create(routine=coffee, person=me, status=ParticipantStatus.ACTIVE)
    hosted = tenant.any(Routine)
    host = Person.objects.filter(network=network, left_on__isnull=True).first()
    hosted.steward = host
    hosted.save()

    pages = {
        ("routines:create", "host"): steward.get(reverse("routines:create", args=[slug])),
        ("introductions:steward", "person_a"): steward.get(
            reverse("introductions:steward", args=[slug])
        ),
        ("routines:detail", "other"): member.get(
            reverse("routines:detail", args=[slug, coffee.pk])
        ),
    }
    for (page, field), response in pages.items():
        html = response.content.decode()
        assert f'name="{field}_query"' in html, page  # the name box is there
        assert _people_offered(html, field) == [], page
    edit = steward.get(reverse("routines:edit", args=[slug, hosted.pk])).content.decode()
    assert _people_offered(edit, "host") == [str(host.pk)]  # the host it has, chosen
    assert re.search(rf'value="{host.pk}"\s+checked', edit)
