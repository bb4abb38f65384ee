"""Form fields every page may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from netweave.networks.models import Network, Person

_LONGEST_ID = 18
"""Digits of the longest id a chosen value may have (a bigint has 19): anything longer is no
person, and is not looked up."""


class PersonPicker(forms.Widget):
    """A name box whose suggestions, radio buttons named after the field, come from the people
    search (htmx), as in the quick log: a ``<select>`` lists every member, thousands of options
    in a large network (a random-coffee participant's routine page took 4-6 s to render, and
    weighed 430 kB, at 10,000 members). The person already chosen is the one suggestion shown."""

    template_name = "web/widgets/person_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.people: QuerySet[Person] = Person.objects.none()
        self.search_url = ""

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_query" if id_ else id_  # the label names the name box

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the radio buttons arrive with the suggestions

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = self._chosen(value)
        shown = context["widget"]["attrs"]
        return {
            **context,
            "search_url": self.search_url,
            "people": [chosen] if chosen else [],
            "picked": str(chosen.pk) if chosen else "",
            "query_value": str(chosen) if chosen else "",
            # What the form ties to the field (its help and errors), for the name box.
            "described_by": shown.get("aria-describedby", ""),
            "invalid": shown.get("aria-invalid") == "true",
        }

    def _chosen(self, value: Any) -> Person | None:
        text = str(value if value is not None else "")
        if not text.isdigit() or len(text) > _LONGEST_ID:
            return None
        return self.people.select_related("organisation").filter(pk=int(text)).first()


class PersonField(forms.ModelChoiceField):
    """One person of a network, chosen with a :class:`PersonPicker`; :meth:`scope` it first."""

    widget = PersonPicker

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Person.objects.none(), **kwargs)

    def scope(self, network: Network, people: QuerySet[Person]) -> None:
        """Accept ``people`` (of ``network``) and search among the network's current members."""
        self.queryset = people
        assert isinstance(self.widget, PersonPicker)
        self.widget.people = people
        self.widget.search_url = reverse("ledger:people_search", kwargs={"slug": network.slug})
