"""The viewer's words, translated on the server and handed to the page as JSON (one catalogue,
``django.po``, for Python, templates and the map's script alike)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def viewer_strings() -> dict[str, str]:
    return {
        "loading": _("Loading the map…"),
        "loaded": _("%(people)s people, %(ties)s ties"),
        "partial": _(
            "Showing the strongest %(shown)s of %(ties)s ties; zoom in or filter to see all."
        ),
        "no_match": _("Nobody on the map matches “%(query)s”."),
        "ties": _("Ties this year"),
        "warmth": _("warmth"),
        "asks": _("Open asks"),
        "offers": _("Open offers"),
        "none": _("none"),
        "organisation": _("Organisation"),
        "sector": _("Sector"),
        "community": _("Community"),
        "degree": _("Ties"),
        "help_given": _("Help given"),
        "betweenness": _("Brokerage (betweenness)"),
        "new_ties": _("new ties"),
        "lapsed_ties": _("lapsed ties"),
        "compared": _("Compared with %(year)s: %(new)s new ties (green), %(lapsed)s lapsed (red)."),
        "people_of": _("%(count)s people"),
        "log_with": _("Log an interaction"),
        "all": _("All"),
        "close": _("Close"),
        "error": _("The map could not be loaded."),
    }
