import io
import threading
from pathlib import Path

import pikepdf
import pytest

from dpaportal.documents import pdf as pdf_module
from dpaportal.documents.pdf import render_pdf
from dpaportal.documents.snapshot import document_identifier, fingerprint
from tests.documents.fixtures import SETTINGS, VERSION, replace, snapshot
from tests.documents.pdftext import page_texts, pages_runs

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def final():
    data = snapshot()
    return data, render_pdf(data)


@pytest.fixture(scope="module")
def draft():
    data = snapshot(draft=True)
    return data, render_pdf(data)


def _fonts(pdf: bytes) -> list[pikepdf.Dictionary]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = []
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                if font.Subtype == "/Type0":
                    font = font.DescendantFonts[0]
                fonts.append(pikepdf.Dictionary(font.FontDescriptor))
        return fonts


def test_the_pdf_claims_pdf_a_2a_in_its_xmp_metadata(final):
    _, pdf = final

    with pikepdf.open(io.BytesIO(pdf)) as document:
        metadata = document.open_metadata()
        assert metadata.get("pdfaid:part") == "2"
        assert metadata.get("pdfaid:conformance") == "A"
        assert metadata.get("dc:title") == "Data Processing Agreement"


def test_every_font_is_embedded(final):
    fonts = _fonts(final[1])

    assert fonts
    for descriptor in fonts:
        assert any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )


def test_every_page_is_a4(final):
    with pikepdf.open(io.BytesIO(final[1])) as document:
        for page in document.pages:
            width, height = (float(value) for value in page.mediabox[2:])
            assert (round(width, 2), round(height, 2)) == A4


def test_every_page_has_the_footer_with_identifier_fingerprint_and_page_x_of_y(final):
    data, pdf = final
    pages = page_texts(pdf)
    total = len(pages)

    assert total >= 5
    for number, text in enumerate(pages, start=1):
        footer = text.splitlines()[-1]
        assert footer == (
            f"{document_identifier(data)} {fingerprint(data)[:12]} "
            f"Page {number} of {total}"
        )


def test_the_footer_is_page_furniture_not_content(final):
    data, pdf = final

    for text in page_texts(pdf, artifacts=False)[1:]:
        assert document_identifier(data) not in text


def test_a_german_footer_says_seite_x_von_y():
    pdf = render_pdf(snapshot(version=replace(VERSION, language="de")))
    pages = page_texts(pdf)

    for number, text in enumerate(pages, start=1):
        assert text.splitlines()[-1].endswith(f"Seite {number} von {len(pages)}")


def test_every_page_of_a_draft_carries_the_draft_mark(draft):
    for runs in pages_runs(draft[1]):
        marks = [run for run in runs if run.text == "DRAFT"]
        assert len(marks) == 1
        assert marks[0].artifact


def test_a_german_draft_is_marked_entwurf_on_every_page():
    data = snapshot(version=replace(VERSION, language="de"), draft=True)

    for text in page_texts(render_pdf(data)):
        assert "ENTWURF" in text.split()


def test_a_final_document_has_no_draft_mark(final):
    for text in page_texts(final[1]):
        assert "DRAFT" not in text
        assert "draft" not in text


def test_a_manual_document_prints_no_configured_names():
    data = snapshot(settings=replace(SETTINGS, sign_type="manual"))
    text = "\n".join(page_texts(render_pdf(data)))

    assert text.count("To be filled in by hand.") == 3
    assert "Charlie Signer" not in text
    assert "Employees" not in text


def test_the_pdf_records_when_it_was_made():
    from datetime import UTC, datetime

    made = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    pdf = render_pdf(snapshot(), created_at=made)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.docinfo["/CreationDate"]).startswith("D:20260102030405")


def test_the_same_snapshot_and_time_give_the_same_pdf():
    from datetime import UTC, datetime

    made = datetime(2026, 1, 2, tzinfo=UTC)

    assert render_pdf(snapshot(), created_at=made) == render_pdf(
        snapshot(), created_at=made
    )


def test_one_compiler_serves_the_whole_process(monkeypatch):
    constructions = []
    real_compiler = pdf_module.typst.Compiler

    def counting_compiler(*args, **kwargs):
        constructions.append(args)
        return real_compiler(*args, **kwargs)

    # Start from no compiler, as a fresh process does, and drop the counted
    # one afterwards; the class cannot be subclassed, so a function stands in.
    monkeypatch.setattr(pdf_module.typst, "Compiler", counting_compiler)
    pdf_module.compiler.cache_clear()
    try:
        first = render_pdf(snapshot())
        second = render_pdf(snapshot(draft=True))
    finally:
        pdf_module.compiler.cache_clear()

    assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
    assert len(constructions) == 1


def test_threads_can_render_at_the_same_time():
    results: dict[int, bytes] = {}

    def work(number: int) -> None:
        results[number] = render_pdf(
            snapshot(version=replace(VERSION, number=f"{number}.0"))
        )

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1, 2, 3]
    assert all(pdf.startswith(b"%PDF-") for pdf in results.values())


def test_the_template_reads_its_words_only_from_the_json_input():
    template = Path(pdf_module.TEMPLATE).read_text("utf-8")

    assert "json(bytes(sys.inputs.document))" in template
    assert "eval(" not in template
    assert "read(" not in template
