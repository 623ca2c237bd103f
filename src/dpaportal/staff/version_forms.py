"""Forms for the text of a DPA version in one language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dpaportal.documents.markup import validate
from dpaportal.staff.measures import measures_as_text, parse_measures
from dpaportal.versions.rules import ART_28_3_ELEMENTS, OTHER_TAGS

TAG_LABELS: dict[str, Promise] = {
    "subject_matter": _("Subject matter of the processing"),
    "duration": _("Duration of the processing"),
    "nature": _("Nature of the processing"),
    "purpose": _("Purpose of the processing"),
    "personal_data_types": _("Types of personal data"),
    "data_subject_categories": _("Categories of data subjects"),
    "controller_rights": _("Obligations and rights of the controller"),
    "instructions": _("(a) Documented instructions"),
    "confidentiality": _("(b) Confidentiality"),
    "security": _("(c) Security of processing (Art. 32)"),
    "subprocessors": _("(d) Sub-processors (Art. 28(2) and (4))"),
    "data_subject_rights": _("(e) Data subjects' rights"),
    "assistance": _("(f) Assistance with Arts. 32 to 36"),
    "deletion_return": _("(g) Deletion or return at the end"),
    "audits": _("(h) Information and audits"),
    "infringing_instruction": _("Warning about infringing instructions"),
    "parties": _("Parties"),
    "precedence": _("Scope and precedence"),
    "transfers": _("Transfers to third countries"),
    "breach_notification": _("Notification of personal data breaches"),
    "liability": _("Liability"),
    "form": _("Written form"),
    "governing_language": _("Prevailing language"),
    "term": _("Term and termination"),
}

TAG_ORDER = (*ART_28_3_ELEMENTS, *OTHER_TAGS)

MARKUP_MESSAGES: dict[str, Promise] = {
    "empty_list_item": _("This list item is empty."),
    "unclosed_emphasis": _(
        "An asterisk is not part of any *emphasis*; write \\* for a literal asterisk."
    ),
    "list_out_of_order": _(
        "This item is out of order; the list will be counted up from its first item."
    ),
}

PROCESSING_FIELDS = (
    "subject_matter",
    "nature",
    "purpose",
    "duration",
    "special_categories",
    "retention",
)


def tag_label(tag: str) -> str:
    return str(TAG_LABELS.get(tag, tag))


class MultilineField(forms.CharField):
    """A textarea whose line breaks arrive as ``\\n`` whatever the browser sent."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text.replace("\r\n", "\n").replace("\r", "\n")


class NumberForm(forms.Form):
    number = forms.CharField(label=_("Version number"), max_length=20)


class VersionTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    preamble = MultilineField(label=_("Preamble"), required=False)
    subject_matter = MultilineField(label=_("Subject matter"), required=False)
    nature = MultilineField(label=_("Nature of the processing"), required=False)
    purpose = MultilineField(label=_("Purpose of the processing"), required=False)
    duration = MultilineField(label=_("Duration"), required=False)
    types_of_personal_data = MultilineField(
        label=_("Types of personal data"),
        required=False,
        help_text=_("One type per line."),
    )
    special_categories = MultilineField(
        label=_("Special categories of personal data"), required=False
    )
    retention = MultilineField(label=_("Retention"), required=False)
    measures = MultilineField(
        label=_("Technical and organisational measures (Annex III)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "A heading on its own line, then its measures, each on a line "
            "starting with “- ”. Leave a blank line between groups."
        ),
    )
    change_summary = MultilineField(
        label=_("Summary of changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to customers who are asked to sign this version."),
    )

    @staticmethod
    def initial_from(text: Mapping[str, Any], summary: str) -> dict[str, Any]:
        processing = text.get("processing") or {}
        return {
            "title": text.get("title", ""),
            "preamble": text.get("preamble", ""),
            **{name: processing.get(name, "") for name in PROCESSING_FIELDS},
            "types_of_personal_data": "\n".join(
                processing.get("types_of_personal_data", ())
            ),
            "measures": measures_as_text(text.get("measures") or []),
            "change_summary": summary,
        }

    def clean_types_of_personal_data(self) -> list[str]:
        lines = self.cleaned_data["types_of_personal_data"].split("\n")
        return [line.strip() for line in lines if line.strip()]

    def clean_measures(self) -> list[dict[str, Any]]:
        return parse_measures(self.cleaned_data["measures"])

    def processing(self) -> dict[str, Any]:
        """Annex II in the stored format, from valid data."""
        data = self.cleaned_data
        processing = {name: data[name] for name in PROCESSING_FIELDS}
        processing["types_of_personal_data"] = data["types_of_personal_data"]
        return processing


class ClauseForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = MultilineField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    tags = forms.MultipleChoiceField(
        label=_("Covers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.initial.get("tags", ())
        # A stored tag outside the known list stays selectable instead of
        # vanishing on save; the publishing rules report it.
        unknown = [tag for tag in stored if tag not in TAG_LABELS]
        tags = cast(forms.MultipleChoiceField, self.fields["tags"])
        tags.choices = [(tag, tag_label(tag)) for tag in (*TAG_ORDER, *unknown)]

    def markup_warnings(self) -> list[str]:
        """Problems in the body's markup: shown, but they do not block saving."""
        body = MultilineField(required=False).to_python(self["body"].value())
        return [
            gettext("Line %(line)d: %(message)s")
            % {
                "line": problem.line,
                "message": MARKUP_MESSAGES.get(problem.code, problem.message),
            }
            for problem in validate(body)
        ]

    def as_clause(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
        }


class BaseClauseFormSet(forms.BaseFormSet):
    default_error_messages = {"too_few_forms": _("Keep at least one clause.")}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove this clause")

    def clean(self) -> None:
        seen: set[str] = set()
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", {})
            number = cleaned.get("number")
            if not number or cleaned.get("DELETE"):
                continue
            if number in seen:
                form.add_error(
                    "number",
                    _("Another clause has the number %(number)s.") % {"number": number},
                )
            seen.add(number)

    def clauses(self) -> list[dict[str, Any]]:
        """The kept clauses in their chosen order, from valid data."""
        return [form.as_clause() for form in self.ordered_forms]


ClauseFormSet = cast(
    type[BaseClauseFormSet],
    forms.formset_factory(
        ClauseForm,
        formset=BaseClauseFormSet,
        extra=1,
        can_order=True,
        can_delete=True,
        min_num=1,
        validate_min=True,
    ),
)


def clause_initial(text: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "number": clause.get("number", ""),
            "title": clause.get("title", ""),
            "body": clause.get("body", ""),
            "tags": list(clause.get("tags", ())),
        }
        for clause in text.get("clauses") or []
    ]


def compose_text(
    language: str, form: VersionTextForm, clauses: BaseClauseFormSet
) -> dict[str, Any]:
    """One language's text in the format of ``versions/default/dpa-*.json``."""
    return {
        "language": language,
        "title": form.cleaned_data["title"],
        "preamble": form.cleaned_data["preamble"],
        "clauses": clauses.clauses(),
        "processing": form.processing(),
        "measures": form.cleaned_data["measures"],
    }
