import hashlib
import json
import re

import pytest

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.inputs import Clause, MeasureGroup, Person, SubProcessor
from dpaportal.documents.snapshot import (
    canonical_bytes,
    document_identifier,
    fingerprint,
)
from tests.documents.fixtures import (
    CUSTOMER,
    PROCESSOR,
    SETTINGS,
    SUBPROCESSORS,
    VERSION,
    replace,
    snapshot,
)

CLAUSE = VERSION.clauses[0]
PROCESSING = VERSION.processing
FIRST = SUBPROCESSORS[0]
GIVER = SETTINGS.instruction_givers[0]
SIGNER = SETTINGS.signers[0]


def _with_clause(clause: Clause) -> dict:
    return {"version": replace(VERSION, clauses=(clause, *VERSION.clauses[1:]))}


def _with_subprocessor(item: SubProcessor) -> dict:
    return {"subprocessors": (item, *SUBPROCESSORS[1:])}


def _with_giver(person: Person) -> dict:
    givers = (person, *SETTINGS.instruction_givers[1:])
    return {"settings": replace(SETTINGS, instruction_givers=givers)}


def _with_signer(person: Person) -> dict:
    return {"settings": replace(SETTINGS, signers=(person, *SETTINGS.signers[1:]))}


CHANGES = {
    "draft flag": {"draft": True},
    "language": {"version": replace(VERSION, language="de")},
    "version number": {"version": replace(VERSION, number="1.1")},
    "title": {"version": replace(VERSION, title="Another title")},
    "preamble": {"version": replace(VERSION, preamble="Other preamble.")},
    "clause number": _with_clause(replace(CLAUSE, number="1a")),
    "clause title": _with_clause(replace(CLAUSE, title="Other")),
    "clause body": _with_clause(replace(CLAUSE, body=CLAUSE.body + "!")),
    "clause emphasis": _with_clause(replace(CLAUSE, body="The *processor*")),
    "clause tags": _with_clause(replace(CLAUSE, tags=("subject_matter",))),
    "clause order": {
        "version": replace(VERSION, clauses=tuple(reversed(VERSION.clauses)))
    },
    **{
        f"processing {name}": {
            "version": replace(
                VERSION, processing=replace(PROCESSING, **{name: "Other."})
            )
        }
        for name in (
            "subject_matter",
            "nature",
            "purpose",
            "duration",
            "special_categories",
            "retention",
        )
    },
    "types of data": {
        "version": replace(
            VERSION,
            processing=replace(PROCESSING, types_of_personal_data=("Names",)),
        )
    },
    "measures": {
        "version": replace(
            VERSION, measures=(MeasureGroup("Encryption", ("At rest too.",)),)
        )
    },
    "measure heading": {
        "version": replace(
            VERSION,
            measures=(
                replace(VERSION.measures[0], heading="Cryptography"),
                *VERSION.measures[1:],
            ),
        )
    },
    "measure order": {
        "version": replace(VERSION, measures=tuple(reversed(VERSION.measures)))
    },
    **{
        f"processor {name}": {"processor": replace(PROCESSOR, **{name: "x"})}
        for name in (
            "legal_name",
            "address",
            "country",
            "registration_number",
            "representative",
            "contact_email",
            "data_protection_officer",
        )
    },
    **{
        f"customer {name}": {"customer": replace(CUSTOMER, **{name: "x"})}
        for name in (
            "legal_name",
            "address",
            "country",
            "registration_number",
            "vat_id",
            "representative",
            "contact_email",
            "data_protection_officer",
        )
    },
    "sign type": {"settings": replace(SETTINGS, sign_type="manual")},
    "order of affected groups": {
        "settings": replace(SETTINGS, affected_groups=("Customers", "Employees"))
    },
    "another affected group": {
        "settings": replace(
            SETTINGS, affected_groups=(*SETTINGS.affected_groups, "Visitors")
        )
    },
    "instruction giver name": _with_giver(replace(GIVER, name="Alicia")),
    "instruction giver email": _with_giver(replace(GIVER, email="a@b.example")),
    "instruction giver role": _with_giver(replace(GIVER, role="Owner")),
    "signers": {"settings": replace(SETTINGS, signers=())},
    "signer name": _with_signer(replace(SIGNER, name="Charlotte Signer")),
    "signer email": _with_signer(replace(SIGNER, email="c@b.example")),
    **{
        f"sub-processor {name}": _with_subprocessor(replace(FIRST, **{name: "x"}))
        for name in (
            "name",
            "legal_entity",
            "address",
            "contact",
            "service",
            "data_categories",
            "transfer_mechanism",
            "parent",
        )
    },
    "sub-processor locations": _with_subprocessor(
        replace(FIRST, locations=("Germany", "Netherlands"))
    ),
    "order of sub-processors": {"subprocessors": tuple(reversed(SUBPROCESSORS))},
    "fewer sub-processors": {"subprocessors": SUBPROCESSORS[:1]},
}


