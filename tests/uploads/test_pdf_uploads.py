import hashlib
import re
import zlib

import pikepdf
import pytest
from pikepdf import Dictionary, Name, String

from dpaportal.sealing.authority import create_demo_authority
from dpaportal.sealing.seal import load_sealer, seal_pdf
from dpaportal.uploads import UploadRefused, inspect_upload
from dpaportal.uploads.files import PDF
from dpaportal.uploads.pdfs import MAX_NODES, MAX_OBJECTS
from tests.uploads.samples import pdf_file, pdf_with_pages, saved


def refusal_code(content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        inspect_upload([pdf_file(content)])
    return refused.value.code


def script(code: str = "app.alert('hello')") -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(code))


def test_a_good_pdf_is_accepted_unchanged():
    content = pdf_with_pages(10)

    inspected = inspect_upload([pdf_file(content)])

    assert inspected.kind == "pdf"
    assert inspected.pdf == content
    assert inspected.sha256 == hashlib.sha256(content).hexdigest()
    assert inspected.page_count == 10
    (original,) = inspected.originals
    assert (original.name, original.media_type) == ("signed.pdf", PDF)
    assert (original.size, original.sha256) == (len(content), inspected.sha256)


def test_a_pdf_signed_with_a_seal_is_accepted(tmp_path):
    authority = create_demo_authority(tmp_path, "Customer GmbH")
    sealer = load_sealer(authority.p12_path, authority.password())
    content = seal_pdf(
        pdf_with_pages(2), sealer, tsa_url=None, reason="Signed", location="Bonn"
    ).pdf

    assert inspect_upload([pdf_file(content)]).page_count == 2


@pytest.mark.parametrize(
    "options",
    [
        {"linearize": True},
        {"object_stream_mode": pikepdf.ObjectStreamMode.generate},
        {"compress_streams": False, "qdf": True},
    ],
    ids=["linearized", "object-streams", "qdf"],
)
def test_a_pdf_saved_in_other_valid_ways_is_accepted(options):
    assert inspect_upload([pdf_file(pdf_with_pages(3, **options))]).page_count == 3


def test_sixty_pages_are_accepted_and_sixty_one_refused():
    assert inspect_upload([pdf_file(pdf_with_pages(60))]).page_count == 60
    assert refusal_code(pdf_with_pages(61)) == "too_many_pages"


def test_a_pdf_without_pages_is_refused_as_damaged():
    assert refusal_code(saved(pikepdf.new())) == "damaged_pdf"


