"""How pages name people and themes: the reports' naming rule, in the page's language."""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.translation import get_language

from netweave.networks.models import Language, Organisation, Person, Theme
from netweave.networks.selectors import person_label, person_organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: Context, person: Person) -> str:
    """``person``'s name, or their pseudonym if the page's actor may not see the name."""
    # The numbers come with every page of a reader who may not see every name (None for a
    # steward, who sees them all): see web.context_processors.
    return person_label(context["actor"], person, context.get("pseudonym_numbers"))


@register.simple_tag(takes_context=True)
def organisation_of(context: Context, person: Person) -> Organisation | None:
    """The organisation to show beside ``person``: none when a pseudonym stands for them and
    their organisation is small (it would name them). Use as ``{% organisation_of p as org %}``."""
    return person_organisation(context["actor"], person, context.get("pseudonym_numbers"))


@register.simple_tag
def theme_name(theme: Theme) -> str:
    return theme.name(get_language() or Language.DUTCH)
