"""The page behind an invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dpaportal.accounts.forms import AccountFromInvitationForm
from dpaportal.accounts.models import User
from dpaportal.organisations.models import Membership
from dpaportal.organisations.services import (
    InvitationUnusable,
    MembershipError,
    accept_invitation,
    create_invited_user,
    open_invitation,
)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = open_invitation(token)
    except InvitationUnusable as error:
        return render(
            request,
            "organisations/invitation_unusable.html",
            {"reason": error.message},
            status=error.status_code,
        )

    has_account = User.objects.filter(email=invitation.email).exists()
    form = AccountFromInvitationForm(request.POST or None)
    error_message = ""
    if request.method == "POST":
        try:
            membership = accept_by_request(request, token, form, has_account)
        except (MembershipError, InvitationUnusable) as error:
            error_message = error.message
        else:
            if membership is not None:
                messages.success(
                    request,
                    _("Welcome to %(organisation)s.")
                    % {"organisation": membership.organisation.name},
                )
                return redirect(
                    "organisations:dashboard", slug=membership.organisation.slug
                )

    return render(
        request,
        "organisations/invitation_accept.html",
        {
            "invitation": invitation,
            "has_account": has_account,
            "form": form,
            "error_message": error_message,
        },
        status=400 if request.method == "POST" else 200,
    )


def accept_by_request(
    request: HttpRequest, token: str, form: AccountFromInvitationForm, has_account: bool
) -> Membership | None:
    if isinstance(request.user, User):
        return accept_invitation(token, request.user)
    if has_account or not form.is_valid():
        return None
    membership = create_invited_user(
        token, form.cleaned_data["full_name"], form.cleaned_data["password"]
    )
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return membership