def test_a_pdf_cut_in_half_is_refused_as_damaged():
    content = pdf_with_pages(10)

    assert refusal_code(content[: len(content) // 2]) == "damaged_pdf"


def test_a_pdf_that_only_opens_after_repair_is_refused_as_damaged():
    content = pdf_with_pages(3)
    # One byte more in the first object moves every object after it away from
    # the offset the cross-reference table gives; qpdf would quietly rebuild it.
    shifted = content.replace(b"/Type /Font", b"/Type  /Font", 1)

    assert refusal_code(shifted) == "damaged_pdf"


def test_a_pdf_with_a_damaged_stream_is_refused_as_damaged():
    def add_compressed_drawing(pdf: pikepdf.Pdf) -> None:
        lines = "".join(
            f"{n} {n * 7 % 500} m {n * 3 % 400} 800 l S\n" for n in range(2000)
        )
        drawing = zlib.compress(lines.encode())
        middle = len(drawing) // 2
        damaged = drawing[:middle] + bytes(40) + drawing[middle + 40 :]
        pdf.pages[0].Contents = pikepdf.Stream(pdf, damaged, Filter=Name.FlateDecode)

    assert refusal_code(pdf_with_pages(2, add_compressed_drawing)) == "damaged_pdf"


def test_a_flate_bomb_is_refused_without_inflating_it_all():
    def add_bomb(pdf: pikepdf.Pdf) -> None:
        compressor = zlib.compressobj(1)
        zeros = bytes(16 * 1024 * 1024)
        bomb = b"".join(compressor.compress(zeros) for _ in range(33))
        pdf.pages[0].Contents = pikepdf.Stream(
            pdf, bomb + compressor.flush(), Filter=Name.FlateDecode
        )

    assert refusal_code(pdf_with_pages(1, add_bomb)) == "too_complex"


def test_a_pdf_whose_trailer_understates_its_objects_is_refused_as_damaged():
    content = pdf_with_pages(3)
    size = re.search(rb"/Size \d+", content).group()

    assert refusal_code(content.replace(size, b"/Size 2".ljust(len(size)))) == (
        "damaged_pdf"
    )


def test_a_pdf_of_too_many_objects_is_refused_before_they_are_read():
    def add_objects(pdf: pikepdf.Pdf) -> None:
        many = [pdf.make_indirect(Dictionary(N=n)) for n in range(MAX_OBJECTS)]
        pdf.Root.Many = pikepdf.Array(many)

    content = pdf_with_pages(1, add_objects)

    assert refusal_code(content) == "too_complex"


def test_the_search_for_active_content_stops_at_its_bound():
    def add_long_array(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Numbers = pikepdf.Array(range(MAX_NODES))

    assert refusal_code(pdf_with_pages(1, add_long_array)) == "too_complex"


def test_a_pdf_protected_with_a_password_is_refused():
    encryption = pikepdf.Encryption(owner="owner secret", user="user secret")

    assert refusal_code(pdf_with_pages(1, encryption=encryption)) == "encrypted_pdf"


def test_an_encrypted_pdf_that_opens_without_a_password_is_refused():
    encryption = pikepdf.Encryption(owner="owner secret", user="")

    assert refusal_code(pdf_with_pages(1, encryption=encryption)) == "encrypted_pdf"


def test_a_pdf_with_a_javascript_open_action_is_refused():
    def open_with_script(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = script()

    assert refusal_code(pdf_with_pages(1, open_with_script)) == "active_content"


def test_a_pdf_with_document_level_javascript_is_refused():
    def add_named_script(pdf: pikepdf.Pdf) -> None:
        named = pikepdf.Array([String("init"), pdf.make_indirect(script())])
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=named))

    assert refusal_code(pdf_with_pages(1, add_named_script)) == "active_content"


def test_a_pdf_with_a_script_on_an_annotation_is_refused():
    def add_link_with_script(pdf: pikepdf.Pdf) -> None:
        link = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=[72, 72, 144, 96],
            AA=Dictionary(E=script()),
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))

    assert refusal_code(pdf_with_pages(1, add_link_with_script)) == "active_content"


def test_a_script_behind_escaped_names_is_found():
    def open_with_disguised_script(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Dictionary(Sxx=Name("/Jxxxxxxxxxxx"), Jzzz=String("1"))

    content = pdf_with_pages(1, open_with_disguised_script)
    # The same number of bytes each, so that every offset stays right.
    for placeholder, escaped in [
        (b"/Sxx", b"/#53"),
        (b"/Jxxxxxxxxxxx", b"/J#61vaScript"),
        (b"/Jzzz", b"/J#53"),
    ]:
        assert content.count(placeholder) == 1
        content = content.replace(placeholder, escaped)

    assert refusal_code(content) == "active_content"


def test_a_pdf_with_a_launch_action_is_refused():
    def open_with_launch(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("calc.exe"))

    assert refusal_code(pdf_with_pages(1, open_with_launch)) == "active_content"


def test_a_pdf_with_an_embedded_file_is_refused():
    def attach(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(
            pdf,
            b"MZ\x90\x00 not really a program",
            mime_type="application/x-msdownload",
        )

    assert refusal_code(pdf_with_pages(1, attach)) == "active_content"


def test_a_pdf_with_a_file_attachment_annotation_is_refused():
    def add_attachment_annotation(pdf: pikepdf.Pdf) -> None:
        annotation = Dictionary(
            Type=Name.Annot,
            Subtype=Name.FileAttachment,
            Rect=[72, 72, 96, 96],
            FS=Dictionary(Type=Name.Filespec, F=String("notes.txt")),
        )
        pdf.pages[0].Annots = pikepdf.Array([annotation])

    assert (
        refusal_code(pdf_with_pages(1, add_attachment_annotation)) == "active_content"
    )
