from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """How a network governs itself: its charter and its metric settings (fields of Network;
    this app owns the pages and the writes, not the data)."""

    name = "netweave.governance"
    verbose_name = _("Charter and settings")
