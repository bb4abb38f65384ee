"""What a person is called where the reader may not see their name: one rule for the annual
report, the map and the pages.

Whether a name is shown is :func:`netweave.reports.document.is_named`. Whoever is not named
becomes role, number and organisation ("Member 2 of Gemeente Utrecht"): numbered by id within
organisation and role over every person of the network, those who left included, so a person
has the same pseudonym in every report and on every page, and two people never share one.

An organisation with a single person would name that person through its own name, so its only
person is "Member 3 of a small organisation" instead: numbered by id within role among all such
people, so these pseudonyms are unique too. A pseudonym is never shortened: a shortened one
("Member 1 of Stichting …") may be two people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from netweave.networks.models import Role
from netweave.reports.document import Audience, ReportSources, is_named

__all__ = ["Namer", "PseudonymNumber", "pseudonym", "pseudonym_numbers"]

SMALL_ORGANISATION = 1
"""An organisation with at most this many people (ever) is not named beside an unnamed person."""


@dataclass(frozen=True)
class PseudonymNumber:
    """A person's number among the people of their group, and whether that group is "a small
    organisation" (their own organisation then goes unnamed: it alone would name them)."""

    number: int
    small: bool = False


def pseudonym_numbers(
    people: Iterable[tuple[int, int | None, str | None]],
) -> dict[int, PseudonymNumber]:
    """``(person_id, organisation_id, role)`` of every person of a network → each person's
    :class:`PseudonymNumber`, by id among those of their organisation (or of the small
    organisations) and role. No role: a member."""
    people = sorted(people, key=lambda person: person[0])
    sizes = Counter(organisation_id for _id, organisation_id, _role in people)
    seen: Counter[tuple[int | None, bool, str]] = Counter()
    numbers = {}
    for person_id, organisation_id, role in people:
        small = organisation_id is not None and sizes[organisation_id] <= SMALL_ORGANISATION
        group = (None if small else organisation_id, small, role or Role.MEMBER.value)
        seen[group] += 1
        numbers[person_id] = PseudonymNumber(seen[group], small)
    return numbers


def pseudonym(role: str | None, number: PseudonymNumber, organisation: str | None) -> str:
    """ "Member 2 of Gemeente Utrecht", "Member 3 of a small organisation", or "Member 2" for
    someone without an organisation."""
    value = role or Role.MEMBER.value
    label = str(Role(value).label) if value in Role.values else value
    if number.small:
        return _("%(role)s %(number)s of a small organisation") % {
            "role": label,
            "number": number.number,
        }
    if organisation is None:
        return _("%(role)s %(number)s") % {"role": label, "number": number.number}
    return _("%(role)s %(number)s of %(organisation)s") % {
        "role": label,
        "number": number.number,
        "organisation": organisation,
    }


class Namer:
    """Who a person is called in a report for ``audience`` (see :class:`Audience`).

    A person is named when the audience is ``stewards``, or ``network`` and they consent
    (``Person.consents_to_reports``). Otherwise they become their pseudonym, by the rule the
    pages share: "Member 2 of Gemeente Utrecht".
    """

    def __init__(self, sources: ReportSources, organisations: dict[int, str], audience: Audience):
        people = sources.people.with_columns(
            pl.col("role").fill_null(Role.MEMBER.value),
            pl.col("consents").fill_null(False),
        )
        self._rows = {row["person_id"]: row for row in people.iter_rows(named=True)}
        self._numbers = pseudonym_numbers(
            people.select("person_id", "organisation_id", "role").iter_rows()
        )
        self._organisations = organisations
        self._audience = audience

    def named(self, person_id: int) -> bool:
        row = self._rows.get(person_id)
        return row is not None and is_named(self._audience, bool(row["consents"]))

    def __call__(self, person_id: int | None) -> str:
        if person_id is None:
            return "—"
        row = self._rows.get(person_id)
        if row is None:
            return _("Member %(number)s") % {"number": person_id}
        if self.named(person_id):
            return str(row["name"])
        organisation = self._organisations.get(row["organisation_id"])
        return pseudonym(row["role"], self._numbers[person_id], organisation)

    def organisation_shown(self, person_id: int) -> bool:
        """May the person's organisation be printed beside them? Not for an unnamed person who
        is their organisation's only one: the organisation would name them."""
        number = self._numbers.get(person_id)
        return number is None or not number.small or self.named(person_id)
