"""Writes of API tokens: creating and revoking them, and checking one a request brings (which
records the day it was last used). A token's plain text is shown once and never stored: only its
SHA-256 digest is kept, and a leaked database gives no working token."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from netweave.api.models import ApiToken

PREFIX = "nw_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain token is returned once and never stored."""
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:100], prefix=plain[:10], digest=_digest(plain))
    token.full_clean()
    token.save()
    return token, plain


@transaction.atomic
def token_revoke(user: User, token_id: int) -> bool:
    """Revoke ``user``'s token ``token_id``; False when it is not theirs or already revoked."""
    return bool(
        ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_user(plain: str) -> User | None:
    """The active user whose live token ``plain`` is, or None."""
    if not plain.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
    return token.user
