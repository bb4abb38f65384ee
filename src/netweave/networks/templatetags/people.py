"""How pages name people and themes: the reports' naming rule, in the page's language."""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.translation import get_language

from netweave.networks.models import Language, Person, Theme
from netweave.networks.selectors import person_label

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: Context, person: Person) -> str:
    """``person``'s name, or their pseudonym if the page's actor may not see the name."""
    # The numbers come with every page of a reader who may not see every name (None for a
    # steward, who sees them all): see web.context_processors.
    return person_label(context["actor"], person, context.get("pseudonym_numbers"))


@register.simple_tag
def theme_name(theme: Theme) -> str:
    return theme.name(get_language() or Language.DUTCH)
