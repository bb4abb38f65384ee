from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. 'CRM sync'.")
    )


class TokenRevokeForm(forms.Form):
    revoke = forms.IntegerField(min_value=1)
