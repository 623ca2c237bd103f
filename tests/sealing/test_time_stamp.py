import io
from datetime import timedelta

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers, timestamps
from pyhanko_certvalidator import ValidationContext

from dpaportal.sealing.certificates import as_asn1
from dpaportal.sealing.errors import SealingError
from dpaportal.sealing.seal import seal_pdf
from dpaportal.sealing.verify import validate_seal
from tests.sealing.tsa import local_time_stamp_authority

UNREACHABLE = "http://127.0.0.1:9/"


@pytest.fixture(scope="module")
def tsa():
    with local_time_stamp_authority() as authority:
        yield authority


def _seal(pdf, sealer, tsa_url, **changes):
    return seal_pdf(
        pdf, sealer, tsa_url=tsa_url, reason="Seal", location="Berlin", **changes
    )


def test_a_seal_with_a_time_stamp_authority_is_level_b_t(pdf, sealer, tsa):
    assert _seal(pdf, sealer, tsa.url).level == "B-T"


def test_sealing_asks_the_time_stamp_authority_once(pdf, sealer, tsa):
    before = len(tsa.issued)

    _seal(pdf, sealer, tsa.url)

    assert len(tsa.issued) == before + 1


def test_the_report_reads_the_time_from_the_time_stamp(pdf, sealer, authority, tsa):
    # The declared time lies minutes before the stamp; only the stamp counts.
    declared = sealer.not_before + timedelta(minutes=1)
    sealed = _seal(pdf, sealer, tsa.url, signing_time=declared)

    report = validate_seal(sealed.pdf, [authority.ca_certificate, tsa.root])

    assert report.valid, report.problem
    assert report.level == "B-T"
    assert report.signing_time == tsa.issued[-1]
    assert report.signing_time != declared


def test_a_time_stamp_of_an_untrusted_authority_leaves_the_seal_at_b_b(
    pdf, sealer, authority, tsa
):
    sealed = _seal(pdf, sealer, tsa.url)

    report = validate_seal(sealed.pdf, [authority.ca_certificate])

    assert report.trusted and report.level == "B-B"
    assert report.problem == "the time stamp's certificate is not trusted"


def test_an_unreachable_time_stamp_authority_is_an_error_not_a_b_b_seal(pdf, sealer):
    with pytest.raises(SealingError, match=r"127\.0\.0\.1:9/ did not answer"):
        _seal(pdf, sealer, UNREACHABLE)


def test_a_later_document_time_stamp_keeps_the_seal_whole(pdf, sealer, authority, tsa):
    # A B-LTA archive time stamp is the one update allowed after the seal.
    sealed = _seal(pdf, sealer, tsa.url)
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed.pdf))
    archived = signers.PdfTimeStamper(
        timestamps.HTTPTimeStamper(tsa.url)
    ).timestamp_pdf(
        writer,
        "sha256",
        validation_context=ValidationContext(
            trust_roots=[as_asn1(authority.ca_certificate), as_asn1(tsa.root)]
        ),
    )

    report = validate_seal(archived.getvalue(), [authority.ca_certificate, tsa.root])

    assert report.covers_whole_file
    assert report.valid, report.problem
