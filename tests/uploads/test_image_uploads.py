import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageOps

from dpaportal.uploads import UploadedFile, UploadRefused, inspect_upload
from dpaportal.uploads.files import JPEG, PNG
from dpaportal.uploads.images import A4
from tests.uploads.samples import (
    image_bytes,
    image_files,
    jpeg,
    png,
    png_chunk,
    png_declaring,
)

ROOT = Path(__file__).resolve().parents[2]


def refusal_code(*contents: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(image_files(*contents))
    return refused.value.code


def opened(pdf: bytes) -> pikepdf.Pdf:
    # Pages live only as long as their document: tests keep it in a name.
    return pikepdf.open(io.BytesIO(pdf))


def picture(page: pikepdf.Page) -> pikepdf.Stream:
    return page.Resources.XObject.Im0


def noise(size: tuple[int, int]) -> Image.Image:
    return Image.effect_noise(size, 80).convert("RGB")


def test_images_are_joined_in_the_order_given_one_per_page():
    red, green, blue = (210, 30, 30), (30, 170, 30), (30, 30, 210)
    files = image_files(
        jpeg((300, 200), red), png((200, 300), green), jpeg((90, 90), blue)
    )

    inspected = inspect_upload(files)

    assert (inspected.kind, inspected.page_count) == ("images", 3)
    document = opened(inspected.pdf)
    pages = document.pages
    assert [(picture(p).Width, picture(p).Height) for p in pages] == [
        (300, 200),
        (200, 300),
        (90, 90),
    ]
    colours = [
        pikepdf.PdfImage(picture(p)).as_pil_image().getpixel((5, 5)) for p in pages
    ]
    for colour, expected in zip(colours, [red, green, blue], strict=True):
        assert all(abs(a - b) <= 4 for a, b in zip(colour, expected, strict=True))
    assert [original.media_type for original in inspected.originals] == [
        JPEG,
        PNG,
        JPEG,
    ]


def test_a_jpeg_is_embedded_as_it_came_without_re_encoding():
    content = image_bytes(noise((640, 480)), "JPEG", quality=80)

    document = opened(inspect_upload(image_files(content)).pdf)
    (page,) = document.pages

    assert picture(page).Filter == pikepdf.Name.DCTDecode
    assert picture(page).read_raw_bytes() == content


def test_each_page_fits_a4_at_the_image_s_own_ratio():
    files = image_files(jpeg((1000, 2000)), png((300, 200)))

    document = opened(inspect_upload(files).pdf)

    portrait, landscape = ([float(n) for n in p.MediaBox[2:]] for p in document.pages)
    assert portrait == pytest.approx([A4[1] / 2, A4[1]], abs=0.01)
    assert landscape == pytest.approx([A4[1], A4[1] * 2 / 3], abs=0.01)


def test_a_cmyk_jpeg_is_accepted_with_its_inverted_inks_turned_back():
    content = image_bytes(Image.new("CMYK", (120, 80), (0, 200, 200, 0)), "JPEG")

    document = opened(inspect_upload(image_files(content)).pdf)
    (page,) = document.pages

    assert picture(page).ColorSpace == pikepdf.Name.DeviceCMYK
    assert list(picture(page).Decode) == [1, 0] * 4


def test_a_png_with_transparency_is_laid_on_white():
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 20, 20))

    document = opened(inspect_upload(image_files(image_bytes(image, "PNG"))).pdf)
    (page,) = document.pages

    shown = pikepdf.PdfImage(picture(page)).as_pil_image()
    assert (shown.mode, shown.getpixel((5, 5)), shown.getpixel((35, 5))) == (
        "RGB",
        (0, 0, 255),
        (255, 255, 255),
    )


