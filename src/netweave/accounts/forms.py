"""Forms of the accounts pages: they parse and validate; services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Role


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    role = forms.TypedChoiceField(
        label=_("Role"), choices=Role.choices, coerce=Role, initial=Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.TypedChoiceField(label=_("Role"), choices=Role.choices, coerce=Role)
