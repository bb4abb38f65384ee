"""The report's glossary: every technical word it prints, explained in plain language.

A municipality's reader does not know what betweenness or a Leiden community is; the report uses
the words because they are precise, and this list says what each means for a network.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["GLOSSARY"]

GLOSSARY: tuple[tuple[Promise, Promise], ...] = (
    (
        _("Warm, cooling and cold ties"),
        _(
            "Every contact adds warmth to the tie between two members, and the warmth halves "
            "after a set number of days without contact. A tie is warm above a threshold; it is "
            "cooling when it lost more than half its peak of the last year and nobody was in "
            "touch for a while; otherwise it is cold."
        ),
    ),
    (
        _("Balance, one-sided"),
        _(
            "Given divided by given plus received. Someone who mostly gives or mostly receives, "
            "with enough volume to tell, is called one-sided."
        ),
    ),
    (
        _("Connector (betweenness)"),
        _(
            "How often a member sits on the shortest path between two others: the people "
            "through whom the rest of the network reaches each other."
        ),
    ),
    (
        _("Constraint"),
        _(
            "How much a member's contacts already know each other (Burt). Low constraint means "
            "they link people who would otherwise not meet: they build bridges."
        ),
    ),
    (
        _("Key player"),
        _(
            "A member whose departure would split the network into pieces that no longer "
            "reach each other."
        ),
    ),
    (
        _("Community (Leiden method)"),
        _(
            "A group of members with many ties among themselves and fewer to the rest, found "
            "by the Leiden method, a standard way to find such groups in a network."
        ),
    ),
    (
        _("Clustering"),
        _("How often two contacts of a member also know each other, from 0 to 1."),
    ),
    (
        _("Density"),
        _("The share of all possible pairs of members that had a tie this year."),
    ),
    (
        _("Connected core"),
        _("The largest group of members who can all reach each other through the network."),
    ),
    (
        _("Golden triangle"),
        _(
            "Knowledge institutions, business and government working on one theme together; "
            "with civil society it is a quadruple helix."
        ),
    ),
    (
        _("pp (percentage point)"),
        _("The difference between two percentages: from 40% to 42% is +2 pp, not +5%."),
    ),
)
