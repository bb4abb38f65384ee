"""How pages name people and themes: the reports' naming rule, in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from netweave.networks.models import Language, Person, Theme
from netweave.networks.selectors import person_label

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: dict[str, Any], person: Person) -> str:
    """``person``'s name, or role and organisation if the page's actor may not see the name."""
    return person_label(context["actor"], person)


@register.simple_tag
def theme_name(theme: Theme) -> str:
    return theme.name(get_language() or Language.DUTCH)
