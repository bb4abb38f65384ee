"""The dashboard's stored figures, rendered once and kept in the cache.

Rendering the figures (two tables of report figures and four lists of people) was most of what
a steward's dashboard cost a request, yet it changes only with a new snapshot. The rendered HTML
is kept under a key that is a digest of everything it shows: the network, the snapshot's
content, how fresh it is ("Computed 12 minutes ago", a refresh waiting), the language, and the
name and organisation of every person it lists, read live on every request, so a renamed or
erased person is never shown under their old name. Any change of what the fragment shows gives
another key; nothing is invalidated by hand, and one network's fragment can never be another's
(the network is part of the key, and only that network's stewards reach this code).
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from netweave.dashboard.selectors import Figures, ListedPerson
from netweave.networks.models import Network
from netweave.web.templatetags.freshness import computed_when

TEMPLATE = "dashboard/_figures.html"
KEEP_SECONDS = 15 * 60
"""How long an unused fragment stays (a new snapshot or minute makes a new key anyway)."""


def figures_html(network: Network, figures: Figures) -> SafeString:
    """``figures`` of ``network`` as the dashboard shows them, from the cache when unchanged."""
    if figures.snapshot is None:  # "being computed": nothing worth keeping
        return _render(network, figures)
    key = fragment_key(network, figures)
    html = cache.get(key)
    if html is None:
        html = _render(network, figures)
        cache.set(key, str(html), KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when rendered


def fragment_key(network: Network, figures: Figures) -> str:
    """A digest of everything :data:`TEMPLATE` shows for ``figures``."""
    snapshot = figures.snapshot
    assert snapshot is not None
    listed = [
        *(person for tie in snapshot.cooling for person in (tie.a, tie.b)),
        *snapshot.unconnected,
        *(row.person for row in (*snapshot.givers, *snapshot.takers)),
    ]
    shown = {
        "network": [network.pk, network.slug],
        "language": translation.get_language(),
        "content": snapshot.figures.to_json(),
        "as_of": figures.as_of,
        "computed": figures.computed_at and computed_when(figures.computed_at),
        "refreshing": figures.refreshing,
        "people": [_shown(person) for person in listed],
    }
    text = json.dumps(shown, sort_keys=True, default=str)
    return "dashboard-figures:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _shown(person: ListedPerson | None) -> list[object] | None:
    """What the fragment prints of ``person``: their name and organisation."""
    if person is None:
        return None
    return [person.pk, person.name, person.organisation]


def _render(network: Network, figures: Figures) -> SafeString:
    return render_to_string(TEMPLATE, {"figures": figures, "network": network})
