from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "netweave.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from django.db.models import fields

        # The empty choice of a menu (a theme, a host) is new in Django 6.1 and its Dutch
        # catalogue has no translation yet: Dutch pages read "- Select an option -". Django's
        # way to set it is here; the same words, now in netweave's catalogue.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
