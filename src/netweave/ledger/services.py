"""Writes of the ledger: logging interactions, writing and closing asks and offers.

Each function is one user action in one transaction, checks the actor's right first and records
the change in the audit list. Bad input raises ``ValidationError`` keyed by form field, so a page
can show the message next to the field; acting on someone else's record raises PermissionDenied.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netweave.dashboard.services import figures_changed
from netweave.introductions.stored import suggestions_changed
from netweave.ledger.models import Ask, Channel, Interaction, Kind, Offer
from netweave.maps.services import network_map_refresh_later
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.models import Person, Theme
from netweave.networks.policy import Action

UNDO_WINDOW = timedelta(minutes=1)
"""How long whoever logged an interaction may take it back with one click."""
LOG_BACK_YEARS = 10
"""How many years back an interaction may be logged by hand (quick log, API). A day further
back is nearly always a typing slip (0026, 2002 for 2026); a tie that old has no warmth left to
show, and older history comes in by file import."""

type Listing = Ask | Offer


class Verb(enum.StrEnum):
    """What the quick log says happened: "<subject> <verb> <other>"."""

    HELPED = "helped"
    HELPED_BY = "helped_by"
    MET = "met"
    INTRODUCED = "introduced"
    WORKED_WITH = "worked_with"

    @property
    def label(self) -> str:
        return str(VERB_LABELS[self])


VERB_LABELS = {
    Verb.HELPED: gettext_lazy("helped"),
    Verb.HELPED_BY: gettext_lazy("was helped by"),
    Verb.MET: gettext_lazy("met"),
    Verb.INTRODUCED: gettext_lazy("introduced"),
    Verb.WORKED_WITH: gettext_lazy("worked with"),
}


@dataclass(frozen=True)
class _Meaning:
    kind: Kind
    directed: bool
    subject_gave: bool  # for a directed kind: the subject is person_a (the giver)


# The ledger's model: a directed interaction has the giver as person_a (see Interaction).
MEANINGS = {
    Verb.HELPED: _Meaning(Kind.HELP, directed=True, subject_gave=True),
    Verb.HELPED_BY: _Meaning(Kind.HELP, directed=True, subject_gave=False),
    Verb.MET: _Meaning(Kind.MEETING, directed=False, subject_gave=True),
    Verb.INTRODUCED: _Meaning(Kind.INTRODUCTION, directed=True, subject_gave=True),
    Verb.WORKED_WITH: _Meaning(Kind.JOINT_WORK, directed=False, subject_gave=True),
}


@transaction.atomic
def interaction_log(
    actor: Actor,
    *,
    subject: Person,
    verb: Verb,
    other: Person,
    occurred_on: date,
    note: str = "",
    via: Channel = Channel.WEB,
) -> Interaction:
    """Log that ``subject`` ``verb`` ``other`` on ``occurred_on``, as ``actor``.

    A member logs what they did themself; a steward may log for any two people (MODERATE).
    """
    actor.require(Action.LOG_INTERACTION)
    if subject.pk != getattr(actor.person, "pk", None) and not actor.may(Action.MODERATE):
        raise PermissionDenied(_("You can only log what you did yourself."))
    _check_people(actor, subject, other)
    _check_day(occurred_on)
    meaning = MEANINGS[verb]
    giver, receiver = (subject, other) if meaning.subject_gave else (other, subject)
    interaction = Interaction(
        network=actor.network,
        occurred_on=occurred_on,
        kind=meaning.kind,
        person_a=giver,
        person_b=receiver,
        directed=meaning.directed,
        note=note.strip(),
        logged_by=actor.user,
        logged_via=via,
        logged_at=timezone.now(),
    )
    # The fields are checked; not the keys (the objects given, in this network: see above)
    # nor the constraints (two people checked above, the other values this function's own):
    # full_clean would spend a query on each, a dozen on every quick log.
    interaction.clean_fields(exclude=["network", "person_a", "person_b", "logged_by"])
    interaction.save()
    audit.record(actor, audit.Verb.INTERACTION_LOGGED, interaction)
    figures_changed(actor.network)  # the dashboard's figures read interactions
    suggestions_changed(actor.network)  # and so do the suggested introductions
    network_map_refresh_later(actor.network)
    return interaction


def earliest_loggable(today: date) -> date:
    """The first day an interaction may be logged by hand on ``today`` (:data:`LOG_BACK_YEARS`)."""
    return date(today.year - LOG_BACK_YEARS, 1, 1)


def _check_day(occurred_on: date) -> None:
    today = timezone.localdate()
    if occurred_on > today:
        raise ValidationError({"occurred_on": _("This date is in the future.")})
    earliest = earliest_loggable(today)
    if occurred_on < earliest:
        raise ValidationError(
            {
                "occurred_on": _("Choose a date from %(earliest)s to today.")
                % {"earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT")}
            }
        )


def _check_people(actor: Actor, subject: Person, other: Person) -> None:
    for field, person in (("subject", subject), ("other", other)):
        if person.network_id != actor.network.pk:
            raise ValidationError({field: _("This person is not in this network.")})
        if person.left_on is not None:
            raise ValidationError({field: _("This person has left the network.")})
    if subject.pk == other.pk:
        raise ValidationError({"other": _("Choose someone else: it takes two different people.")})


def interaction_undoable(
    actor: Actor, interaction: Interaction, now: datetime | None = None
) -> bool:
    """Whether ``actor`` may still take ``interaction`` back: logged on the web, by them (or
    they moderate), less than :data:`UNDO_WINDOW` ago."""
    now = now or timezone.now()
    mine = interaction.logged_by_id == actor.user.pk or actor.may(Action.MODERATE)
    return (
        mine
        and interaction.logged_via == Channel.WEB
        and interaction.logged_at is not None
        and now - interaction.logged_at <= UNDO_WINDOW
    )


@transaction.atomic
def interaction_undo(actor: Actor, interaction: Interaction) -> None:
    """Delete an interaction ``actor`` logged less than a minute ago (ValidationError if not)."""
    actor.require(Action.LOG_INTERACTION)
    if interaction.logged_by_id != actor.user.pk and not actor.may(Action.MODERATE):
        raise PermissionDenied(_("You can only undo what you logged yourself."))
    if not interaction_undoable(actor, interaction):
        raise ValidationError(_("This can no longer be undone: it was logged over a minute ago."))
    audit.record(actor, audit.Verb.INTERACTION_UNDONE, interaction)
    network_map_refresh_later(actor.network)
    interaction.delete()
    figures_changed(actor.network)
    suggestions_changed(actor.network)


_CREATED = {Ask: audit.Verb.ASK_CREATED, Offer: audit.Verb.OFFER_CREATED}
_EDITED = {Ask: audit.Verb.ASK_EDITED, Offer: audit.Verb.OFFER_EDITED}
_CLOSED = {Ask: audit.Verb.ASK_CLOSED, Offer: audit.Verb.OFFER_CLOSED}


def listing_require_owner(actor: Actor, listing: Listing) -> None:
    """Only the author changes their ask or offer; a steward may moderate anyone's."""
    actor.require(Action.WRITE_LISTING)
    if listing.person_id != getattr(actor.person, "pk", None) and not actor.may(Action.MODERATE):
        raise PermissionDenied(_("This is someone else's ask or offer."))


