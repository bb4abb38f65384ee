"""Who may do what in a network: the one table every page, service and API call consults.

A page declares the :class:`Action` it performs (``network_page(Action.LOG_INTERACTION)``); the
framework looks the actor's role up in :data:`POLICY` before the view runs. Services that act on
something a member owns (their own ask, their own log entry) check ownership on top of this.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from netweave.networks.models import Role


class Action(enum.Enum):
    """Something a person can do in a network. Add one when a page needs a new kind of right."""

    READ_NETWORK = enum.auto()
    """See the network's pages: people, organisations, asks and offers, routines, the map."""
    DOWNLOAD_REPORT = enum.auto()
    """Download an annual report meant for the network or the public."""
    LOG_INTERACTION = enum.auto()
    """Log that two people met, helped, introduced or worked together."""
    WRITE_LISTING = enum.auto()
    """Write, edit and close one's own asks and offers."""
    WORK_ON_INITIATIVES = enum.auto()
    """Create initiatives and move them between stages."""
    STEWARD = enum.auto()
    """See the steward's dashboard and every report, and generate reports."""
    INVITE = enum.auto()
    """Invite people by e-mail and change memberships."""
    EDIT_CHARTER = enum.auto()
    """Edit the charter: purpose, values and rules of the game."""
    EDIT_SETTINGS = enum.auto()
    """Change the network's settings, such as metric parameters."""
    READ_AUDIT = enum.auto()
    """Read the audit list of who changed what."""
    MODERATE = enum.auto()
    """Edit or close anyone's asks, offers and log entries."""
    MANAGE_ROUTINES = enum.auto()
    """Create, edit, pause and reschedule routines; opt others in or out."""
    TAKE_PART = enum.auto()
    """Opt in or out of a routine, snooze rounds, keep a personal calendar feed."""
    ANSWER_INTRODUCTIONS = enum.auto()
    """Accept or decline one's own introductions, say that one met and what came of it."""
    INTRODUCE = enum.auto()
    """See the network's suggested introductions, send them, follow all of them."""
    DOWNLOAD_OWN_DATA = enum.auto()
    """Download everything netweave holds about oneself."""
    ERASE_PERSON = enum.auto()
    """Erase a person (name, contact details, free texts) and download anyone's data."""
    IMPORT_DATA = enum.auto()
    """Import spreadsheets and calendars into the network."""
    EXPORT_DATA = enum.auto()
    """Export the network as spreadsheets, graph files or JSON."""


_EVERYONE = frozenset({Role.STEWARD, Role.MEMBER, Role.SPONSOR})
_CONTRIBUTORS = frozenset({Role.STEWARD, Role.MEMBER})
_STEWARDS = frozenset({Role.STEWARD})

POLICY: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.READ_NETWORK: _EVERYONE,
        Action.DOWNLOAD_REPORT: _EVERYONE,
        Action.LOG_INTERACTION: _CONTRIBUTORS,
        Action.WRITE_LISTING: _CONTRIBUTORS,
        Action.WORK_ON_INITIATIVES: _CONTRIBUTORS,
        Action.STEWARD: _STEWARDS,
        Action.INVITE: _STEWARDS,
        Action.EDIT_CHARTER: _STEWARDS,
        Action.EDIT_SETTINGS: _STEWARDS,
        Action.READ_AUDIT: _STEWARDS,
        Action.MODERATE: _STEWARDS,
        Action.MANAGE_ROUTINES: _STEWARDS,
        Action.TAKE_PART: _CONTRIBUTORS,
        Action.ANSWER_INTRODUCTIONS: _CONTRIBUTORS,
        Action.INTRODUCE: _STEWARDS,
        Action.DOWNLOAD_OWN_DATA: _EVERYONE,
        Action.ERASE_PERSON: _STEWARDS,
        Action.IMPORT_DATA: _STEWARDS,
        Action.EXPORT_DATA: _STEWARDS,
    }
)
"""The roles allowed to perform each action. Sponsors read; members contribute; stewards run."""


def allowed(role: Role, action: Action) -> bool:
    """Whether ``role`` may perform ``action`` (an action missing from the table: nobody may)."""
    return role in POLICY.get(action, frozenset())
