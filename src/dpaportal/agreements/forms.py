"""The DPA settings form: company details and what the DPA names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dpaportal.accounts.models import User
from dpaportal.agreements.models import AgreementSettings, DefaultGroup, SignType
from dpaportal.organisations.models import Organisation, Role

MAX_OWN_GROUPS = 30


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} <{obj.email}>"


class AgreementSettingsForm(forms.ModelForm):
    default_groups = forms.MultipleChoiceField(
        label=_("Affected groups of people"),
        choices=DefaultGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    own_groups_text = forms.CharField(
        label=_("Further groups of people"),
        help_text=_("One group per line, for example: Visitors."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    instruction_givers = MemberChoiceField(
        label=_("Further persons authorized to issue instructions"),
        help_text=_("All administrators are always authorized."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    signers = MemberChoiceField(
        label=_("Authorized signers"),
        help_text=_(
            "They may open this page and sign the DPA, without other "
            "administrator rights."
        ),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = AgreementSettings
        fields = [
            "legal_name",
            "address",
            "country",
            "registration_number",
            "vat_id",
            "representative",
            "contact_email",
            "data_protection_officer",
            "language",
            "sign_type",
            "default_groups",
            "instruction_givers",
            "signers",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "language": forms.RadioSelect,
            "sign_type": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by(
            "full_name", "email"
        )
        self.fields["signers"].queryset = members  # type: ignore[attr-defined]
        self.fields["instruction_givers"].queryset = members.exclude(  # type: ignore[attr-defined]
            memberships__organisation=organisation,
            memberships__role=Role.ADMINISTRATOR,
        )
        if self.instance.pk:
            self.initial["own_groups_text"] = "\n".join(self.instance.own_groups)

    def clean_own_groups_text(self) -> list[str]:
        groups: list[str] = []
        for line in self.cleaned_data["own_groups_text"].splitlines():
            name = " ".join(line.split())
            if name and name.casefold() not in {g.casefold() for g in groups}:
                groups.append(name)
        if len(groups) > MAX_OWN_GROUPS:
            raise forms.ValidationError(
                _("Name at most %(count)d groups.") % {"count": MAX_OWN_GROUPS}
            )
        if any(len(name) > 200 for name in groups):
            raise forms.ValidationError(
                _("A group name may have 200 characters at most.")
            )
        return groups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        digital = cleaned.get("sign_type") == SignType.DIGITAL
        groups = list(cleaned.get("default_groups") or []) + list(
            cleaned.get("own_groups_text") or []
        )
        if digital and not groups:
            self.add_error(
                "default_groups",
                _("Choose at least one group of people, or name your own."),
            )
        return cleaned

    def save(self, commit: bool = True) -> AgreementSettings:
        self.instance.own_groups = self.cleaned_data["own_groups_text"]
        self.instance.default_groups = [
            key
            for key in DefaultGroup.values
            if key in self.cleaned_data["default_groups"]
        ]
        return super().save(commit=commit)
