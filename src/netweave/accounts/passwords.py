"""Django's password rules, with their messages in netweave's own words.

Django's Dutch says "u" ("Uw wachtwoord moet ...") where netweave says "je", and since Django 6.1
renamed the too-short message its Dutch catalogue no longer translates it: a Dutch invitee
read the rule in Dutch and the error in English. The rules themselves are Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it needs at least %(count)d character.",
            "This password is too short: it needs at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password needs at least %(count)d character.",
            "Your password needs at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        # Django fills in the field's name (verbose_name) when it raises.
        return _("This password is too much like your %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Your password may not look too much like your name or e-mail address.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is too common.")

    def get_help_text(self) -> str:
        return _("Your password may not be a commonly used password.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password has only digits.")

    def get_help_text(self) -> str:
        return _("Your password may not be digits only.")
