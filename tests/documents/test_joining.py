import io
from datetime import UTC, datetime

import pikepdf
import pytest

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.execution import render_approval_pdf
from dpaportal.documents.joining import append_pdf
from tests.documents.fixtures import approval, snapshot
from tests.documents.pdftext import page_texts

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _scan(pages: int) -> bytes:
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def approval_page():
    return render_approval_pdf("en", approval(snapshot()), created_at=MADE)


def test_the_joined_pdf_has_the_scan_first_and_the_approval_page_last(approval_page):
    joined = append_pdf(_scan(3), approval_page)

    pages = page_texts(joined)

    assert len(pages) == 4
    assert pages[:3] == ["", "", ""]
    assert pages[3].startswith("Approval of the manually signed DPA")


def test_the_approval_page_keeps_its_fonts_when_joined(approval_page):
    joined = append_pdf(_scan(1), approval_page)

    with pikepdf.open(io.BytesIO(joined)) as document:
        fonts = document.pages[1].Resources.Font
        assert fonts
        assert "/StructParents" not in document.pages[1].obj


def test_joining_the_same_two_pdfs_again_gives_the_same_bytes(approval_page):
    scan = _scan(2)

    assert append_pdf(scan, approval_page) == append_pdf(scan, approval_page)


@pytest.mark.parametrize("damaged", [b"", b"not a pdf", b"%PDF-1.7\n1 0 obj <<"])
def test_a_damaged_pdf_is_refused_on_either_side(damaged, approval_page):
    with pytest.raises(DocumentError, match="first PDF is damaged"):
        append_pdf(damaged, approval_page)
    with pytest.raises(DocumentError, match="second PDF is damaged"):
        append_pdf(_scan(1), damaged)


def test_a_pdf_locked_with_a_password_is_refused(approval_page):
    locked = io.BytesIO()
    with pikepdf.open(io.BytesIO(_scan(1))) as document:
        document.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))

    with pytest.raises(DocumentError, match="protected by a password"):
        append_pdf(locked.getvalue(), approval_page)
