"""The one place that decides which organisation's things a user may reach.

Every customer-side view resolves its organisation and objects through these
helpers, so a user of organisation A asking for anything of organisation B
gets the same 404 as for something that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from dpaportal.organisations.models import Membership, Organisation, Role

P = ParamSpec("P")
M = TypeVar("M", bound=models.Model)

OrganisationView = Callable[Concatenate[HttpRequest, Membership, P], HttpResponse]


def membership_or_404(request: HttpRequest, slug: str) -> Membership:
    """The current user's membership in the organisation ``slug``, else 404."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("organisation", "user").get(
            organisation__slug=slug, user=request.user
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def owned_or_404(organisation: Organisation, model: type[M], **lookup: Any) -> M:
    """An object of ``model`` that belongs to ``organisation``, else 404."""
    try:
        return model._default_manager.get(organisation=organisation, **lookup)
    except (model.DoesNotExist, ValueError):  # type: ignore[attr-defined]
        raise Http404 from None


def is_authorized_signer(membership: Membership) -> bool:
    """Whether the settings name this member as a signer of the DPA."""
    return membership.user.signer_for.filter(
        organisation_id=membership.organisation_id
    ).exists()


def organisation_view(
    *, administrators_only: bool = False, signers_too: bool = False
) -> Callable[[OrganisationView[P]], Callable[..., HttpResponse]]:
    """Resolve ``slug`` to the user's membership and pass it to the view.

    Non-members get 404 (they must not learn the organisation exists); members
    without the administrator role get 403 on administrators' pages, unless
    ``signers_too`` lets the organisation's authorized signers in as well.
    """

    def decorate(view: OrganisationView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            membership = membership_or_404(request, slug)
            if administrators_only and not (
                membership.role == Role.ADMINISTRATOR
                or (signers_too and is_authorized_signer(membership))
            ):
                raise PermissionDenied
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorate
