"""Filters of the people and organisation pages (GET): unknown values are ignored, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netweave.networks.actor import Actor
from netweave.networks.models import Language, Sector, Theme
from netweave.networks.selectors import PeopleFilter, organisations_of, themes_of

SECTOR_CHOICES = [("", _("All sectors")), *Sector.choices]


class ThemeChoiceField(forms.ModelChoiceField):
    """Themes shown in the page's language (:meth:`scope` it to the network)."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Theme)
        return obj.name(get_language() or Language.DUTCH)

    def scope(self, actor: Actor) -> None:
        """Accept and list the themes of ``actor``'s network, read with one plain query: left
        to itself the field reads them again as it renders, through a server-side cursor
        (three round trips to PostgreSQL, and a copy of the rows kept for the cursor)."""
        self.queryset = themes_of(actor)
        empty = [] if self.empty_label is None else [("", self.empty_label)]
        listed = ((theme.pk, self.label_from_instance(theme)) for theme in self.queryset)
        self.widget.choices = [*empty, *listed]


ORGANISATIONS_LISTED = 100
"""The most organisations a filter lists; a larger network's list shows only the chosen one."""


class OrganisationFilterField(forms.ModelChoiceField):
    """One organisation of the actor's network to filter by (:meth:`scope` it to the network).

    A network with more than :data:`ORGANISATIONS_LISTED` organisations lists only the chosen
    one (the name search finds the others): a list of thousands is no help to pick from, and
    rendering it would make every page cost what the network's organisations do.
    """

    def __init__(self) -> None:
        super().__init__(
            label=_("Organisation"),
            queryset=None,
            required=False,
            empty_label=_("All organisations"),
        )

    def scope(self, actor: Actor, chosen: object) -> None:
        """Accept the organisations of ``actor``'s network; list them, or only ``chosen``."""
        self.queryset = organisations_of(actor)
        listed = list(self.queryset[: ORGANISATIONS_LISTED + 1])
        if len(listed) > ORGANISATIONS_LISTED:
            picked = str(chosen or "")
            listed = list(self.queryset.filter(pk=int(picked))) if picked.isdigit() else []
        self.widget.choices = [("", self.empty_label), *((row.pk, row.name) for row in listed)]


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)
    organisation = OrganisationFilterField()
    theme = ThemeChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        theme = self.fields["theme"]
        assert isinstance(organisation, OrganisationFilterField)
        assert isinstance(theme, ThemeChoiceField)
        organisation.scope(actor, self.data.get("organisation"))
        theme.scope(actor)

    def chosen(self) -> PeopleFilter:
        self.is_valid()  # keeps each valid filter even when another is not
        data = self.cleaned_data
        organisation, theme = data.get("organisation"), data.get("theme")
        return PeopleFilter(
            query=(data.get("q") or "").strip(),
            sector=data.get("sector") or "",
            organisation=organisation.pk if organisation else None,
            theme=theme.pk if theme else None,
        )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES, required=False)

    def chosen(self) -> tuple[str, str]:
        self.is_valid()
        return (self.cleaned_data.get("q") or "").strip(), self.cleaned_data.get("sector") or ""
