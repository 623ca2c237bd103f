"""The approval page that closes a DPA signed by hand.

A reviewer of the processor compares the uploaded scan with the document
issued for signing and approves it. The page below is appended to the scan
and the whole file is sealed: the seal is the processor's signature and
confirms the approval. The page names the issued document in its footer and
QR code, like every page of that document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dpaportal.documents.errors import DocumentError

Item = dict[str, Any]

_SHA256 = re.compile(r"[0-9a-f]{64}")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Approval of the manually signed DPA",
        "intro": (
            "The processor compared the uploaded document, signed by hand, with "
            "the document it issued for signing and approved it."
        ),
        "issued": "Issued document",
        "organisation": "Organisation",
        "identifier": "Document identifier",
        "fingerprint": "Fingerprint (SHA-256)",
        "pages": "Pages",
        "uploaded": "Uploaded signed document",
        "file": "File {number}",
        "sha256": "SHA-256",
        "joined": "Joined PDF (SHA-256)",
        "review": "Review",
        "reviewer": "Reviewer",
        "email": "E-mail",
        "decision": "Decision",
        "approved": "Approved",
        "decided_at": "Decision time (UTC)",
        "seal": (
            "The processor's electronic seal on this file (PAdES) confirms this "
            "approval and the processor's signature of the agreement."
        ),
        "page_label": "Approval page",
    },
    "de": {
        "title": "Freigabe des manuell unterzeichneten AVV",
        "intro": (
            "Der Auftragsverarbeiter hat das hochgeladene, von Hand unterzeichnete "
            "Dokument mit dem zur Unterzeichnung ausgegebenen Dokument verglichen "
            "und freigegeben."
        ),
        "issued": "Ausgegebenes Dokument",
        "organisation": "Organisation",
        "identifier": "Dokumentkennung",
        "fingerprint": "Fingerabdruck (SHA-256)",
        "pages": "Seiten",
        "uploaded": "Hochgeladenes unterzeichnetes Dokument",
        "file": "Datei {number}",
        "sha256": "SHA-256",
        "joined": "Gesamt-PDF (SHA-256)",
        "review": "Prüfung",
        "reviewer": "Geprüft von",
        "email": "E-Mail",
        "decision": "Entscheidung",
        "approved": "Freigegeben",
        "decided_at": "Entschieden am (UTC)",
        "seal": (
            "Das elektronische Siegel des Auftragsverarbeiters auf dieser Datei "
            "(PAdES) bestätigt diese Freigabe und die Unterzeichnung des Vertrags "
            "durch den Auftragsverarbeiter."
        ),
        "page_label": "Freigabeseite",
    },
}


def approval_structure(language: str, approval: Mapping[str, Any]) -> dict[str, Any]:
    """The approval page as a document structure (see ``execution``).

    Besides the keys ``render_approval_pdf`` requires, ``joined_pdf_sha256``
    may name the PDF that uploaded images were joined into.
    """
    if language not in WORDS:
        raise DocumentError(f"No approval page in language {language!r}.")
    words = WORDS[language]
    identifier = _text(approval, "issued_identifier")
    digest = _sha256(approval.get("issued_fingerprint"), "issued_fingerprint")
    if not identifier.endswith(digest[:10].upper()):
        raise DocumentError("The issued identifier does not match its fingerprint.")

    content = [
        _paragraph(words["intro"]),
        _fields(
            words["issued"],
            [
                [words["organisation"], [_text(approval, "organisation")]],
                [words["identifier"], [identifier]],
                [words["fingerprint"], [digest]],
                [words["pages"], [str(_pages(approval, "issued_pages"))]],
            ],
        ),
        _fields(
            words["uploaded"],
            [
                *_file_rows(approval.get("uploaded_files"), words),
                *_joined_rows(approval, words),
                [words["pages"], [str(_pages(approval, "uploaded_pages"))]],
            ],
        ),
        _fields(
            words["review"],
            [
                [words["reviewer"], [_text(approval, "reviewer_name")]],
                [words["email"], [_text(approval, "reviewer_email")]],
                [words["decision"], [words["approved"]]],
                [words["decided_at"], [_text(approval, "decided_at")]],
            ],
        ),
        _paragraph(words["seal"]),
    ]
    return {
        "language": language,
        "title": words["title"],
        "draft": False,
        "draft_mark": "",
        "draft_note": "",
        "identifier": identifier,
        "fingerprint": digest,
        "short_fingerprint": digest[:12],
        "page_x_of_y": words["page_label"],
        "cover": None,
        "sections": [{"id": "approval", "heading": None, "content": content}],
    }


def _file_rows(files: object, words: Mapping[str, str]) -> list[list[Any]]:
    if not isinstance(files, list | tuple) or not files:
        raise DocumentError("The approval must name at least one uploaded file.")
    rows = []
    for number, item in enumerate(files, start=1):
        if not isinstance(item, Mapping):
            raise DocumentError("Each uploaded file needs a name and a SHA-256.")
        name = _text(item, "name")
        digest = _sha256(item.get("sha256"), "sha256")
        rows.append([words["file"].format(number=number), [name]])
        rows.append([words["sha256"], [digest]])
    return rows


def _joined_rows(approval: Mapping[str, Any], words: Mapping[str, str]) -> list[Any]:
    # Images are joined into the PDF the executed DPA begins with; its hash
    # ties that PDF to the images, whose own hashes are listed above.
    if "joined_pdf_sha256" not in approval:
        return []
    digest = _sha256(approval["joined_pdf_sha256"], "joined_pdf_sha256")
    return [[words["joined"], [digest]]]


def _text(values: Mapping[str, Any], key: str) -> str:
    value = values.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DocumentError(f"The approval needs {key!r} as text.")
    return " ".join(value.split())


def _pages(values: Mapping[str, Any], key: str) -> int:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DocumentError(f"The approval needs {key!r} as a number of pages.")
    return value


def _sha256(value: object, key: str) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise DocumentError(f"The approval needs {key!r} as 64 lower-case hex digits.")
    return value


def _fields(heading: str, rows: list[list[Any]]) -> Item:
    return {
        "type": "subsection",
        "heading": heading,
        "content": [{"type": "fields", "rows": rows}],
    }


def _paragraph(text: str) -> Item:
    return {"type": "paragraph", "spans": [{"text": text, "emphasis": False}]}
