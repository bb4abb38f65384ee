from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "netweave.dashboard"
    verbose_name = _("Steward dashboard")
