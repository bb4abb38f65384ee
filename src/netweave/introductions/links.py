"""Signed one-click links in introduction mails: they name an introduction, one of the two, and
what the link does, and they expire.

A link opens a page with one button (or, for the outcome, a short form) rather than acting on
GET: mail scanners open links before people do, and must not accept an introduction for them.
"""

from __future__ import annotations

import enum
from datetime import timedelta

from django.conf import settings
from django.core.signing import BadSignature, TimestampSigner
from django.urls import reverse

from netweave.introductions.models import Introduction
from netweave.networks.models import Person

SALT = "netweave.introductions.link"


class Do(enum.StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    MET = "met"
    OUTCOME = "outcome"


MAX_AGE: dict[Do, timedelta] = {
    Do.ACCEPT: timedelta(days=14),
    Do.DECLINE: timedelta(days=14),
    Do.MET: timedelta(days=60),
    Do.OUTCOME: timedelta(days=21),
}
"""How long each kind of link works after it was made."""


class LinkRefused(Exception):
    """The token was altered, is of another kind, or has expired."""


def token(introduction: Introduction, person: Person, do: Do) -> str:
    return TimestampSigner(salt=SALT).sign_object(
        {"i": introduction.pk, "p": person.pk, "do": do.value}
    )


def url(introduction: Introduction, person: Person, do: Do) -> str:
    path = reverse("introductions:link", kwargs={"token": token(introduction, person, do)})
    return settings.NETWEAVE_SITE_URL + path


def read(value: str) -> tuple[int, int, Do]:
    """(introduction id, person id, what to do) of a token that is valid now."""
    signer = TimestampSigner(salt=SALT)
    try:
        claim = signer.unsign_object(value, max_age=max(MAX_AGE.values()))
        do = Do(claim["do"])
        # Each kind has its own lifetime: check again with the kind's own.
        signer.unsign_object(value, max_age=MAX_AGE[do])
        return int(claim["i"]), int(claim["p"]), do
    except (BadSignature, KeyError, ValueError, TypeError):  # SignatureExpired is a BadSignature
        raise LinkRefused from None
