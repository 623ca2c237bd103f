"""What a DPA document says, in order, for both renderers.

The HTML and the PDF render the same structure, made here from a snapshot
and the fixed labels, so that both show the same words. Every text in it is
literal: the renderers escape it (HTML) or pass it as a string value
(Typst) and never interpret it.

Content items, each a dict with a ``type``:

- ``paragraph``: ``spans`` of ``{"text", "emphasis"}``;
- ``list``: ``style`` (bullet, number, letter), ``start`` and ``items``,
  each a list of spans;
- ``fields``: ``rows`` of ``[label, lines]``;
- ``table``: ``columns``, relative ``widths`` and ``rows`` of cells, each
  cell a list of lines;
- ``blank``: a ``note`` and a number of empty ``lines`` to write on;
- ``blank_table``: ``columns``, ``widths``, a ``note`` and ``rows`` empty rows;
- ``signature_lines``: ``labels``, each printed under a line to write on;
- ``subsection``: a ``heading`` and its own ``content``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dpaportal.documents.labels import labels_for
from dpaportal.documents.snapshot import Snapshot, document_identifier, fingerprint

Item = dict[str, Any]

_PARTY_FIELDS = (
    "legal_name",
    "address",
    "country",
    "registration_number",
    "vat_id",
    "representative",
    "contact_email",
    "data_protection_officer",
)
_PROCESSING_PARTS = ("subject_matter", "nature", "purpose", "duration")
_SIGNATURE_LINES = ("place_and_date", "name_in_block_letters", "position", "signature")
_SUBPROCESSOR_COLUMNS = (
    ("subprocessor", 3.6),
    ("address_and_contact", 4.4),
    ("service", 3),
    ("data_categories", 3),
    ("locations", 2.4),
    ("transfer_mechanism", 3.2),
)


def document_structure(snapshot: Snapshot) -> dict[str, Any]:
    """The document's words in reading order, with the marks of the PDF."""
    words = labels_for(snapshot["language"])
    digest = fingerprint(snapshot)
    version = snapshot["version"]
    return {
        "language": snapshot["language"],
        "title": version["title"],
        "draft": snapshot["draft"],
        "draft_mark": words["draft"],
        "draft_note": words["draft_note"],
        "identifier": document_identifier(snapshot, digest),
        "fingerprint": digest,
        "short_fingerprint": digest[:12],
        "page_x_of_y": words["page_x_of_y"],
        "cover": _cover(snapshot, words, digest),
        "sections": [
            {"id": "preamble", "heading": None, "content": version["preamble"]},
            *(_clause(clause, words) for clause in version["clauses"]),
            _annex_i(snapshot, words),
            _annex_ii(snapshot, words),
            _annex_iii(snapshot, words),
            _annex_iv(snapshot, words),
            *_signatures(snapshot, words),
        ],
    }


def _cover(snapshot: Snapshot, words: Mapping[str, str], digest: str) -> Item:
    parties = snapshot["parties"]
    return {
        "version": words["version"].format(number=snapshot["version"]["number"]),
        "between": words["between"],
        "and": words["and"],
        "parties": [
            {
                "name": parties[role]["legal_name"],
                "address": _lines(parties[role]["address"], parties[role]["country"]),
                "role": words[role],
            }
            for role in ("controller", "processor")
        ],
        "fields": [
            [words["identifier"], [document_identifier(snapshot, digest)]],
            [words["fingerprint"], [digest]],
        ],
    }


def _clause(clause: Mapping[str, Any], words: Mapping[str, str]) -> Item:
    heading = words["clause_heading"].format(
        number=clause["number"].rstrip("."), title=clause["title"]
    )
    return {
        "id": f"clause-{_slug(clause['number'])}",
        "heading": heading,
        "content": clause["body"],
    }


def _annex_i(snapshot: Snapshot, words: Mapping[str, str]) -> Item:
    settings = snapshot["settings"]
    content = [
        _subsection(words[role], [_party_fields(snapshot["parties"][role], words)])
        for role in ("controller", "processor")
    ]
    givers_columns = [words["name"], words["email"], words["role"]]
    signer_columns = [words["name"], words["email"]]
    if settings["fill_in_by_hand"]:
        givers = _blank_table(givers_columns, [3, 4, 3], settings, words)
        signers = _blank_table(signer_columns, [1, 1], settings, words)
    else:
        givers = _people_table(
            settings["instruction_givers"], givers_columns, [3, 4, 3], words
        )
        signers = _people_table(settings["signers"], signer_columns, [1, 1], words)
    content.append(_subsection(words["instruction_givers"], [givers]))
    content.append(_subsection(words["signers"], [signers]))
    return {"id": "annex-i", "heading": words["annex_i"], "content": content}


