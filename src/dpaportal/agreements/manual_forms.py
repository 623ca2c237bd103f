"""The upload of a DPA signed by hand: one PDF or page images, in one field.

The page templates draw the field (``agreements/upload_form.html``); the form
checks the total size and holds the refusal to show next to it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile as ReceivedFile

from dpaportal.agreements.upload_messages import refusal_message
from dpaportal.uploads import MAX_TOTAL_BYTES, UploadedFile, UploadRefused


class ScanInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScanField(forms.FileField):
    """Any number of files, passed on unjudged.

    Empty or nameless files are the upload inspection's to refuse, in the
    portal's own words, so Django's checks of a single file are left out.
    """

    widget = ScanInput

    def clean(self, data: Any, initial: Any = None) -> list[ReceivedFile]:
        received = data if isinstance(data, list) else [data]
        return [file for file in received if file is not None]


class SignedScanForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added here rather than declared on the class, where the name would
        # hide the form's own ``files`` (the received files) from type checks.
        self.fields["files"] = ScanField(required=False)

    def clean_files(self) -> list[ReceivedFile]:
        received: list[ReceivedFile] = self.cleaned_data["files"]
        # Refused before a byte of it is read into memory.
        if sum(file.size or 0 for file in received) > MAX_TOTAL_BYTES:
            raise ValidationError(refusal_message("too_large"), code="too_large")
        return received

    def scan_files(self) -> list[UploadedFile]:
        """The received files, read, in the order the browser sent them."""
        return [
            UploadedFile(name=file.name or "", content=file.read())
            for file in self.cleaned_data["files"]
        ]

    def add_refusal(self, refusal: UploadRefused) -> None:
        self.add_error("files", ValidationError(refusal_message(refusal.code)))
