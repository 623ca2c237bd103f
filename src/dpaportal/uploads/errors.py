"""The one error of the uploads package and its messages, keyed by a stable code."""

from __future__ import annotations

from dpaportal.uploads.limits import (
    MAX_FILES,
    MAX_PAGES,
    MAX_PIXELS,
    MAX_TOTAL_BYTES,
)

MESSAGES: dict[str, str] = {
    "no_files": "Choose the scanned PDF or the images to upload.",
    "empty": "A file is empty.",
    "unsupported_type": (
        "Upload a PDF, or JPEG or PNG images. A file's content is none of these."
    ),
    "mixed_types": "Upload either one PDF or images, not both.",
    "too_many_files": f"Upload one PDF, or at most {MAX_FILES} images.",
    "too_large": (
        f"The upload is larger than {MAX_TOTAL_BYTES // (1024 * 1024)} MB in all."
    ),
    "too_many_pages": f"The document may have {MAX_PAGES} pages at most.",
    "damaged_pdf": "The PDF is damaged or incomplete and cannot be read.",
    "encrypted_pdf": (
        "The PDF is protected with a password or encrypted. "
        "Upload it without protection."
    ),
    "active_content": (
        "The PDF contains scripts, launch actions or attached files, which are "
        "not accepted. Scan or print it to a plain PDF."
    ),
    "too_complex": (
        "The PDF is too complex to be checked. Scan or print it to a plain PDF."
    ),
    "image_too_large": (
        f"An image has more than {MAX_PIXELS // 1_000_000} megapixels. "
        "Scan it at a lower resolution."
    ),
    "damaged_image": "An image is damaged or incomplete and cannot be read.",
}
"""The English message of each refusal; callers translate by the code."""


class UploadRefused(ValueError):
    """An upload that cannot be accepted: ``code`` is stable, ``message`` plain."""

    code: str
    message: str
    file_name: str
    """The uploaded name of the file at fault, when one file is."""

    def __init__(self, code: str, file_name: str = "") -> None:
        self.code = code
        self.message = MESSAGES[code]
        self.file_name = file_name
        super().__init__(self.message)
