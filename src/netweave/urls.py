from django.contrib import admin
from django.urls import include, path

# The language comes from the visitor's choice (a cookie set by set_language) or their browser,
# not from the URL, so that links stay the same in every language.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("netweave.web.urls")),
    path("", include("netweave.reports.urls")),
    path("", include("netweave.maps.urls")),
    path("", include("netweave.ledger.urls")),
    path("", include("netweave.dashboard.urls")),
    path("", include("netweave.accounts.urls")),
    path("", include("netweave.routines.urls")),
    path("", include("netweave.introductions.urls")),
    path("", include("netweave.networks.urls")),
    path("", include("netweave.initiatives.urls")),
    path("", include("netweave.governance.urls")),
    # Walked last by the isolation matrix: its POSTs erase a person (the steward's own record).
    path("", include("netweave.interop.urls")),
    path("", include("netweave.api.urls")),
]
