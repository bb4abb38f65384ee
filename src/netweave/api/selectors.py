"""Reads of API tokens."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from netweave.api.models import ApiToken


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """Every token ``user`` made, revoked ones included (the page lists them apart)."""
    return ApiToken.objects.filter(user=user)
