"""The one error of the uploads package, keyed by a closed list of stable codes.

The words a customer reads live with the portal's other translated texts
(``agreements/upload_messages.py``); this package stays free of Django.
"""

from __future__ import annotations

from typing import Literal, get_args

RefusalCode = Literal[
    "no_files",
    "empty",
    "unsupported_type",
    "mixed_types",
    "too_many_files",
    "too_large",
    "too_many_pages",
    "damaged_pdf",
    "encrypted_pdf",
    "active_content",
    "too_complex",
    "image_too_large",
    "damaged_image",
]

REFUSAL_CODES: frozenset[str] = frozenset(get_args(RefusalCode))
"""Every reason an upload can be refused for."""


class UploadRefused(ValueError):
    """An upload that cannot be accepted, for the reason ``code`` names."""

    code: RefusalCode
    file_name: str
    """The uploaded name of the file at fault, when one file is."""

    def __init__(self, code: RefusalCode, file_name: str = "") -> None:
        self.code = code
        self.file_name = file_name
        super().__init__(f"{code}: {file_name}" if file_name else code)
