import io
from datetime import UTC, datetime

import pikepdf
import pytest

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.execution import render_approval_pdf
from dpaportal.documents.snapshot import document_identifier, fingerprint
from tests.documents.fixtures import approval, snapshot
from tests.documents.pdftext import page_texts
from tests.documents.qrmodules import expected_modules, footer_modules

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ISSUED = snapshot()


@pytest.fixture(scope="module")
def english():
    return render_approval_pdf("en", approval(ISSUED), created_at=MADE)


def _text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf, artifacts=False))


def test_the_approval_page_prints_every_field(english):
    text = _text(english)

    assert text.startswith("Approval of the manually signed DPA\n")
    for line in (
        "Organisation Alice Industries Ltd",
        f"Document identifier {document_identifier(ISSUED)}",
        f"Fingerprint (SHA-256) {fingerprint(ISSUED)}",
        "Pages 7",
        "File 1 dpa-signed-page-1-4.pdf",
        f"SHA-256 {'1a' * 32}",
        "File 2 dpa-signed-page-5-7.jpg",
        f"SHA-256 {'2b' * 32}",
        "Reviewer Rita Reviewer",
        "E-mail rita@vendor.example",
        "Decision Approved",
        "Decision time (UTC) 2026-01-02T03:04:05Z",
    ):
        assert line in text.split("\n")
    assert text.count("Pages 7") == 2
    assert " ".join(text.split()).endswith(
        "The processor's electronic seal on this file (PAdES) confirms this "
        "approval and the processor's signature of the agreement."
    )


def test_a_german_approval_page_is_titled_freigabe_des_avv():
    pdf = render_approval_pdf("de", approval(ISSUED), created_at=MADE)
    text = _text(pdf)

    assert text.startswith("Freigabe des manuell unterzeichneten AVV\n")
    assert "Geprüft von Rita Reviewer" in text
    assert "Entschieden am (UTC) 2026-01-02T03:04:05Z" in text
    assert "bestätigt diese Freigabe" in " ".join(text.split())


def test_the_approval_is_one_page_of_pdf_a_without_a_draft_mark(english):
    with pikepdf.open(io.BytesIO(english)) as document:
        metadata = document.open_metadata()
        assert len(document.pages) == 1
        assert metadata.get("pdfaid:part") == "2"
        assert metadata.get("pdfaid:conformance") == "A"
        assert metadata.get("dc:title") == "Approval of the manually signed DPA"
        assert str(document.docinfo["/CreationDate"]).startswith("D:20260102030405")
    assert "DRAFT" not in "\n".join(page_texts(english))


def test_its_footer_and_qr_code_name_the_issued_document(english):
    identifier, digest = document_identifier(ISSUED), fingerprint(ISSUED)

    footer = page_texts(english)[0].splitlines()[-1]

    assert footer == f"{identifier} {digest[:12]} Approval page"
    assert footer_modules(english) == [expected_modules(identifier, digest)]


def test_values_are_printed_as_text_never_run_as_typst_code():
    record = approval(
        ISSUED,
        reviewer_name='#panic("x") $x$ *bold*',
        uploaded_files=[{"name": "]#{1/0}[.pdf", "sha256": "3c" * 32}],
    )

    text = _text(render_approval_pdf("en", record, created_at=MADE))

    assert 'Reviewer #panic("x") $x$ *bold*' in text
    assert "File 1 ]#{1/0}[.pdf" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reviewer_email": None}, "'reviewer_email' as text"),
        ({"organisation": "  "}, "'organisation' as text"),
        ({"issued_fingerprint": "F" * 64}, "64 lower-case hex"),
        ({"issued_identifier": "DPA-1.0-EN-0000000000"}, "does not match"),
        ({"issued_pages": 0}, "'issued_pages' as a number"),
        ({"uploaded_pages": True}, "'uploaded_pages' as a number"),
        ({"uploaded_files": []}, "at least one uploaded file"),
        ({"uploaded_files": [{"name": "scan.pdf"}]}, "'sha256' as 64"),
        ({"decided_at": datetime(2026, 1, 2, tzinfo=UTC)}, "'decided_at' as text"),
    ],
)
def test_a_missing_or_malformed_value_is_refused(changes, message):
    with pytest.raises(DocumentError, match=message):
        render_approval_pdf("en", approval(ISSUED, **changes), created_at=MADE)


def test_an_unknown_language_is_refused():
    with pytest.raises(DocumentError, match="language 'fr'"):
        render_approval_pdf("fr", approval(ISSUED), created_at=MADE)


JOINED = "4d" * 32


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Joined PDF (SHA-256)"),
        ("de", "Gesamt-PDF (SHA-256)"),
    ],
)
def test_images_joined_into_a_pdf_print_that_pdfs_sha256_too(language, label):
    record = approval(ISSUED, joined_pdf_sha256=JOINED)

    text = _text(render_approval_pdf(language, record, created_at=MADE))

    lines = text.split("\n")
    assert f"{label} {JOINED}" in lines
    assert lines.index(f"{label} {JOINED}") > lines.index(f"SHA-256 {'2b' * 32}")


def test_an_uploaded_pdf_has_no_joined_pdf_to_print(english):
    assert "Joined PDF" not in _text(english)


def test_a_malformed_joined_pdf_sha256_is_refused():
    record = approval(ISSUED, joined_pdf_sha256="not a hash")

    with pytest.raises(DocumentError, match="'joined_pdf_sha256' as 64"):
        render_approval_pdf("en", record, created_at=MADE)