def test_a_sixteen_bit_grey_png_keeps_its_sixteen_bits():
    content = image_bytes(Image.new("I;16", (4, 2), 40_000), "PNG")

    document = opened(inspect_upload(image_files(content)).pdf)
    (page,) = document.pages

    assert picture(page).BitsPerComponent == 16
    assert picture(page).read_bytes() == (40_000).to_bytes(2, "big") * 8


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_photo_is_shown_upright_as_its_exif_orientation_says(orientation):
    stored = Image.new("RGB", (3, 2))
    stored.putdata([(n * 40, 255 - n * 40, n * 20) for n in range(6)])
    exif = Image.Exif()
    exif[0x0112] = orientation
    content = image_bytes(stored, "PNG", exif=exif)
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(content)))

    document = opened(inspect_upload(image_files(content)).pdf)
    (page,) = document.pages

    # Follow the centre of each upright pixel back through the page's matrix.
    a, b, c, d, e, f = (float(n) for n in _matrix(page))
    width, height = (float(n) for n in page.MediaBox[2:])
    for column in range(upright.width):
        for row in range(upright.height):
            x = (column + 0.5) / upright.width * width - e
            y = height - (row + 0.5) / upright.height * height - f
            u = (d * x - c * y) / (a * d - b * c)
            v = (a * y - b * x) / (a * d - b * c)
            source = (int(u * stored.width), int((1 - v) * stored.height))
            assert stored.getpixel(source) == upright.getpixel((column, row))


def _matrix(page: pikepdf.Page) -> list[object]:
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            return list(operands)
    raise AssertionError("the page places no image")


def test_an_image_of_more_than_forty_megapixels_is_refused():
    # 48 megapixels: under Pillow's own guard, so this is the portal's limit.
    assert refusal_code(png_declaring(8000, 6000)) == "image_too_large"


def test_a_png_declaring_fifty_thousand_pixels_square_is_refused_in_little_memory():
    child = """
import resource
from dpaportal.uploads import UploadedFile, UploadRefused, inspect_upload
from tests.uploads.samples import png_declaring

# A regression fails fast with a MemoryError instead of swapping the machine.
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
content = png_declaring(50_000, 50_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    inspect_upload([UploadedFile("huge.png", content)])
except UploadRefused as refusal:
    print(refusal.code)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""
    result = subprocess.run(
        [sys.executable, "-c", child],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    code, grown_kib = result.stdout.split()
    assert len(png_declaring(50_000, 50_000)) < 5000
    assert code == "image_too_large"
    assert int(grown_kib) < 50 * 1024


def test_a_jpeg_cut_short_is_refused_as_damaged():
    content = image_bytes(noise((400, 300)), "JPEG")

    assert refusal_code(jpeg((50, 50)), content[: len(content) // 2]) == "damaged_image"


def test_a_jpeg_with_a_garbled_header_is_refused_as_damaged():
    content = jpeg((50, 50))
    garbled = content[:3] + bytes(range(7, 107)) + content[103:]

    assert refusal_code(garbled) == "damaged_image"


def test_a_png_with_a_wrong_checksum_is_refused_as_damaged():
    content = bytearray(png((50, 50)))
    idat = content.index(b"IDAT")
    content[idat + 6] ^= 0xFF

    assert refusal_code(bytes(content)) == "damaged_image"


def test_a_png_cut_short_is_refused_as_damaged():
    content = image_bytes(noise((200, 200)), "PNG")

    assert refusal_code(content[: len(content) // 2]) == "damaged_image"


def test_a_png_without_pixel_data_is_refused_as_damaged():
    header = png_declaring(10, 10)[: 8 + 25]

    assert refusal_code(header + png_chunk(b"IEND", b"")) == "damaged_image"


def test_the_refusal_names_the_damaged_file():
    files = [
        UploadedFile("first.jpg", jpeg((20, 20))),
        UploadedFile("second.jpg", jpeg((20, 20))[:100]),
    ]

    with pytest.raises(UploadRefused) as refused:
        inspect_upload(files)

    assert (refused.value.code, refused.value.file_name) == (
        "damaged_image",
        "second.jpg",
    )


def test_the_same_images_make_the_same_pdf():
    contents = (jpeg((60, 40)), png((40, 60)))

    first, second = (inspect_upload(image_files(*contents)) for _ in range(2))

    assert first.sha256 == second.sha256
