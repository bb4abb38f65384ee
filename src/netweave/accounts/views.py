"""Accounts pages: memberships, invitations, the audit list, password reset. Parse, call, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.db.models import TextChoices
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from netweave.accounts import selectors, services
from netweave.accounts.forms import InvitationForm, RoleForm
from netweave.accounts.models import Invitation
from netweave.accounts.services import AccountError
from netweave.governance.parameters import settings_change_in_words
from netweave.initiatives.models import Stage
from netweave.networks.actor import Actor
from netweave.networks.audit import Verb, audit_entries, verb_label
from netweave.networks.models import AuditEntry, Membership, Role
from netweave.networks.policy import Action
from netweave.web.framework import network_page
from netweave.web.paging import page_of

AUDIT_PAGE_SIZE = 50


def _members_page(request: HttpRequest, actor: Actor, status: int = 200) -> HttpResponse:
    context = {
        "memberships": selectors.memberships_of(actor),
        "invitations": selectors.invitations_open(actor),
        "roles": Role.choices,
    }
    return render(request, "accounts/members.html", context, status=status)


@network_page(Action.INVITE)
def members(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _members_page(request, actor)


@network_page(Action.INVITE, methods=("GET", "POST"))
def member_invite(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            invitation = services.invitation_send(actor, **form.cleaned_data)
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(email)s has been invited; the link works for %(days)s days.")
                % {"email": invitation.email, "days": services.INVITATION_VALID_FOR.days},
            )
            return redirect("accounts:members", slug=actor.network.slug)
    status = 400 if form.is_bound else 200
    context = {"form": form, "valid_days": services.INVITATION_VALID_FOR.days}
    return render(request, "accounts/invite.html", context, status=status)


@network_page(Action.INVITE, methods=("POST",), objects={"membership": Membership})
def member_role(request: HttpRequest, actor: Actor, membership: Membership) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return _members_page(request, actor, status=400)
    try:
        services.membership_role_change(actor, membership, form.cleaned_data["role"])
    except AccountError as error:
        messages.error(request, str(error))
        return _members_page(request, actor, status=400)
    messages.success(
        request,
        _("%(who)s is now %(role)s.")
        % {"who": _login_name(membership.user), "role": Role(membership.role).label},
    )
    return redirect("accounts:members", slug=actor.network.slug)


@network_page(Action.INVITE, methods=("GET", "POST"), objects={"membership": Membership})
def member_remove(request: HttpRequest, actor: Actor, membership: Membership) -> HttpResponse:
    """GET asks to confirm; POST removes."""
    context = {"membership": membership, "who": _login_name(membership.user)}
    if request.method == "GET":
        return render(request, "accounts/remove.html", context)
    try:
        services.membership_remove(actor, membership)
    except AccountError as error:
        context["error"] = str(error)
        return render(request, "accounts/remove.html", context, status=400)
    messages.success(request, _("%(who)s no longer has access.") % {"who": context["who"]})
    if membership.user_id == actor.user.pk:  # removed themselves: this network is gone for them
        return redirect("web:home")
    return redirect("accounts:members", slug=actor.network.slug)


@network_page(Action.INVITE, methods=("POST",), objects={"invitation": Invitation})
def invitation_withdraw(request: HttpRequest, actor: Actor, invitation: Invitation) -> HttpResponse:
    services.invitation_withdraw(actor, invitation)
    messages.success(
        request, _("The invitation of %(email)s no longer works.") % {"email": invitation.email}
    )
    return redirect("accounts:members", slug=actor.network.slug)


@network_page(Action.READ_AUDIT)
def audit_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = page_of(request, audit_entries(actor), AUDIT_PAGE_SIZE).page
    entries = [(entry, verb_label(entry.verb), _detail_shown(entry)) for entry in page]
    return render(request, "accounts/audit.html", {"page": page, "entries": entries})


# Details stored as codes ("member → sponsor", "idea → running"), shown in the reader's language.
_DETAIL_CHOICES: dict[str, type[TextChoices]] = {
    Verb.INVITATION_SENT: Role,
    Verb.MEMBERSHIP_ROLE_CHANGED: Role,
    Verb.INITIATIVE_CREATED: Stage,
    Verb.INITIATIVE_MOVED: Stage,
}


def _detail_shown(entry: AuditEntry) -> list[str]:
    """``entry``'s detail as lines: its codes as labels, a settings change as one line per
    parameter ("Half-life of warmth (days): 90 → 60", not the stored JSON); anything else (an
    entry written before details were codes) as it is."""
    if entry.verb == Verb.SETTINGS_CHANGED:
        lines = settings_change_in_words(entry.detail)
        if lines is not None:
            return lines
    choices = _DETAIL_CHOICES.get(entry.verb)
    if choices is None:
        return [entry.detail] if entry.detail else []
    labels = dict(choices.choices)
    return [" → ".join(str(labels.get(part, part)) for part in entry.detail.split(" → "))]


@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation mail. A logged-in visitor joins with their login; anyone
    else chooses a password for a new login named after their e-mail address."""
    try:
        invitation = services.invitation_open(token)
    except AccountError as error:
        return render(request, "accounts/accept_invalid.html", {"error": str(error)}, status=404)
    context: dict[str, Any] = {"invitation": invitation, "role": Role(invitation.role).label}
    if request.user.is_authenticated:
        return _accept_as(request, token, invitation, context)
    return _accept_with_new_login(request, token, invitation, context)


def _accept_as(
    request: HttpRequest, token: str, invitation: Invitation, context: dict[str, Any]
) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/accept.html", context)
    try:
        services.invitation_accept_as(token=token, user=request.user)  # type: ignore[arg-type]
    except AccountError as error:
        context["error"] = str(error)
        return render(request, "accounts/accept.html", context, status=400)
    messages.success(request, _("Welcome to %(network)s.") % {"network": invitation.network.name})
    return redirect("web:network", slug=invitation.network.slug)


def _accept_with_new_login(
    request: HttpRequest, token: str, invitation: Invitation, context: dict[str, Any]
) -> HttpResponse:
    invitee = User(
        username=invitation.email,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    form = SetPasswordForm(invitee, request.POST if request.method == "POST" else None)
    context.update(form=form, login_url=f"{reverse('web:login')}?next={request.path}")
    if not form.is_valid():
        return render(
            request, "accounts/accept.html", context, status=400 if form.is_bound else 200
        )
    try:
        user = services.invitation_accept_with_new_login(
            token=token, password=form.cleaned_data["new_password1"]
        )
    except AccountError as error:
        context["error"] = str(error)
        return render(request, "accounts/accept.html", context, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to %(network)s.") % {"network": invitation.network.name})
    return redirect("web:network", slug=invitation.network.slug)


def _login_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link points at the installation's public address, never at whatever host name the
        # request claimed (a forged Host header must not put an attacker's site in the mail).
        self.extra_email_context = {"site_url": settings.NETWEAVE_SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
