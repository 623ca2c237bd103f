import os
import random

import pytest

from dpaportal.sealing.authority import create_demo_authority
from dpaportal.sealing.seal import load_sealer, seal_pdf
from dpaportal.sealing.verify import validate_seal
from tests.sealing.pdfs import TEXT, replace_text_on_first_page


def test_a_sealed_pdf_validates(sealed, sealer, authority):
    report = validate_seal(sealed, [authority.ca_certificate])

    assert report.valid, report.problem
    assert (report.is_pdf, report.sealed, report.intact) == (True, True, True)
    assert report.covers_whole_file and report.trusted
    assert report.level == "B-B"
    assert report.signing_time is not None
    assert report.signing_time.tzinfo is not None
    assert report.signer == "CN=Vendor GmbH Seal,O=Vendor GmbH"
    assert report.problem == ""


def test_trust_roots_may_be_asn1crypto_certificates(sealed, sealer):
    chain = sealer.signer.cert_registry

    assert validate_seal(sealed, list(chain)).trusted


def test_a_changed_word_in_the_signed_content_breaks_integrity(sealed, authority):
    assert sealed.count(TEXT.encode()) == 1
    tampered = sealed.replace(TEXT.encode(), TEXT.replace("A", "Ä").encode("latin-1"))

    report = validate_seal(tampered, [authority.ca_certificate])

    assert report.sealed and not report.intact
    assert report.problem == "the file was changed after sealing"


def test_a_page_changed_in_a_later_update_is_reported(sealed, authority):
    changed = replace_text_on_first_page(sealed, "Nothing agreed")

    report = validate_seal(changed, [authority.ca_certificate])

    assert report.intact
    assert not report.covers_whole_file
    assert report.problem == "the file was changed after sealing"


def test_bytes_appended_after_the_seal_are_reported(sealed, authority):
    report = validate_seal(sealed + b"\n% appended", [authority.ca_certificate])

    assert not report.covers_whole_file
    assert report.problem == "the file was changed after sealing"


def test_an_unsealed_pdf_has_no_seal(pdf, authority):
    report = validate_seal(pdf, [authority.ca_certificate])

    assert report.is_pdf and not report.sealed
    assert report.problem == "the file has no seal"


def test_random_bytes_are_not_a_pdf(authority):
    report = validate_seal(os.urandom(4096), [authority.ca_certificate])

    assert not report.is_pdf
    assert report.problem == "not a PDF"


def test_a_truncated_pdf_is_damaged(sealed, authority):
    report = validate_seal(sealed[: len(sealed) // 2], [authority.ca_certificate])

    assert report.is_pdf and not report.valid
    assert report.problem == "the file is damaged and cannot be read as a PDF"


def test_a_seal_of_another_authority_is_not_trusted(pdf, authority, other_authority):
    foreign = load_sealer(other_authority.p12_path, other_authority.password())
    sealed = seal_pdf(pdf, foreign, tsa_url=None, reason="Seal", location="Berlin")

    report = validate_seal(sealed.pdf, [authority.ca_certificate])

    assert report.intact and not report.trusted
    assert report.problem == "the seal's certificate is not trusted"


def test_an_impostor_authority_of_the_same_name_is_not_trusted(
    tmp_path, sealed, authority
):
    impostor = create_demo_authority(tmp_path, "Vendor GmbH")

    report = validate_seal(sealed, [impostor.ca_certificate])

    assert report.intact and not report.trusted
    assert report.problem == "the seal's certificate is not trusted"


def test_without_trust_roots_nothing_is_trusted(sealed):
    report = validate_seal(sealed, [])

    assert report.intact and not report.trusted


@pytest.mark.parametrize("seed", range(40))
def test_damaged_input_gets_a_report_not_an_exception(seed, sealed, authority):
    rng = random.Random(seed)
    damaged = bytearray(sealed)
    for _ in range(rng.randint(1, 8)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    if seed % 4 == 0:
        damaged = damaged[: rng.randrange(len(damaged))]

    report = validate_seal(bytes(damaged), [authority.ca_certificate])

    assert report.problem or bytes(damaged) == sealed
