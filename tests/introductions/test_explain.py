"""The sentence for a suggestion the formation lift put forward: colleagues and sector peers,
to a steward and to one of the two, in English and in Dutch (no database needed)."""

from __future__ import annotations

from django.utils import translation

from netweave.insights.suggestions import Reason
from netweave.introductions.explain import Names, explain
from netweave.networks.models import Person

ANNA = Person(pk=1, first_name="Anna", last_name="Smit")
BRAM = Person(pk=2, first_name="Bram", last_name="Vos")
NAMES = Names(people={3: "Carla Bos"}, themes={}, asks={}, offers={})


def reasons(affinity: Reason) -> list[dict[str, object]]:
    return [
        {"reason": affinity.value, "contribution": 0.6},
        {"reason": Reason.MUTUAL_CONTACTS.value, "contribution": 0.4, "people": [3]},
    ]


def test_colleagues_are_named_as_such_to_the_steward_and_to_one_of_the_two():
    with translation.override("en"):
        steward = explain(reasons(Reason.SAME_ORGANISATION), ANNA, BRAM, NAMES)
        bram = explain(reasons(Reason.SAME_ORGANISATION), ANNA, BRAM, NAMES, reader=BRAM)
    assert steward == "They work at the same organisation; they both know Carla Bos."
    assert bram == "You work at the same organisation; you both know Carla Bos."


def test_sector_peers_in_dutch():
    with translation.override("nl"):
        sentence = explain(reasons(Reason.SAME_SECTOR), ANNA, BRAM, NAMES, reader=ANNA)
    assert sentence == "Jullie werken in dezelfde sector; jullie kennen allebei Carla Bos."
