"""What a customer reads when an upload is refused: one message per refusal code.

This is the only table of these words. The limits are written out rather than
filled in, so that translators see whole sentences; a test holds them equal
to ``uploads/limits.py``.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dpaportal.uploads import RefusalCode

REFUSAL_MESSAGES: dict[RefusalCode, Promise] = {
    "no_files": _("Choose the scanned PDF or the images to upload."),
    "empty": _("The file is empty."),
    "unsupported_type": _(
        "Upload a PDF, or JPEG or PNG images. The file's content is neither."
    ),
    "mixed_types": _("Upload either one PDF or images, not both."),
    "too_many_files": _("Upload one PDF, or at most 20 images."),
    "too_large": _("The upload is larger than 20 MB in all."),
    "too_many_pages": _("The document may have 60 pages at most."),
    "damaged_pdf": _("The PDF is damaged or incomplete and cannot be read."),
    "encrypted_pdf": _(
        "The PDF is protected with a password. Upload it without protection."
    ),
    "active_content": _(
        "The PDF contains scripts, actions or attached files, which are not "
        "accepted. Scan or print it to a plain PDF."
    ),
    "too_complex": _(
        "The PDF is too complex to be checked. Scan or print it to a plain PDF."
    ),
    "image_too_large": _("An image has more than 40 megapixels."),
    "damaged_image": _("An image is damaged or incomplete and cannot be read."),
}


def refusal_message(code: RefusalCode) -> str:
    """The message for ``code`` in the active language."""
    return str(REFUSAL_MESSAGES[code])
