"""How long ago stored figures were computed, in words, for every page that shows some."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()

JUST_NOW = timedelta(minutes=1)
"""Below this, ``timesince`` would say "0 minutes"."""


@register.filter
def computed_when(moment: datetime) -> str:
    """ "Computed 12 minutes ago.", or "Computed just now." in its first minute."""
    if timezone.now() - moment < JUST_NOW:
        return gettext("Computed just now.")
    return gettext("Computed %(ago)s ago.") % {"ago": timesince(moment)}
