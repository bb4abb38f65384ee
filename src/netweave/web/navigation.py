"""The network's navigation: one entry per page, shown to the roles whose policy allows it.

Add a line here when you add a page people should find from the menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netweave.networks.actor import Actor
from netweave.networks.policy import Action


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    action: Action


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry(_("Home"), "web:network", Action.READ_NETWORK),
    # A member's home is their own page; a steward's is the dashboard, so they need this link.
    NavEntry(_("My page"), "networks:me", Action.STEWARD),
    NavEntry(_("Quick log"), "ledger:log", Action.LOG_INTERACTION),
    NavEntry(_("Asks and offers"), "ledger:board", Action.READ_NETWORK),
    NavEntry(_("People"), "networks:people", Action.READ_NETWORK),
    NavEntry(_("Organisations"), "networks:organisations", Action.READ_NETWORK),
    NavEntry(_("Routines"), "routines:list", Action.READ_NETWORK),
    NavEntry(_("My introductions"), "introductions:mine", Action.ANSWER_INTRODUCTIONS),
    NavEntry(_("Introduce"), "introductions:steward", Action.INTRODUCE),
    NavEntry(_("Initiatives"), "initiatives:board", Action.READ_NETWORK),
    NavEntry(_("Map"), "maps:page", Action.READ_NETWORK),
    NavEntry(_("Reports"), "reports:index", Action.READ_NETWORK),
    NavEntry(_("Members"), "accounts:members", Action.INVITE),
    NavEntry(_("Audit list"), "accounts:audit", Action.READ_AUDIT),
    NavEntry(_("Import"), "interop:import", Action.IMPORT_DATA),
    NavEntry(_("Export"), "interop:export", Action.EXPORT_DATA),
    NavEntry(_("Charter"), "governance:charter", Action.READ_NETWORK),
    NavEntry(_("Settings"), "governance:settings", Action.EDIT_SETTINGS),
)


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def navigation_for(actor: Actor, current_path: str) -> list[NavLink]:
    """The menu ``actor`` sees; the entry whose page is open (or a parent of it) is current."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    urls = _section_urls(actor.network.slug, get_script_prefix(), urlconf)
    links = [
        NavLink(entry.label, url, False)
        for entry, url in zip(NAVIGATION, urls, strict=True)
        if actor.may(entry.action)
    ]
    # The longest matching prefix is the open section (the network home is a prefix of all).
    best = max(
        (link for link in links if current_path.startswith(link.url)),
        key=lambda link: len(link.url),
        default=None,
    )
    return [NavLink(link.label, link.url, link is best) for link in links]


@lru_cache(maxsize=1024)
def _section_urls(slug: str, script_prefix: str, urlconf: str) -> tuple[str, ...]:
    """The URL of every :data:`NAVIGATION` entry in network ``slug``: the same on every page,
    so reversed once per network (18 reversals of about 20 us each on every page). The script
    prefix and the urlconf are part of the key because ``reverse`` reads them."""
    return tuple(reverse(entry.url_name, kwargs={"slug": slug}) for entry in NAVIGATION)
