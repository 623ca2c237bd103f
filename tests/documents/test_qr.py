import io
import re
from datetime import UTC, datetime

import pytest
import segno
from PIL import Image

from dpaportal.documents.execution import render_signed_pdf
from dpaportal.documents.pages import page_count, page_png
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.qr import qr_svg, qr_text
from dpaportal.documents.snapshot import document_identifier, fingerprint
from tests.documents.fixtures import SETTINGS, VERSION, evidence, replace, snapshot
from tests.documents.qrmodules import expected_modules, footer_modules

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

DOCUMENTS = {
    "final": {},
    "draft": {"draft": True},
    "manual": {"settings": replace(SETTINGS, sign_type="manual")},
    "german draft": {"version": replace(VERSION, language="de"), "draft": True},
}


@pytest.fixture(scope="module")
def signed():
    data = snapshot()
    return data, render_signed_pdf(data, evidence(data), created_at=MADE)


@pytest.mark.parametrize("changes", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_every_page_carries_the_qr_code_of_its_document(changes):
    data = snapshot(**changes)
    expected = expected_modules(document_identifier(data), fingerprint(data))

    pages = footer_modules(render_pdf(data))

    assert len(pages) >= 5
    assert all(modules == expected for modules in pages)


def test_every_page_of_a_signed_pdf_carries_the_qr_code(signed):
    data, pdf = signed
    expected = expected_modules(document_identifier(data), fingerprint(data))

    assert all(modules == expected for modules in footer_modules(pdf))


def test_a_scan_of_a_page_at_150_dpi_reads_back_identifier_and_fingerprint(signed):
    zxingcpp = pytest.importorskip("zxingcpp")
    data, pdf = signed
    texts = set()
    for index in (0, 3, 7):
        image = Image.open(io.BytesIO(page_png(pdf, index, width_px=1240)))
        texts.update(found.text for found in zxingcpp.read_barcodes(image))

    assert texts == {qr_text(document_identifier(data), fingerprint(data))}


def test_the_qr_text_holds_the_identifier_and_the_whole_fingerprint():
    digest = "3f9a0c12d4" + "0" * 54

    text = qr_text("DPA-1.0-DE-3F9A0C12D4", digest)

    assert text == f"DPA-1.0-DE-3F9A0C12D4 SHA256:{digest.upper()}"


def test_the_code_uses_error_correction_m_and_a_quiet_zone_of_four_modules():
    identifier, digest = "DPA-1.0-EN-3F9A0C12D4", "3f9a0c12d4" + "a" * 54
    code = segno.make_qr(qr_text(identifier, digest), error="M", boost_error=False)

    svg = qr_svg(identifier, digest)

    assert code.error == "M"
    assert code.mode == "alphanumeric"
    size = code.symbol_size(border=4)[0]
    assert f'width="{size}" height="{size}"' in svg


def test_the_svg_draws_paths_only_whatever_the_version_number_says():
    svg = qr_svg('DPA-<script>"x"</script>-EN-3F9A0C12D4', "f" * 64)

    assert re.findall(r"<(\w+)", svg) == ["svg", "path", "path"]
    assert "script" not in svg


def test_a_scan_of_an_issued_manual_pdf_reads_back_its_identifier_and_fingerprint():
    zxingcpp = pytest.importorskip("zxingcpp")
    data = snapshot(**DOCUMENTS["manual"])
    pdf = render_pdf(data, created_at=MADE)
    texts = []
    # The first page, and the last with the signature lines to fill in by hand.
    for index in (0, page_count(pdf) - 1):
        image = Image.open(io.BytesIO(page_png(pdf, index, width_px=1240)))
        texts += [found.text for found in zxingcpp.read_barcodes(image)]

    assert data["settings"]["sign_type"] == "manual"
    assert texts == [qr_text(document_identifier(data), fingerprint(data))] * 2
