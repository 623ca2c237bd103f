import io
import threading

import pikepdf
import pytest
from PIL import Image

from dpaportal.documents.errors import DocumentError
from dpaportal.documents.pages import page_count, page_png
from dpaportal.documents.pdf import render_pdf
from tests.documents.fixtures import snapshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def document():
    return render_pdf(snapshot())


def _blank(*sizes: tuple[float, float], rotate: int = 0) -> bytes:
    pdf = pikepdf.new()
    for size in sizes:
        pdf.add_blank_page(page_size=size)
        pdf.pages[-1].Rotate = rotate
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    return Image.open(io.BytesIO(png))


def test_page_count_counts_the_pages(document):
    assert page_count(_blank((595, 842), (595, 842), (842, 595))) == 3
    with pikepdf.open(io.BytesIO(document)) as opened:
        assert page_count(document) == len(opened.pages)


@pytest.mark.parametrize("width", [1, 99, 700, 800, 1241])
def test_page_png_returns_a_png_of_the_requested_width(document, width):
    image = _image(page_png(document, 0, width_px=width))

    assert image.width == width
    assert image.height == pytest.approx(width * 842 / 595, abs=2)


def test_the_page_is_drawn_not_left_blank(document):
    image = _image(page_png(document, 1)).convert("L")

    assert image.width == 800
    darkest, _ = image.getextrema()
    assert darkest < 100


def test_a_rotated_page_is_drawn_as_it_is_shown():
    image = _image(page_png(_blank((595, 842), rotate=90), 0, width_px=500))

    assert image.size == (500, pytest.approx(500 * 595 / 842, abs=2))


@pytest.mark.parametrize("index", [-1, 2, 99])
def test_a_page_that_is_not_there_is_refused(index):
    with pytest.raises(DocumentError, match="The PDF has 2 pages"):
        page_png(_blank((595, 842), (595, 842)), index)


@pytest.mark.parametrize("width", [0, -5, 4001])
def test_an_absurd_width_is_refused(width):
    with pytest.raises(DocumentError, match="1 to 4000 pixels wide"):
        page_png(_blank((595, 842)), 0, width_px=width)


def test_a_page_far_taller_than_wide_is_refused():
    with pytest.raises(DocumentError, match="too tall"):
        page_png(_blank((10, 14000)), 0, width_px=4000)


@pytest.mark.parametrize("damaged", [b"", b"not a pdf", b"%PDF-1.7\n1 0 obj <<"])
def test_a_damaged_pdf_is_refused(damaged):
    with pytest.raises(DocumentError, match="damaged or not a PDF"):
        page_count(damaged)
    with pytest.raises(DocumentError, match="damaged or not a PDF"):
        page_png(damaged, 0)


def test_a_pdf_locked_with_a_password_is_refused():
    locked = io.BytesIO()
    with pikepdf.open(io.BytesIO(_blank((595, 842)))) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))

    with pytest.raises(DocumentError, match="protected by a password"):
        page_count(locked.getvalue())


def test_threads_can_draw_pages_at_the_same_time(document):
    results: dict[int, bytes] = {}

    def work(index: int) -> None:
        results[index] = page_png(document, index, width_px=300)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1, 2, 3]
    assert all(_image(png).width == 300 for png in results.values())
