"""What a visitor sees when django-axes refuses a login: the login page, saying why and for how
long, with status 429. Settings (5 failures per user name and address, 15 minutes) are in
``settings/base.py``; ``docs/accounts.md`` explains them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page with the lockout message instead of the usual error (axes calls this)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_out_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "next": request.POST.get("next", ""),
    }
    return render(request, "web/login.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)
