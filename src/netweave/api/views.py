"""The tokens page: a user creates and revokes their own API tokens (not tied to one network:
a token acts with its user's roles in every network they belong to)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netweave.api.forms import TokenCreateForm, TokenRevokeForm
from netweave.api.selectors import tokens_of
from netweave.api.services import token_create, token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = TokenCreateForm()
    status = 200
    if request.method == "POST" and "revoke" in request.POST:
        revoke = TokenRevokeForm(request.POST)
        if revoke.is_valid() and token_revoke(user, revoke.cleaned_data["revoke"]):
            messages.success(request, _("The token was revoked."))
            return redirect("api-tokens")
        status = 400
    elif request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            _token, plain = token_create(user, name=form.cleaned_data["name"])
            context = {"form": TokenCreateForm(), "new_token": plain, "tokens": tokens_of(user)}
            return render(request, "api/tokens.html", context, status=201)
        status = 400
    context = {"form": form, "tokens": tokens_of(user)}
    return render(request, "api/tokens.html", context, status=status)