def test_same_inputs_give_the_same_fingerprint():
    assert fingerprint(snapshot()) == fingerprint(snapshot())


def test_fingerprint_is_sha256_over_sorted_compact_utf8_json():
    data = snapshot()
    encoded = canonical_bytes(data)

    assert fingerprint(data) == hashlib.sha256(encoded).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint(data))
    assert encoded == json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_changing_any_input_changes_the_fingerprint(change):
    assert fingerprint(snapshot(**change)) != fingerprint(snapshot())


def test_snapshot_is_plain_json_data_that_keeps_its_fingerprint_when_stored():
    data = snapshot()
    stored = json.loads(json.dumps(data))

    assert stored == data
    assert fingerprint(stored) == fingerprint(data)


def test_snapshot_holds_markup_parsed_and_values_as_given():
    data = snapshot()

    assert data["version"]["preamble"][0]["spans"][1] == {
        "text": "processor",
        "emphasis": True,
    }
    assert data["parties"]["controller"]["legal_name"] == "Alice Industries Ltd"
    assert data["settings"]["affected_groups"] == ["Employees", "Customers"]
    assert data["subprocessors"][1]["parent"] == "CloudHost"


def test_manual_documents_leave_the_configurable_parts_to_be_filled_by_hand():
    settings = snapshot(settings=replace(SETTINGS, sign_type="manual"))["settings"]

    assert settings["fill_in_by_hand"] is True
    assert settings["blank_lines"] > 0
    assert settings["affected_groups"] is None
    assert settings["instruction_givers"] is None
    assert settings["signers"] is None


def test_manual_snapshot_does_not_hold_what_the_document_does_not_print():
    manual = replace(SETTINGS, sign_type="manual")
    other = replace(manual, affected_groups=("Someone else",))

    assert fingerprint(snapshot(settings=manual)) == fingerprint(
        snapshot(settings=other)
    )


def test_identifier_is_derived_from_the_snapshot_alone():
    data = snapshot()
    stored = json.loads(json.dumps(data))

    identifier = document_identifier(stored)

    assert identifier == f"DPA-1.0-EN-{fingerprint(data)[:10].upper()}"
    assert document_identifier(snapshot(draft=True)) != identifier


def test_text_values_lose_outer_blanks_and_carriage_returns():
    data = snapshot(customer=replace(CUSTOMER, address="  1 Main St\r\nDublin \n"))

    assert data["parties"]["controller"]["address"] == "1 Main St\nDublin"


def test_a_snapshot_with_a_float_has_no_fingerprint():
    data = snapshot()
    data["version"]["number"] = 1.0

    with pytest.raises(DocumentError):
        fingerprint(data)


def test_an_unknown_language_is_refused():
    with pytest.raises(DocumentError, match="language"):
        snapshot(version=replace(VERSION, language="fr"))


def test_an_unknown_sign_type_is_refused():
    with pytest.raises(DocumentError, match="sign type"):
        snapshot(settings=replace(SETTINGS, sign_type="fax"))


def test_a_value_that_is_not_text_is_refused():
    with pytest.raises(DocumentError, match="Expected text"):
        snapshot(customer=replace(CUSTOMER, vat_id=None))


def test_control_characters_are_dropped_from_values():
    data = snapshot(customer=replace(CUSTOMER, legal_name="A\x00B\tC\x1bD\x85E"))

    assert data["parties"]["controller"]["legal_name"] == "AB CDE"
