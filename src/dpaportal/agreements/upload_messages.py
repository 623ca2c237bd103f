"""What a customer reads when an upload is refused, in the UI language."""

from __future__ import annotations

from django.utils.translation import gettext as _


def refusal_message(code: str) -> str:
    messages = {
        "empty": _("The file is empty."),
        "no_files": _("Choose the scanned PDF or the images to upload."),
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
        "image_too_large": _("An image has more than 40 megapixels."),
        "damaged_image": _("An image is damaged or incomplete and cannot be read."),
        "too_complex": _(
            "The PDF is too complex to be checked. Scan or print it to a plain PDF."
        ),
    }
    return messages.get(code, _("The upload cannot be accepted."))