def _check_theme(actor: Actor, theme: Theme | None) -> None:
    if theme is not None and theme.network_id != actor.network.pk:
        raise ValidationError({"theme": _("This theme is not in this network.")})


@transaction.atomic
def listing_create(
    actor: Actor, *, model: type[Listing], text: str, theme: Theme | None, language: str
) -> Listing:
    """Write a new ask or offer (``model``) as the actor's own."""
    actor.require(Action.WRITE_LISTING)
    if actor.person is None:
        raise PermissionDenied(_("Your login is not linked to a member of this network."))
    _check_theme(actor, theme)
    listing = model(
        network=actor.network,
        person=actor.person,
        theme=theme,
        text=text.strip(),
        language=language,
        created_on=timezone.localdate(),
    )
    listing.full_clean()
    listing.save()
    audit.record(actor, _CREATED[model], listing)
    suggestions_changed(actor.network)  # asks and offers are matched
    return listing


@transaction.atomic
def listing_update(
    actor: Actor, listing: Listing, *, text: str, theme: Theme | None, language: str
) -> Listing:
    """Change the text, theme or language of an ask or offer."""
    listing_require_owner(actor, listing)
    _check_theme(actor, theme)
    listing.text, listing.theme, listing.language = text.strip(), theme, language
    listing.full_clean()
    listing.save()
    audit.record(actor, _EDITED[type(listing)], listing)
    suggestions_changed(actor.network)
    return listing


@transaction.atomic
def listing_close(actor: Actor, listing: Listing) -> Listing:
    """Close an ask or offer (it leaves the board); closing a closed one changes nothing."""
    listing_require_owner(actor, listing)
    if listing.closed_on is None:
        listing.closed_on = timezone.localdate()
        listing.save(update_fields=["closed_on"])
        audit.record(actor, _CLOSED[type(listing)], listing)
        suggestions_changed(actor.network)
    return listing
