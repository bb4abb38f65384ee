"""What a person is called where the reader may not see their name: one rule for the annual
report, the map and the pages.

Whether a name is shown is :func:`netweave.reports.document.is_named`. Whoever is not named
becomes role, number and organisation ("Member 2 of Gemeente Utrecht"): numbered by id within
organisation and role over every person of the network, those who left included, so a person
has the same pseudonym in every report and on every page, and two people never share one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _

from netweave.networks.models import Role


def pseudonym_numbers(people: Iterable[tuple[int, int | None, str | None]]) -> dict[int, int]:
    """``(person_id, organisation_id, role)`` of every person of a network → each person's
    number (1, 2, …) among those of their organisation and role, by id. No role: a member."""
    seen: Counter[tuple[int | None, str]] = Counter()
    numbers = {}
    for person_id, organisation_id, role in sorted(people, key=lambda person: person[0]):
        group = (organisation_id, role or Role.MEMBER.value)
        seen[group] += 1
        numbers[person_id] = seen[group]
    return numbers


def pseudonym(role: str | None, number: int, organisation: str | None) -> str:
    """ "Member 2 of Gemeente Utrecht", or "Member 2" for someone without an organisation."""
    value = role or Role.MEMBER.value
    label = str(Role(value).label) if value in Role.values else value
    if organisation is None:
        return _("%(role)s %(number)s") % {"role": label, "number": number}
    return _("%(role)s %(number)s of %(organisation)s") % {
        "role": label,
        "number": number,
        "organisation": organisation,
    }
