"""Pages of one organisation: its dashboard and its people."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dpaportal.organisations.access import organisation_view, owned_or_404
from dpaportal.organisations.forms import InvitationForm, RoleForm
from dpaportal.organisations.models import Invitation, Membership, Role
from dpaportal.organisations.services import (
    MembershipError,
    change_role,
    invite_member,
    remove_member,
    revoke_invitation,
)


@organisation_view()
def dashboard(request: HttpRequest, membership: Membership) -> HttpResponse:
    organisation = membership.organisation
    return render(
        request,
        "organisations/dashboard.html",
        {
            "organisation": organisation,
            "membership": membership,
            "member_count": organisation.memberships.count(),
        },
    )


@organisation_view(administrators_only=True)
def members(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invite_member(
                membership.organisation,
                membership.user,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                language=get_language(),
            )
        except MembershipError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("organisations:members", slug=membership.organisation.slug)

    return render(
        request,
        "organisations/members.html",
        members_context(membership, form),
        status=400 if form.errors else 200,
    )


def members_context(membership: Membership, form: InvitationForm) -> dict[str, object]:
    organisation = membership.organisation
    open_invitations = [
        invitation
        for invitation in organisation.invitations.filter(
            accepted_at=None, revoked_at=None
        )
        if invitation.is_open
    ]
    return {
        "organisation": organisation,
        "membership": membership,
        "members": organisation.memberships.select_related("user").order_by(
            "user__full_name"
        ),
        "invitations": open_invitations,
        "form": form,
        "role_choices": Role.choices,
    }


@require_POST
@organisation_view(administrators_only=True)
def set_role(
    request: HttpRequest, membership: Membership, member_id: int
) -> HttpResponse:
    member = owned_or_404(membership.organisation, Membership, pk=member_id)
    form = RoleForm(request.POST)

    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            change_role(member, form.cleaned_data["role"], actor=membership.user)
            messages.success(request, _("The role has been changed."))
        except MembershipError as error:
            messages.error(request, error.message)
    return redirect("organisations:members", slug=membership.organisation.slug)


@require_POST
@organisation_view(administrators_only=True)
def remove(
    request: HttpRequest, membership: Membership, member_id: int
) -> HttpResponse:
    member = owned_or_404(membership.organisation, Membership, pk=member_id)

    try:
        remove_member(member, actor=membership.user)
        messages.success(request, _("The member has been removed."))
    except MembershipError as error:
        messages.error(request, error.message)
    if member.user_id == membership.user_id and member.pk is None:
        return redirect("home")
    return redirect("organisations:members", slug=membership.organisation.slug)


@require_POST
@organisation_view(administrators_only=True)
def revoke(
    request: HttpRequest, membership: Membership, invitation_id: int
) -> HttpResponse:
    invitation = owned_or_404(membership.organisation, Invitation, pk=invitation_id)

    try:
        revoke_invitation(invitation, actor=membership.user)
        messages.success(request, _("The invitation has been withdrawn."))
    except MembershipError as error:
        messages.error(request, error.message)
    return redirect("organisations:members", slug=membership.organisation.slug)
