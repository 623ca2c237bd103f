"""The choices made when publishing a version: what kind, and by when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dpaportal.campaigns.models import CampaignKind
from dpaportal.campaigns.services import DEFAULT_DEADLINE_DAYS

DEADLINE_DAYS_MESSAGE = _("Choose a deadline of 1 to 365 days.")


class PublishForm(forms.Form):
    """Kind and deadline of a version's campaign, each refused next to itself."""

    kind = forms.ChoiceField(
        label=_("Kind of change"),
        choices=[
            (CampaignKind.MAJOR, _("Major: organisations must sign again")),
            (CampaignKind.MINOR, _("Minor: notice only")),
        ],
        help_text=_(
            "A major version raises the major number (2.0 after 1.x); a minor "
            "one keeps it (1.1 after 1.0)."
        ),
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline in days (major)"),
        required=False,
        min_value=1,
        max_value=365,
        # The id the page had before the form, which the browser tests use.
        widget=forms.NumberInput(attrs={"id": "publish-days"}),
        error_messages={
            "invalid": DEADLINE_DAYS_MESSAGE,
            "min_value": DEADLINE_DAYS_MESSAGE,
            "max_value": DEADLINE_DAYS_MESSAGE,
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "publish-%s")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("deadline_days", DEFAULT_DEADLINE_DAYS)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A minor version sets no deadline, so only a major one needs the days.
        if cleaned.get("kind") == CampaignKind.MAJOR and (
            "deadline_days" in cleaned and cleaned["deadline_days"] is None
        ):
            self.add_error("deadline_days", DEADLINE_DAYS_MESSAGE)
        return cleaned
