"""Which column is which: headers and values in Dutch and English, as the app shows them.

Headers are compared case-insensitively after trimming, with typographic apostrophes made
plain (Excel turns ``Thema's`` into ``Thema’s``). Any other layout is mapped by the steward:
``--map "Mailadres=email"`` on the command line, or the remembered mapping on the upload page.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from netweave.interop.importing.problems import Problems
from netweave.ledger.models import Kind, Purpose
from netweave.networks.models import Language, Sector


class ImportKind(enum.StrEnum):
    MEMBERS = "members"
    ORGANISATIONS = "organisations"
    INTERACTIONS = "interactions"
    ASKS = "asks"
    OFFERS = "offers"
    CALENDAR = "calendar"
    NETWORK = "network"  # netweave's own JSON of a whole network


# field → the headers that mean it (lower case). The field names are what --map takes.
HEADERS: Mapping[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledige naam", "full name"),
    "first_name": ("voornaam", "first name", "first_name"),
    "last_name": ("achternaam", "last name", "last_name", "surname"),
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "mail"),
    "organisation": ("organisatie", "organisation", "organization"),
    "sector": ("sector",),
    "city": ("plaats", "stad", "city"),
    "themes": ("thema's", "themas", "themes"),
    "theme": ("thema", "theme"),
    "ask": ("vraag", "ask"),
    "offer": ("aanbod", "offer"),
    "text": ("tekst", "text", "omschrijving", "description"),
    "joined_on": ("lid sinds", "joined", "joined on", "joined_on"),
    "language": ("taal", "language"),
    "date": ("datum", "date", "created on", "aangemaakt op"),
    "from": ("van", "from", "person a", "persoon a"),
    "to": ("naar", "to", "person b", "persoon b"),
    "kind": ("soort", "kind", "type"),
    "note": ("notitie", "note", "opmerking", "notes"),
    "purpose": ("doel", "purpose"),
    "directed": ("gericht", "directed"),
    "id": ("id", "kenmerk", "external id", "import key"),
}

FIELDS: Mapping[ImportKind, tuple[str, ...]] = {
    ImportKind.MEMBERS: (
        "name", "first_name", "last_name", "email", "organisation", "sector", "themes",
        "ask", "offer", "joined_on", "language",
    ),
    ImportKind.ORGANISATIONS: ("name", "sector", "city"),
    ImportKind.INTERACTIONS: ("date", "from", "to", "kind", "note", "purpose", "directed", "id"),
    ImportKind.ASKS: ("email", "name", "text", "ask", "theme", "date", "language"),
    ImportKind.OFFERS: ("email", "name", "text", "offer", "theme", "date", "language"),
}  # fmt: skip

REQUIRED: Mapping[ImportKind, tuple[tuple[str, ...], ...]] = {
    # Each inner tuple: at least one of these fields must have a column.
    ImportKind.MEMBERS: (("name", "last_name"),),
    ImportKind.ORGANISATIONS: (("name",), ("sector",)),
    ImportKind.INTERACTIONS: (("date",), ("from",), ("to",), ("kind",)),
    ImportKind.ASKS: (("email", "name"), ("text", "ask")),
    ImportKind.OFFERS: (("email", "name"), ("text", "offer")),
}


def normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


def column_fields(
    kind: ImportKind,
    headers: tuple[str, ...],
    mapping: Mapping[str, str],
    problems: Problems,
) -> dict[str, str]:
    """field → the header that holds it, for every recognised column of ``kind``.

    ``mapping`` (header → field or any header that means the field) comes first. A column that
    is not recognised is ignored and listed by the caller; a required field without a column
    is a problem naming the headers that would have been understood.
    """
    allowed = FIELDS[kind]
    by_alias = {alias: field for field in allowed for alias in (field, *HEADERS[field])}
    mapped = {normalise(header): normalise(target) for header, target in mapping.items()}
    fields: dict[str, str] = {}
    for header in headers:
        key = normalise(header)
        field = by_alias.get(mapped.get(key, key))
        if key in mapped and field is None:
            problems.add(
                1,
                header,
                _("--map names '%(target)s', which is not a field of %(kind)s (fields: %(fields)s)")
                % {"target": mapped[key], "kind": kind, "fields": ", ".join(allowed)},
            )
        elif field is not None and field not in fields:
            fields[field] = header
    for alternatives in REQUIRED[kind]:
        if not any(field in fields for field in alternatives):
            accepted = " / ".join(f"'{alias}'" for f in alternatives for alias in HEADERS[f][:2])
            problems.add(
                1,
                "",
                _("no column for %(field)s (a header such as %(accepted)s, or --map)")
                % {"field": alternatives[0], "accepted": accepted},
            )
    return fields


def _values(choices: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise(alias): value for value, aliases in choices.items() for alias in aliases}


def _named(choices: type[models.TextChoices], value: str) -> tuple[str, ...]:
    """The stored value, written with spaces, and its name in every language of the app."""
    label = choices(value).label
    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(label))
    return (value, value.replace("_", " "), *names)


# Values as the app shows them in every language, and the stored value itself, from the one
# vocabulary (the sectors of the library, the languages of the settings); then a few more words
# people use for them.
SECTORS = _values(
    {
        value: (*_named(Sector, value), *more)
        for value, more in (
            (Sector.KNOWLEDGE, ("onderwijs", "education", "research")),
            (Sector.BUSINESS, ("bedrijf", "ondernemers")),
            (Sector.GOVERNMENT, ("gemeente",)),
            (Sector.CIVIL_SOCIETY, ("maatschappelijk",)),
            (Sector.CITIZENS, ("inwoners",)),
        )
    }
)
KINDS = _values(
    {
        # The nouns, and the quick log's verbs ("I met …"), which spreadsheets kept by hand use.
        Kind.MEETING: ("meeting", "ontmoeting", "gesprek", "met", "ontmoet"),
        Kind.INTRODUCTION: ("introduction", "introductie", "introduced", "geïntroduceerd"),
        Kind.HELP: ("help", "hulp", "helped", "geholpen"),
        Kind.JOINT_WORK: (
            "joint_work",
            "joint work",
            "samenwerking",
            "worked with",
            "samengewerkt",
        ),
        Kind.EVENT: ("event", "evenement", "bijeenkomst"),
    }
)
PURPOSES = _values(
    {
        Purpose.NETWORK: ("network", "building the network", "bouwen aan het netwerk", "netwerk"),
        Purpose.OUTSIDE: ("outside", "serving the outside world", "de buitenwereld dienen"),
    }
)
BOOLEANS = _values(
    {"true": ("ja", "yes", "true", "1", "waar"), "false": ("nee", "no", "false", "0", "onwaar", "")}
)
LANGUAGES = _values({code: _named(Language, code) for code, _name in settings.LANGUAGES})
