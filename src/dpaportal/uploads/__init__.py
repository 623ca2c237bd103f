"""Inspection of an uploaded signed DPA scan: checked, refused, or joined into a PDF.

Pure code: nothing here imports Django, the ORM or anything of HTTP.
"""

from dpaportal.uploads.errors import REFUSAL_CODES, RefusalCode, UploadRefused
from dpaportal.uploads.files import InspectedUpload, Original, UploadedFile
from dpaportal.uploads.inspection import inspect_upload
from dpaportal.uploads.limits import MAX_FILES, MAX_PAGES, MAX_PIXELS, MAX_TOTAL_BYTES

__all__ = [
    "MAX_FILES",
    "MAX_PAGES",
    "MAX_PIXELS",
    "MAX_TOTAL_BYTES",
    "REFUSAL_CODES",
    "InspectedUpload",
    "Original",
    "RefusalCode",
    "UploadRefused",
    "UploadedFile",
    "inspect_upload",
]
