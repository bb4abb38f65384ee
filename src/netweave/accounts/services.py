"""Writes for accounts: invite, accept an invitation, change a role, remove a membership.

Each function is one user action in one transaction, and records itself in the audit list.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netweave.accounts.models import Invitation
from netweave.introductions.stored import suggestions_changed
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.audit import Verb
from netweave.networks.models import Membership, Person, Role
from netweave.networks.policy import Action

INVITATION_VALID_FOR = timedelta(days=14)


class AccountError(Exception):
    """A refusal to show the person as it is (already translated); nothing was written."""


def token_hash(token: str) -> str:
    """The stored form of an invitation token. A plain SHA-256 suffices: the token is 256 random
    bits, so there is nothing to guess, only a database copy to make useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    """The link in the mail, on the installation's public address."""
    return settings.NETWEAVE_SITE_URL + reverse("accounts:accept", kwargs={"token": token})


@transaction.atomic
def invitation_send(
    actor: Actor, *, first_name: str, last_name: str, email: str, role: Role
) -> Invitation:
    """Invite ``email`` to ``actor``'s network with ``role`` and mail them the link.

    A newer invitation to the same address replaces an open one, so only the latest link works.
    The mail is sent inside the transaction: if the mail server refuses it, no invitation is
    saved and the steward is told, rather than waiting for someone who never got a link.
    """
    actor.require(Action.INVITE)
    email = email.strip().lower()
    if Membership.objects.filter(network=actor.network, user__email__iexact=email).exists():
        raise AccountError(_("%(email)s already has a login in this network.") % {"email": email})
    now = timezone.now()
    Invitation.objects.filter(
        network=actor.network, email=email, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        network=actor.network,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        token_hash=token_hash(token),
        invited_by=actor.user,
        created_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    invitation.save()
    audit.record(actor, Verb.INVITATION_SENT, invitation, detail=Role(role).value)
    _invitation_mail(invitation, token, inviter=actor.user)
    return invitation


def _invitation_mail(invitation: Invitation, token: str, inviter: User) -> None:
    """Send the invitation in the network's language; a refusal raises AccountError."""
    with translation.override(invitation.network.language):
        context = {
            "invitation": invitation,
            "inviter": inviter.get_full_name() or inviter.get_username(),
            "role": Role(invitation.role).label,
            "url": invitation_url(token),
            "valid_days": INVITATION_VALID_FOR.days,
        }
        subject = _("Invitation to %(network)s") % {"network": invitation.network.name}
        body = render_to_string("accounts/mail/invitation.txt", context)
    message = EmailMessage(settings.EMAIL_SUBJECT_PREFIX + subject, body, to=[invitation.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise AccountError(
            _("The invitation could not be mailed (%(reason)s), so it was not saved.")
            % {"reason": error}
        ) from error


def invitation_open(token: str) -> Invitation:
    """The open invitation behind ``token``; AccountError if it is unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("network").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or not invitation.is_open(timezone.now()):
        raise AccountError(
            _(
                "This invitation link is not valid any more: it was used, withdrawn or is older "
                "than %(days)s days. Ask a steward of the network for a new one."
            )
            % {"days": INVITATION_VALID_FOR.days}
        )
    return invitation


@transaction.atomic
def invitation_accept_with_new_login(*, token: str, password: str) -> User:
    """Make a login for the invitee (user name: their e-mail address) and join the network.

    ``password`` has been checked against the password validators by the form.
    """
    invitation = _locked_open_invitation(token)
    users = get_user_model().objects
    if (
        users.filter(username__iexact=invitation.email).exists()
        or users.filter(email__iexact=invitation.email).exists()
    ):
        raise AccountError(
            _(
                "There is already a login for %(email)s. Log in with it, then open the invitation "
                "link again."
            )
            % {"email": invitation.email}
        )
    user = users.create_user(
        invitation.email,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    _join(invitation, user)
    return user


@transaction.atomic
def invitation_accept_as(*, token: str, user: User) -> Membership:
    """``user``, already logged in, joins the invitation's network with the invited role."""
    return _join(_locked_open_invitation(token), user)


def _locked_open_invitation(token: str) -> Invitation:
    """The open invitation, locked until the transaction ends, so one link makes one login."""
    invitation = invitation_open(token)
    return Invitation.objects.select_for_update().select_related("network").get(pk=invitation.pk)


def _join(invitation: Invitation, user: User) -> Membership:
    if not invitation.is_open(timezone.now()):  # used by a request that held the lock first
        raise AccountError(_("This invitation has just been used."))
    if Membership.objects.filter(user=user, network=invitation.network).exists():
        # Most likely a steward trying the link while logged in: leave it for the invitee.
        raise AccountError(
            _(
                "You are already in %(network)s as %(login)s. If this invitation is meant for "
                "someone else, log out and open the link again."
            )
            % {"network": invitation.network.name, "login": user.get_username()}
        )
    membership = Membership.objects.create(
        user=user,
        network=invitation.network,
        role=invitation.role,
        person=_person_for(invitation),
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    actor = Actor(user, invitation.network, Role(membership.role), membership.person)
    audit.record(actor, Verb.INVITATION_ACCEPTED, invitation)
    return membership


def _person_for(invitation: Invitation) -> Person | None:
    """The network's record of the invitee: the Person with their e-mail address, or a new one.

    Sponsors (an alderman, a funder) read; they are not members, so no Person is made for them
    and they are not counted in the network's figures.
    """
    person = Person.objects.filter(
        network=invitation.network, email__iexact=invitation.email
    ).first()
    if person is not None:
        if Membership.objects.filter(person=person).exists():
            raise AccountError(
                _("The member record of %(email)s belongs to another login. Ask a steward.")
                % {"email": invitation.email}
            )
        return person
    if invitation.role == Role.SPONSOR:
        return None
    suggestions_changed(invitation.network)  # a new member to suggest
    return Person.objects.create(
        network=invitation.network,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        email=invitation.email,
        language=invitation.network.language,
        joined_on=timezone.localdate(),
    )


@transaction.atomic
def invitation_withdraw(actor: Actor, invitation: Invitation) -> None:
    """Make an open invitation's link stop working."""
    actor.require(Action.INVITE)
    _same_network(actor, invitation.network_id)
    if invitation.withdrawn_at is None and invitation.accepted_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        audit.record(actor, Verb.INVITATION_WITHDRAWN, invitation)


@transaction.atomic
def membership_role_change(actor: Actor, membership: Membership, role: Role) -> Membership:
    """Give ``membership`` another role; the network's last steward keeps theirs."""
    actor.require(Action.INVITE)
    _same_network(actor, membership.network_id)
    old = Role(membership.role)
    if old == role:
        return membership
    if old == Role.STEWARD:
        _keep_a_steward(actor, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        actor, Verb.MEMBERSHIP_ROLE_CHANGED, membership, detail=f"{old.value} → {role.value}"
    )
    return membership


@transaction.atomic
def membership_remove(actor: Actor, membership: Membership) -> None:
    """End a login's access to the network. Its Person stays: the network's history keeps it."""
    actor.require(Action.INVITE)
    _same_network(actor, membership.network_id)
    if membership.role == Role.STEWARD:
        _keep_a_steward(actor, membership)
    audit.record(actor, Verb.MEMBERSHIP_REMOVED, membership)
    membership.delete()


def _keep_a_steward(actor: Actor, leaving: Membership) -> None:
    """Refuse to take the steward role from the network's last steward.

    The stewards' rows are locked first, so two stewards demoting each other at the same moment
    cannot both succeed and leave a network nobody can run.
    """
    stewards = list(
        Membership.objects.select_for_update()
        .filter(network=actor.network, role=Role.STEWARD)
        .values_list("pk", flat=True)
    )
    if stewards == [leaving.pk]:
        raise AccountError(
            _("A network needs at least one steward: make someone else steward first.")
        )


def _same_network(actor: Actor, network_id: int) -> None:
    # The page framework already fetched the object inside the actor's network; a service
    # called from elsewhere (a command, a task) gets the same guarantee here.
    if network_id != actor.network.pk:
        raise AccountError(_("This does not belong to your network."))
