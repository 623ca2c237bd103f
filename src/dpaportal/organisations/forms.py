"""Forms administrators use to manage their organisation's people."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dpaportal.organisations.models import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