def _annex_ii(snapshot: Snapshot, words: Mapping[str, str]) -> Item:
    settings = snapshot["settings"]
    processing = snapshot["version"]["processing"]
    content = [_subsection(words[part], processing[part]) for part in _PROCESSING_PARTS]
    if settings["fill_in_by_hand"]:
        subjects: Item = {
            "type": "blank",
            "note": words["fill_in_by_hand"],
            "lines": settings["blank_lines"],
        }
    else:
        subjects = _bullets(settings["affected_groups"], words)
    content.append(_subsection(words["data_subjects"], [subjects]))
    content.append(
        _subsection(
            words["types_of_personal_data"],
            [_bullets(processing["types_of_personal_data"], words)],
        )
    )
    for part in ("special_categories", "retention"):
        content.append(_subsection(words[part], processing[part]))
    return {"id": "annex-ii", "heading": words["annex_ii"], "content": content}


def _annex_iii(snapshot: Snapshot, words: Mapping[str, str]) -> Item:
    content = [
        _subsection(group["heading"], [_bullets(group["items"], words)])
        for group in snapshot["version"]["measures"]
    ]
    return {"id": "annex-iii", "heading": words["annex_iii"], "content": content}


def _annex_iv(snapshot: Snapshot, words: Mapping[str, str]) -> Item:
    subprocessors = snapshot["subprocessors"]
    if not subprocessors:
        content = [_paragraph(words["no_subprocessors"])]
    else:
        content = [
            {
                "type": "table",
                "columns": [words[key] for key, _ in _SUBPROCESSOR_COLUMNS],
                "widths": [width for _, width in _SUBPROCESSOR_COLUMNS],
                "rows": [_subprocessor_row(item, words) for item in subprocessors],
            }
        ]
    return {"id": "annex-iv", "heading": words["annex_iv"], "content": content}


def _signatures(snapshot: Snapshot, words: Mapping[str, str]) -> list[Item]:
    """Lines for both parties to sign on paper; only a manual DPA has them."""
    if not snapshot["settings"]["fill_in_by_hand"]:
        return []
    lines = {
        "type": "signature_lines",
        "labels": [words[key] for key in _SIGNATURE_LINES],
    }
    content = []
    for role in ("controller", "processor"):
        company = [words["company"], [snapshot["parties"][role]["legal_name"]]]
        fields = {"type": "fields", "rows": [company]}
        content.append(_subsection(words[f"for_{role}"], [fields, lines]))
    heading = words["signatures"]
    return [{"id": "execution-signatures", "heading": heading, "content": content}]


def _subprocessor_row(item: Mapping[str, Any], words: Mapping[str, str]) -> list[Any]:
    entity = item["legal_entity"] if item["legal_entity"] != item["name"] else ""
    who = _lines(item["name"], entity)
    if item["parent"]:
        who.append(f"{words['parent']}: {item['parent']}")
    return [
        who,
        _lines(item["address"], item["contact"]),
        _lines(item["service"]),
        _lines(item["data_categories"]),
        _lines(", ".join(item["locations"])),
        _lines(item["transfer_mechanism"]),
    ]


def _party_fields(party: Mapping[str, str], words: Mapping[str, str]) -> Item:
    rows = [[words[key], _lines(party[key])] for key in _PARTY_FIELDS if party[key]]
    return {"type": "fields", "rows": rows}


def _people_table(
    people: list[dict[str, str]],
    columns: list[str],
    widths: list[int],
    words: Mapping[str, str],
) -> Item:
    if not people:
        return _paragraph(words["none_listed"])
    keys = ("name", "email", "role")[: len(columns)]
    rows = [[_lines(person[key]) for key in keys] for person in people]
    return {"type": "table", "columns": columns, "widths": widths, "rows": rows}


def _blank_table(
    columns: list[str],
    widths: list[int],
    settings: Mapping[str, Any],
    words: Mapping[str, str],
) -> Item:
    return {
        "type": "blank_table",
        "columns": columns,
        "widths": widths,
        "note": words["fill_in_by_hand"],
        "rows": settings["blank_lines"],
    }


def _bullets(texts: list[str], words: Mapping[str, str]) -> Item:
    if not texts:
        return _paragraph(words["none_listed"])
    items = [[{"text": text, "emphasis": False}] for text in texts]
    return {"type": "list", "style": "bullet", "start": 1, "items": items}


def _subsection(heading: str, content: list[Item]) -> Item:
    return {"type": "subsection", "heading": heading, "content": content}


def _paragraph(text: str) -> Item:
    return {"type": "paragraph", "spans": [{"text": text, "emphasis": False}]}


def _lines(*values: str) -> list[str]:
    """The non-empty lines of one or more multi-line values."""
    return [
        line.strip() for value in values for line in value.split("\n") if line.strip()
    ]


def _slug(number: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in number).strip("-")
