"""Template helpers of the ledger pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import PermissionDenied

from netweave.ledger.models import Ask, Offer
from netweave.ledger.services import listing_require_owner

register = template.Library()


@register.simple_tag(takes_context=True)
def may_change(context: dict[str, Any], listing: Ask | Offer) -> bool:
    """Whether the page's actor may edit and close ``listing`` (the service's own check)."""
    try:
        listing_require_owner(context["actor"], listing)
    except PermissionDenied:
        return False
    return True
