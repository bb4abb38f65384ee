"""One sentence a person understands per suggested introduction, in the active language.

The recommender (:mod:`netweave.insights.suggestions`) gives machine-readable reasons; an
:class:`~netweave.introductions.models.Introduction` stores them as they came. This module turns
them into words when they are shown: to a steward about two people ("Anna asks about …; Bram's
offer covers that; they both know Carla."), or to one of the two about the other ("you both
know Carla"). The caller chooses the language (``translation.override(reader.language)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from netweave.insights.suggestions import Reason
from netweave.ledger.models import Ask, Offer
from netweave.networks.models import Network, Person, Theme

TEXT_WORDS = 12
"""An ask or offer is quoted up to this many words."""

# At most one bridging clause, the strongest boundary first.
_BRIDGES = (Reason.BRIDGES_SECTORS, Reason.BRIDGES_ORGANISATIONS, Reason.BRIDGES_COMMUNITIES)


def reasons_stored(reasons: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """The recommender's reasons of one suggestion as JSON-ready data for the database:
    empty lists and missing ids left out, contributions rounded."""
    stored = []
    for reason in reasons or ():
        item: dict[str, Any] = {
            "reason": str(reason["reason"]),
            "contribution": round(float(reason["contribution"]), 4),
        }
        for key in ("people", "themes"):
            if reason.get(key):
                item[key] = list(reason[key])
        for key in ("ask_id", "offer_id"):
            if reason.get(key) is not None:
                item[key] = int(reason[key])
        stored.append(item)
    return stored


@dataclass(frozen=True)
class Names:
    """What the sentences name, fetched once for many suggestions (four queries)."""

    people: Mapping[int, str]
    themes: Mapping[str, Theme]
    asks: Mapping[int, str]
    offers: Mapping[int, str]

    def theme(self, slug: str) -> str:
        theme = self.themes.get(slug)
        return theme.name(translation.get_language() or "en") if theme else slug


def names_for(network: Network, reason_lists: Iterable[Sequence[Mapping[str, Any]]]) -> Names:
    """Everyone, every theme, ask and offer the reasons in ``reason_lists`` mention."""
    people: set[int] = set()
    asks: set[int] = set()
    offers: set[int] = set()
    for reasons in reason_lists:
        for reason in reasons:
            people.update(reason.get("people") or ())
            if reason.get("ask_id") is not None:
                asks.add(reason["ask_id"])
            if reason.get("offer_id") is not None:
                offers.add(reason["offer_id"])
    return Names(
        people={
            pk: f"{first} {last}"
            for pk, first, last in Person.objects.filter(
                network=network, pk__in=people
            ).values_list("pk", "first_name", "last_name")
        },
        themes={theme.slug: theme for theme in Theme.objects.filter(network=network)},
        asks=dict(Ask.objects.filter(network=network, pk__in=asks).values_list("pk", "text")),
        offers=dict(Offer.objects.filter(network=network, pk__in=offers).values_list("pk", "text")),
    )


def reasons_of_frame(suggestions: pl.DataFrame) -> list[list[dict[str, Any]]]:
    """The ``reasons`` column of a suggestions frame, stored form, row by row."""
    return [reasons_stored(reasons) for reasons in suggestions["reasons"].to_list()]


def _quote(text: str) -> str:
    return Truncator(" ".join(text.split())).words(TEXT_WORDS)


def _names(pks: Sequence[int], names: Names) -> str:
    known = [names.people[pk] for pk in pks if pk in names.people]
    if len(known) <= 1:
        return "".join(known)
    return _("%(first)s and %(last)s") % {"first": ", ".join(known[:-1]), "last": known[-1]}


def _text_clause(reason: Mapping[str, Any], a: str, b: str, names: Names, you: bool) -> str:
    ask = names.asks.get(reason.get("ask_id", -1))
    if not ask or not names.offers.get(reason.get("offer_id", -1)):  # gone, or erased
        return ""
    ask = _quote(ask)
    asks_first = reason["reason"] == Reason.ASK_MATCHES_OFFER
    if you:
        if asks_first:
            return _("you ask about “%(ask)s”; %(other)s's offer covers that") % {
                "ask": ask,
                "other": b,
            }
        return _("%(other)s asks about “%(ask)s”; your offer covers that") % {
            "ask": ask,
            "other": b,
        }
    asker, offerer = (a, b) if asks_first else (b, a)
    return _("%(asker)s asks about “%(ask)s”; %(offerer)s's offer covers that") % {
        "asker": asker,
        "ask": ask,
        "offerer": offerer,
    }


def _clause(reason: Mapping[str, Any], a: str, b: str, names: Names, you: bool) -> str:
    kind = reason["reason"]
    if kind in (Reason.ASK_MATCHES_OFFER, Reason.OFFER_MATCHES_ASK):
        return _text_clause(reason, a, b, names, you)
    if kind == Reason.MUTUAL_CONTACTS:
        people = _names(reason.get("people") or (), names)
        if not people:
            return ""
        return (_("you both know %(names)s") if you else _("they both know %(names)s")) % {
            "names": people
        }
    if kind == Reason.WIDER_CIRCLE:
        return _("your contacts know each other") if you else _("their contacts know each other")
    if kind == Reason.SHARED_THEMES:
        themes = ", ".join(names.theme(slug) for slug in reason.get("themes") or ())
        if not themes:
            return ""
        return (_("you both work on %(themes)s") if you else _("they both work on %(themes)s")) % {
            "themes": themes
        }
    words = {
        Reason.BRIDGES_SECTORS: (
            _("you work in different sectors"),
            _("they work in different sectors"),
        ),
        Reason.BRIDGES_ORGANISATIONS: (
            _("you work at different organisations"),
            _("they work at different organisations"),
        ),
        Reason.BRIDGES_COMMUNITIES: (
            _("you move in different circles of the network"),
            _("they move in different circles of the network"),
        ),
        Reason.SAME_ORGANISATION: (
            _("you work at the same organisation"),
            _("they work at the same organisation"),
        ),
        Reason.SAME_SECTOR: (
            _("you work in the same sector"),
            _("they work in the same sector"),
        ),
    }
    return words[Reason(kind)][0 if you else 1]


def explain(
    reasons: Sequence[Mapping[str, Any]],
    first: Person,
    second: Person,
    names: Names,
    *,
    reader: Person | None = None,
) -> str:
    """The sentence for introducing ``first`` and ``second`` (reasons relative to ``first``).

    ``reader`` one of the two: the sentence speaks to them ("you both know …") about the
    other; otherwise it names both.
    """
    you = reader is not None and reader.pk in (first.pk, second.pk)
    if you and reader is not None and reader.pk == second.pk:
        reasons = [_swapped(reason) for reason in reasons]
        first, second = second, first
    a, b = first.first_name, second.first_name
    present = {reason["reason"] for reason in reasons}
    bridge = next((kind for kind in _BRIDGES if kind in present), None)
    clauses: list[str] = []
    for reason in reasons:
        if reason["reason"] in _BRIDGES and reason["reason"] != bridge:
            continue
        clause = _clause(reason, a, b, names, you)
        if clause:
            clauses.append(clause)
    if not clauses:
        if you:
            return _("netweave thinks you could mean something for each other.")
        return _("netweave thinks they could mean something for each other.")
    sentence = "; ".join(clauses)
    return sentence[:1].upper() + sentence[1:] + "."


def _swapped(reason: Mapping[str, Any]) -> Mapping[str, Any]:
    """The same reason seen from the other side (an ask of one is the other's offer match)."""
    flip = {
        Reason.ASK_MATCHES_OFFER: Reason.OFFER_MATCHES_ASK,
        Reason.OFFER_MATCHES_ASK: Reason.ASK_MATCHES_OFFER,
    }
    kind = Reason(reason["reason"])
    return {**reason, "reason": flip.get(kind, kind)}
