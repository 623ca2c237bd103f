"""Check uploaded JPEG and PNG images and join them into one PDF, one per page.

A JPEG goes into the PDF as it came, compressed data and all (PDF reads JPEG
natively through /DCTDecode), so the reviewer sees the very pixels uploaded.
A PNG is decoded and stored losslessly with Flate.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence

import pikepdf
from pikepdf import Name
from PIL import Image

from dpaportal.uploads.errors import UploadRefused
from dpaportal.uploads.files import JPEG_MAGIC, UploadedFile
from dpaportal.uploads.limits import MAX_PIXELS

A4 = (595.276, 841.89)
"""210 x 297 mm in PDF points (ISO 216); each image fits it at its own ratio."""

JPEG_COLOUR_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}
GREY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16"})
KEPT_MODES = {"1": 1, "L": 8, "RGB": 8, "I;16": 16}
"""Decoded modes stored as they are, with their bits per component."""

EXIF_ORIENTATION = 0x0112
ORIENTATIONS: dict[int, tuple[int, int, int, int, int, int]] = {
    1: (1, 0, 0, 0, 1, 0),
    2: (-1, 0, 1, 0, 1, 0),
    3: (-1, 0, 1, 0, -1, 1),
    4: (1, 0, 0, 0, -1, 1),
    5: (0, -1, 1, -1, 0, 1),
    6: (0, 1, 0, -1, 0, 1),
    7: (0, 1, 0, 1, 0, 0),
    8: (0, -1, 1, 1, 0, 0),
}
"""For each EXIF orientation, where a point (u, v) of the stored image lands on
the page, as fractions of its width and height: x = su*u + sv*v + s0 and
y = tu*u + tv*v + t0, listed (su, sv, s0, tu, tv, t0). Turning the picture by
the page's matrix shows a phone photo upright without re-encoding it."""


def join_images(files: Sequence[UploadedFile]) -> bytes:
    """One PDF with each image on a page of its own, in the order given."""
    pdf = pikepdf.new()
    for file in files:
        try:
            pdf.pages.append(_page(pdf, file.content))
        except UploadRefused as refusal:
            raise UploadRefused(refusal.code, file.name) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # Pillow's own guard, which may fire before ours does.
            raise UploadRefused("image_too_large", file.name) from None
        except Exception:
            # A decoder can fail anywhere on damaged data; that is a refusal.
            raise UploadRefused("damaged_image", file.name) from None

    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _page(pdf: pikepdf.Pdf, content: bytes) -> pikepdf.Page:
    form = "JPEG" if content.startswith(JPEG_MAGIC) else "PNG"
    # Opening reads the header only: the size is known before any decoding.
    with Image.open(io.BytesIO(content), formats=[form]) as probe:
        if probe.width * probe.height > MAX_PIXELS:
            raise UploadRefused("image_too_large")
        probe.verify()

    with Image.open(io.BytesIO(content), formats=[form]) as image:
        size = image.size
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)
        if form == "JPEG" and image.mode in JPEG_COLOUR_SPACES:
            xobject = _jpeg_xobject(pdf, content, image)
        else:
            image.load()
            xobject = _pixels_xobject(pdf, _flattened(image))
    return _page_showing(pdf, xobject, size, orientation)


def _jpeg_xobject(
    pdf: pikepdf.Pdf, content: bytes, image: Image.Image
) -> pikepdf.Stream:
    xobject = pikepdf.Stream(
        pdf,
        content,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name(JPEG_COLOUR_SPACES[image.mode]),
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )
    if image.mode == "CMYK" and "adobe" in image.info:
        # Adobe's CMYK JPEGs store every ink inverted; /Decode turns it back.
        xobject.Decode = pikepdf.Array([1, 0] * 4)

    # A decoder at an eighth of the size still reads all the compressed data,
    # so a truncated file fails here, in a fraction of a full decode's time.
    image.draft(image.mode, (image.width // 8, image.height // 8))
    image.load()
    return xobject


def _flattened(image: Image.Image) -> Image.Image:
    """The image on white, in a mode a PDF stores as it is."""
    base = "L" if image.mode in GREY_MODES else "RGB"
    if not image.has_transparency_data:
        return image if image.mode in KEPT_MODES else image.convert(base)

    with_alpha = image.convert("LA" if base == "L" else "RGBA")
    flat = Image.new(base, image.size, "white")
    flat.paste(with_alpha.convert(base), mask=with_alpha.getchannel("A"))
    return flat


def _pixels_xobject(pdf: pikepdf.Pdf, image: Image.Image) -> pikepdf.Stream:
    # PDF wants 16-bit samples big-endian (ISO 32000-2, 8.9.2).
    raw = image.tobytes("raw", "I;16B") if image.mode == "I;16" else image.tobytes()
    return pikepdf.Stream(
        pdf,
        zlib.compress(raw),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=image.width,
        Height=image.height,
        ColorSpace=Name.DeviceRGB if image.mode == "RGB" else Name.DeviceGray,
        BitsPerComponent=KEPT_MODES[image.mode],
        Filter=Name.FlateDecode,
    )


def _page_showing(
    pdf: pikepdf.Pdf,
    xobject: pikepdf.Stream,
    size: tuple[int, int],
    orientation: object,
) -> pikepdf.Page:
    """A page of the image's shape within A4, the image filling it upright."""
    if not isinstance(orientation, int) or orientation not in ORIENTATIONS:
        orientation = 1
    width, height = size if orientation < 5 else size[::-1]
    box_width, box_height = A4 if height >= width else A4[::-1]
    scale = min(box_width / width, box_height / height)
    page_width, page_height = width * scale, height * scale

    su, sv, s0, tu, tv, t0 = ORIENTATIONS[orientation]
    matrix = [su * page_width, tu * page_height, sv * page_width]
    matrix += [tv * page_height, s0 * page_width, t0 * page_height]
    drawing = f"q {' '.join(f'{n:.3f}' for n in matrix)} cm /Im0 Do Q"
    return pikepdf.Page(
        pikepdf.Dictionary(
            Type=Name.Page,
            MediaBox=[0, 0, round(page_width, 3), round(page_height, 3)],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
            Contents=pdf.make_stream(drawing.encode()),
        )
    )
