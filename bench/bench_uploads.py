"""How fast a customer's upload of a signed DPA scan is inspected.

The pages are drawn like a 150 dpi scan of a typed page: lines of dark word
shapes on off-white, softened a little, saved as JPEG at quality 80.
"""

from __future__ import annotations

import io
import random
import zlib

import pikepdf
from PIL import Image, ImageDraw, ImageFilter

from bench.timing import Figure, median_ms
from dpaportal.uploads import UploadedFile, UploadRefused, inspect_upload

RUNS = 20
PAGES = 10
SCAN_SIZE = (1240, 1754)
"""A4 at 150 dpi."""


def measure() -> list[Figure]:
    """Medians of accepting a 10-page scanned PDF and of joining 10 JPEG scans."""
    scans = [
        UploadedFile(f"page-{number}.jpg", _scanned_page(random.Random(number)))
        for number in range(1, PAGES + 1)
    ]
    joined = inspect_upload(scans)
    pdf = [UploadedFile("signed.pdf", joined.pdf)]
    if inspect_upload(pdf).pdf != joined.pdf:
        raise RuntimeError("The benchmark's PDF was not accepted unchanged.")

    accept_ms = median_ms(lambda: inspect_upload(pdf), runs=RUNS)
    join_ms = median_ms(lambda: inspect_upload(scans), runs=RUNS)
    bomb = [UploadedFile("bomb.pdf", _flate_bomb())]
    bomb_ms = median_ms(lambda: _refused(bomb), runs=3, warmup=0)
    size = f"{PAGES} pages, {len(joined.pdf) // 1024} KiB"
    return [
        Figure(
            f"accept a scanned PDF ({size})",
            accept_ms,
            "ms",
            goal=500,
            runs=RUNS,
            note="one JPEG per page; structure, active content and streams checked",
        ),
        Figure(
            f"join {PAGES} JPEG scans into a PDF to review",
            join_ms,
            "ms",
            runs=RUNS,
            note="150 dpi A4 pages; each JPEG decoded at 1/8 scale to check it",
        ),
        Figure(
            f"refuse a flate bomb ({len(bomb[0].content) // 1024} KiB, worst case)",
            bomb_ms,
            "ms",
            runs=3,
            note="zeros at level 9 inflate slowest; stopped at the 512 MiB bound",
        ),
    ]


def _refused(files: list[UploadedFile]) -> None:
    try:
        inspect_upload(files)
    except UploadRefused as refusal:
        if refusal.code == "too_complex":
            return
        raise
    raise RuntimeError("The flate bomb was accepted.")


def _flate_bomb() -> bytes:
    compressor = zlib.compressobj(9)
    zeros = bytes(16 * 1024 * 1024)
    bomb = b"".join(compressor.compress(zeros) for _ in range(40))
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pikepdf.Stream(
        pdf, bomb + compressor.flush(), Filter=pikepdf.Name.FlateDecode
    )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _scanned_page(rng: random.Random) -> bytes:
    page = Image.new("L", SCAN_SIZE, 236)
    draw = ImageDraw.Draw(page)
    for line in range(32):
        top, left = 140 + line * 44, 110
        while left < SCAN_SIZE[0] - 140:
            width = rng.randint(20, 90)
            draw.rectangle(
                (left, top, left + width, top + 13), fill=rng.randint(20, 70)
            )
            left += width + 12
    scan = page.filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
    buffer = io.BytesIO()
    scan.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
