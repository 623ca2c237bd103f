import time

import pytest

from dpaportal.uploads import (
    MAX_FILES,
    MAX_PAGES,
    MAX_TOTAL_BYTES,
    REFUSAL_CODES,
    UploadedFile,
    UploadRefused,
    inspect_upload,
)
from dpaportal.uploads.files import JPEG, PDF, PNG
from tests.uploads.samples import (
    HTML_WITH_SCRIPT,
    WINDOWS_STUB,
    image_files,
    jpeg,
    pdf_with_pages,
    png,
    polyglot,
    running_program,
)


def refusal(files: list[UploadedFile]) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(files)
    return refused.value


def test_an_upload_without_files_is_refused():
    assert refusal([]).code == "no_files"


def test_an_empty_file_is_refused():
    files = [UploadedFile("scan.pdf", b"")]

    assert (refusal(files).code, refusal(files).file_name) == ("empty", "scan.pdf")


def test_a_file_of_25_mb_is_refused_before_it_is_parsed():
    # A PDF header and junk: parsing would say "damaged", and take its time.
    content = b"%PDF-1.7\n" + bytes(25 * 1024 * 1024)

    started = time.perf_counter()
    code = refusal([UploadedFile("scan.pdf", content)]).code

    assert code == "too_large"
    assert time.perf_counter() - started < 0.2


def test_the_size_limit_counts_all_files_together():
    third = MAX_TOTAL_BYTES // 3 + 1
    files = [UploadedFile(f"{n}.jpg", jpeg((10, 10)) + bytes(third)) for n in range(3)]

    assert refusal(files).code == "too_large"


def test_a_program_renamed_to_pdf_is_refused():
    program = running_program()

    assert refusal([UploadedFile("signed.pdf", program)]).code == "unsupported_type"


@pytest.mark.parametrize(
    "prefix",
    [WINDOWS_STUB, b"\x7fELF\x02\x01\x01\x00" + bytes(56), HTML_WITH_SCRIPT],
    ids=["windows program", "elf program", "html page with a script"],
)
def test_a_valid_pdf_behind_another_files_header_is_refused(prefix):
    content = polyglot(prefix)
    assert b"%PDF-" in content[:1024]

    assert refusal([UploadedFile("signed.pdf", content)]).code == "unsupported_type"


def test_other_documents_are_refused_whatever_their_name():
    for name, content in [
        ("scan.png", b"<html><body>signed</body></html>"),
        ("scan.jpg", b"PK\x03\x04 a word document"),
        ("scan.pdf", b" " * 1024 + b"%PDF-1.7 too late for a header"),
    ]:
        assert refusal([UploadedFile(name, content)]).code == "unsupported_type"


def test_the_type_is_decided_by_the_content_not_the_name():
    files = [
        UploadedFile("scan.pdf", png((20, 30))),
        UploadedFile("b.png", jpeg((9, 9))),
    ]

    inspected = inspect_upload(files)

    assert inspected.kind == "images"
    assert [original.media_type for original in inspected.originals] == [PNG, JPEG]


def test_twenty_images_are_accepted_and_twenty_one_refused():
    image = jpeg((8, 8))

    assert inspect_upload(image_files(*[image] * 20)).page_count == 20
    assert refusal(image_files(*[image] * 21)).code == "too_many_files"


def test_a_pdf_and_an_image_together_are_refused():
    pdf = pdf_with_pages(1)

    assert refusal(image_files(pdf, jpeg((8, 8)))).code == "mixed_types"
    assert refusal(image_files(png((8, 8)), pdf)).code == "mixed_types"


def test_two_pdfs_are_refused():
    pdf = pdf_with_pages(1)

    assert refusal(image_files(pdf, pdf)).code == "too_many_files"


def test_file_names_with_folders_or_odd_characters_do_not_matter():
    names = [
        "../../etc/passwd",
        "C:\\Users\\Anna\\Scans\\vertrag unterschrieben.pdf",
        "\x00\x1b[31m«Vertrag» *?<>.pdf\n",
        "",
    ]
    files = [UploadedFile(name, jpeg((8, 8))) for name in names]

    inspected = inspect_upload(files)

    assert [original.name for original in inspected.originals] == [
        "passwd",
        "vertrag unterschrieben.pdf",
        "[31m«Vertrag» *?<>.pdf",
        "upload",
    ]


def test_an_accepted_pdf_keeps_a_record_of_the_original():
    content = pdf_with_pages(1)

    (original,) = inspect_upload(
        [UploadedFile("/home/anna/Vertrag.PDF", content)]
    ).originals

    assert (original.name, original.media_type, original.size) == (
        "Vertrag.PDF",
        PDF,
        len(content),
    )


def test_every_refusal_has_a_stable_code_and_names_the_file_at_fault():
    assert set(REFUSAL_CODES) == {
        "no_files",
        "empty",
        "unsupported_type",
        "mixed_types",
        "too_many_files",
        "too_large",
        "too_many_pages",
        "damaged_pdf",
        "encrypted_pdf",
        "active_content",
        "too_complex",
        "image_too_large",
        "damaged_image",
    }
    assert str(UploadRefused("empty", "page-2.png")) == "empty: page-2.png"
    assert str(UploadRefused("no_files")) == "no_files"


def test_the_most_images_an_upload_may_have_make_no_more_pages_than_a_pdf_may():
    # Images are not counted as pages: the file limit keeps them within it.
    assert MAX_FILES <= MAX_PAGES
