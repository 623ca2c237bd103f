"""Forms for logging in, resetting a password and joining from an invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from dpaportal.mail import queue_message


class EmailLoginForm(AuthenticationForm):
    """Django's login form, with the user name shown as an e-mail address."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        # Deliberately the same for unknown addresses and wrong passwords.
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is inactive."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose e-mail goes through the queue and its retries.

    A mail server that does not answer then delays the e-mail instead of
    failing the request or losing the message.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The link points at the public address, like every other e-mail's,
        # not at whatever Host header the request came with.
        protocol, domain = settings.BASE_URL.split("://", 1)
        context.update(protocol=protocol, domain=domain)
        # Rendered in the language of the request: the person asking reads it.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_message(
            kind="password_reset",
            subject=subject,
            body=render_to_string(email_template_name, context),
            recipients=[to_email],
        )


class AccountFromInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password and password != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            try:
                password_validation.validate_password(password)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
