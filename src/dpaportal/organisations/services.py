"""What administrators do with their organisation's people."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dpaportal.accounts.models import User, normalise_email
from dpaportal.audit.events import EventType
from dpaportal.audit.services import record_event
from dpaportal.errors import DomainError
from dpaportal.mail import absolute_url, send_message
from dpaportal.organisations.models import Invitation, Membership, Organisation, Role

logger = logging.getLogger(__name__)


class MembershipError(DomainError):
    """A change to an organisation's people that the rules do not allow."""


class InvitationUnusable(DomainError):
    """An invitation link that is unknown, expired, revoked or already used."""

    status_code = 404


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(
    organisation: Organisation, inviter: User, email: str, role: str, language: str
) -> Invitation:
    """Send a one-time link that lets ``email`` join ``organisation``."""
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise MembershipError(_("This person is already a member of the organisation."))

    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A fresh invitation replaces any open one, so only the newest link works.
        Invitation.objects.filter(
            organisation=organisation, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=inviter,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        record_event(
            EventType.INVITATION_SENT,
            actor=inviter,
            organisation=organisation,
            target=invitation,
            details={"role": role},
        )
        send_message(
            kind="invitation",
            recipients=[email],
            template="invitation",
            context={
                "organisation": organisation,
                "inviter": inviter,
                "link": absolute_url(reverse("invitations:accept", args=[token])),
                "valid_days": settings.INVITATION_VALID_DAYS,
            },
            language=language,
        )
    logger.info(
        "invitation.sent",
        extra={"organisation_id": organisation.pk, "invitation_id": invitation.pk},
    )
    return invitation


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link, or a refusal that says why it is unusable."""
    try:
        invitation = Invitation.objects.select_related("organisation").get(
            token_hash=hash_token(token)
        )
    except Invitation.DoesNotExist:
        raise InvitationUnusable(_("This invitation link is not valid.")) from None
    if invitation.accepted_at is not None:
        raise InvitationUnusable(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise InvitationUnusable(_("This invitation has been withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(
            _("This invitation has expired. Please ask for a new one.")
        )
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    """Make ``user`` a member; the link works once and only for its address."""
    with transaction.atomic():
        invitation = open_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationUnusable(_("This invitation has already been used."))
        if normalise_email(user.email) != invitation.email:
            raise MembershipError(
                _("This invitation was sent to another e-mail address.")
            )
        membership, _created = Membership.objects.get_or_create(
            organisation=invitation.organisation,
            user=user,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        record_event(
            EventType.INVITATION_ACCEPTED,
            actor=user,
            organisation=invitation.organisation,
            target=invitation,
            details={"role": membership.role},
        )
    return membership


def create_invited_user(token: str, full_name: str, password: str) -> Membership:
    """Open an account for the invited address and accept in one step."""
    with transaction.atomic():
        invitation = open_invitation(token)
        if User.objects.filter(email=invitation.email).exists():
            raise MembershipError(
                _("An account with this e-mail address exists. Please log in first.")
            )
        user = User.objects.create_user(
            invitation.email, password=password, full_name=full_name
        )
        return accept_invitation(token, user)


def revoke_invitation(invitation: Invitation, actor: User) -> None:
    """Withdraw an open invitation so that its link stops working."""
    if not invitation.is_open:
        raise MembershipError(_("This invitation is no longer open."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(
            EventType.INVITATION_REVOKED,
            actor=actor,
            organisation=invitation.organisation,
            target=invitation,
        )


def change_role(member: Membership, role: str, actor: User) -> None:
    """Give a member another role; the last administrator must stay one."""
    if role not in Role.values:
        raise MembershipError(_("Choose a valid role."))
    if member.role == role:
        return
    with transaction.atomic():
        ensure_another_administrator_remains(member)
        previous = member.role
        member.role = role
        member.save(update_fields=["role"])
        record_event(
            EventType.MEMBER_ROLE_CHANGED,
            actor=actor,
            organisation=member.organisation,
            target=member,
            details={"user_id": member.user_id, "from": previous, "to": role},
        )


def remove_member(member: Membership, actor: User) -> None:
    """Take a person out of the organisation; their account stays."""
    with transaction.atomic():
        ensure_another_administrator_remains(member)
        record_event(
            EventType.MEMBER_REMOVED,
            actor=actor,
            organisation=member.organisation,
            target=member,
            details={"user_id": member.user_id, "role": member.role},
        )
        member.delete()
    logger.info(
        "member.removed",
        extra={"organisation_id": member.organisation_id, "user_id": member.user_id},
    )


def ensure_another_administrator_remains(member: Membership) -> None:
    if member.role != Role.ADMINISTRATOR:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=member.organisation, role=Role.ADMINISTRATOR)
        .exclude(pk=member.pk)
    )
    if not others.exists():
        raise MembershipError(
            _(
                "An organisation needs at least one administrator. "
                "Appoint another first."
            )
        )
