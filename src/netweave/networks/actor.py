"""The acting person in one network: who they are, their role there and their Person record."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from netweave.networks.models import Network, Person, Role
from netweave.networks.policy import Action, allowed


@dataclass(frozen=True)
class Actor:
    """A logged-in user acting in ``network`` with ``role``; ``person`` is their member record
    there, None for a login that is not (yet) linked to one (a sponsor, a fresh steward)."""

    user: User
    network: Network
    role: Role
    person: Person | None
    # Every network of ``user`` (``network`` among them) in name order, for the network
    # switcher, when the lookup that made this actor read them; empty otherwise.
    networks: tuple[Network, ...] = ()

    def may(self, action: Action) -> bool:
        return allowed(self.role, action)

    def require(self, action: Action) -> None:
        """Raise PermissionDenied unless the policy lets this actor's role perform ``action``."""
        if not self.may(action):
            raise PermissionDenied(_("Your role in this network does not allow this."))

    @property
    def is_steward(self) -> bool:
        return self.role == Role.STEWARD
