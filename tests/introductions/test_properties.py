"""What the steward is offered to send never includes a pair introduced before (in any status,
also today), a member who opted out, or one person twice: hypothesis over the chain network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netweave.introductions.models import Introduction, Status
from netweave.introductions.selectors import network_suggestions
from netweave.networks.models import Person

from .conftest import NAMES

pytestmark = pytest.mark.django_db

pair = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)).filter(lambda p: p[0] != p[1])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    introduced=st.lists(
        st.tuples(pair, st.sampled_from(Status.values), st.integers(0, 60)), max_size=5
    ),
    opted_out=st.sets(st.sampled_from(NAMES), max_size=2),
)
def test_the_steward_is_never_offered_an_introduced_opted_out_or_single_pair(
    chain, introduced, opted_out
):
    today = timezone.localdate()
    with transaction.atomic():
        people = chain.people
        for (a, b), status, days_ago in introduced:
            Introduction.objects.create(
                network=chain.network,
                person_a=people[a],
                person_b=people[b],
                status=status,
                suggested_on=today - timedelta(days=days_ago),
            )
        Person.objects.filter(network=chain.network, first_name__in=opted_out).update(
            open_to_introductions=False
        )
        offered = [
            (s.first.first_name, s.second.first_name)
            for s in network_suggestions(chain.network, today)
        ]
        transaction.set_rollback(True)
    forbidden = {frozenset(p) for p, _status, _days in introduced}
    for first, second in offered:
        assert first != second
        assert frozenset((first, second)) not in forbidden
        assert first not in opted_out and second not in opted_out
    assert len({frozenset(p) for p in offered}) == len(offered)
