"""The form for one entry of the sub-processor registry."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dpaportal.subprocessors.models import SubProcessor
from dpaportal.subprocessors.services import RECORDED_FIELDS


class SubProcessorForm(forms.ModelForm):
    locations = forms.CharField(
        label=_("Processing locations (countries)"),
        help_text=_("Separate several countries with commas, e.g. Germany, Ireland."),
        max_length=1000,
    )

    class Meta:
        model = SubProcessor
        # The form edits exactly what the audit log records of an entry.
        fields = RECORDED_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            # A date input takes ISO dates only, whatever the page's language.
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "service_de": _("Leave empty to print the English text in German DPAs."),
            "data_categories_de": _(
                "Leave empty to print the English text in German DPAs."
            ),
            "active_until": _("Set this date to end the sub-processor."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.locations:
            self.initial["locations"] = ", ".join(self.instance.locations)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = SubProcessor.objects.exclude(pk__in=self.not_a_parent())
        parent.error_messages["invalid_choice"] = _(
            "Choose another sub-processor: an entry cannot work for itself or "
            "for a sub-processor that works for it."
        )

    def not_a_parent(self) -> set[int]:
        """This entry and everything below it: choosing one would make a cycle."""
        if self.instance.pk is None:
            return set()
        children: dict[int, list[int]] = {}
        for pk, parent_id in SubProcessor.objects.values_list("pk", "parent_id"):
            if parent_id is not None:
                children.setdefault(parent_id, []).append(pk)
        below, waiting = {self.instance.pk}, [self.instance.pk]
        while waiting:
            for child in children.get(waiting.pop(), ()):
                if child not in below:
                    below.add(child)
                    waiting.append(child)
        return below

    def clean_locations(self) -> list[str]:
        countries: list[str] = []
        for part in self.cleaned_data["locations"].split(","):
            country = " ".join(part.split())
            if country and country not in countries:
                countries.append(country)
        if not countries:
            raise forms.ValidationError(_("Enter at least one country."))
        return countries

    def clean(self) -> dict[str, Any]:
        super().clean()
        starts = self.cleaned_data.get("active_from")
        ends = self.cleaned_data.get("active_until")
        if starts and ends and ends < starts:
            self.add_error(
                "active_until",
                _("The sub-processor cannot end before it starts (%(date)s).")
                % {"date": date_format(starts)},
            )
        return self.cleaned_data
