"""Decoding budgets: pages, pixels and unpacked bytes are measured before anything is decoded, and
a document over budget is refused with one plain line; ordinary certificates pass."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image
from pydantic import ValidationError
from pypdf import PdfReader, PdfWriter

from services.intake.extraction.api import extract_document
from services.intake.extraction.budgets import DecodingBudgets, check_pdf, check_raster
from services.intake.extraction.errors import UnreadableDocument
from services.intake.settings import IntakeSettings
from tests.fixtures import bombs
from tests.fixtures.certgen import generate


def _page_with(resources: bytes, content: bytes, *extra: bytes) -> bytes:
    return bombs.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            + resources
            + b" /Contents 4 0 R >>",
            bombs.stream(b"", content),
            *extra,
        ]
    )


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG")
    return buffer.getvalue()


# -- bombs ------------------------------------------------------------------------------------


def test_a_3_kb_pdf_with_a_40000_pixel_square_image_is_refused_from_its_dictionary():
    data = bombs.image_bomb_pdf()
    assert len(data) < 4_000
    with pytest.raises(UnreadableDocument) as refused:
        check_pdf(data)
    assert str(refused.value) == (
        "the file holds an image of 40,000 × 40,000 pixels, more than the 60 million pixels we read"
    )


def test_a_jpeg_whose_header_claims_more_than_its_dictionary_is_measured_by_its_header():
    # pdfium trusts the JPEG header when the two disagree
    with pytest.raises(UnreadableDocument, match="40,000 × 40,000 pixels"):
        check_pdf(bombs.jpeg_header_pdf())


def test_a_1_kb_pdf_whose_content_unpacks_to_300_mb_is_refused_after_one_budget():
    data = bombs.content_bomb_pdf()
    assert len(data) < 1_500
    with pytest.raises(UnreadableDocument) as refused:
        check_pdf(data)
    assert str(refused.value) == "the file holds content that unpacks to more than 32 MB, more than we read"


def test_page_content_split_over_several_streams_counts_against_the_content_budget():
    # GIVEN a page whose content is two streams of 10 MiB of dense paths each (each under 16 MiB)
    part = zlib.compress(bombs.repeated_zlib(bombs.DENSE_PATHS, 10 * 1024 * 1024), 9)
    data = bombs.pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] >>",
            bombs.stream(b"/Filter [/FlateDecode /FlateDecode]", part),
            bombs.stream(b"/Filter [/FlateDecode /FlateDecode]", part),
        ]
    )
    with pytest.raises(UnreadableDocument) as refused:
        check_pdf(data)
    assert str(refused.value) == "the file's page content unpacks to more than 16 MB, more than we read"


def test_any_stream_is_unpacked_within_the_stream_budget_not_only_page_content():
    # GIVEN an object stream (not drawn, but pdfium unpacks it to find objects) of 300 MB
    packed = zlib.compress(bombs.repeated_zlib(b" ", 300 * 1024 * 1024), 9)
    objects = bombs.stream(b"/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]", packed)
    with pytest.raises(UnreadableDocument, match="unpacks to more than 32 MB"):
        check_pdf(_page_with(b"<< >>", b"", objects))


def test_an_inline_image_is_measured_from_its_bi_dictionary():
    content = b"q 612 0 0 792 0 0 cm BI /W 40000 /H 40000 /BPC 8 /CS /G /F /Fl ID \x78\x9c\x03\x00 EI Q"
    with pytest.raises(UnreadableDocument, match="40,000 × 40,000 pixels"):
        check_pdf(_page_with(b"<< >>", content))


def test_a_small_image_whose_outer_filter_unpacks_to_a_bomb_is_refused():
    # GIVEN a 10 x 10 image whose first Flate stage (unpacked whole by pdfium) inflates to 300 MB
    packed = bombs.repeated_zlib(b"\x00", 300 * 1024 * 1024)
    image = bombs.stream(
        b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]",
        packed,
    )
    data = _page_with(b"<< /XObject << /Im1 5 0 R >> >>", b"/Im1 Do", image)
    with pytest.raises(UnreadableDocument, match="unpacks to more than 32 MB"):
        check_pdf(data)


def test_images_under_the_pixel_budget_still_count_against_the_document_budget():
    # GIVEN five 2,000 x 2,000 grey images (4 MB each unpacked) and a 16 MB document budget
    images = [
        bombs.stream(
            b"/Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode",
            zlib.compress(b"\x00" * 100),
        )
        for _ in range(5)
    ]
    names = b" ".join(b"/Im%d %d 0 R" % (i, 5 + i) for i in range(5))
    data = _page_with(b"<< /XObject << " + names + b" >> >>", b"/Im0 Do", *images)
    budgets = DecodingBudgets(max_document_bytes=16 * 1024 * 1024)
    with pytest.raises(UnreadableDocument, match="more than 16 MB of images and page content"):
        check_pdf(data, budgets)
    check_pdf(data)  # the default budget allows it


def test_pages_over_the_budget_are_refused_before_any_is_read():
    writer = PdfWriter()
    for _ in range(6):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableDocument, match="the PDF has 6 pages; the limit is 5"):
        check_pdf(buffer.getvalue(), DecodingBudgets(max_pages=5))


# -- raster uploads ---------------------------------------------------------------------------


def test_a_png_is_measured_from_its_header():
    with pytest.raises(UnreadableDocument) as refused:
        check_raster(generate(0, "image_bomb").data)
    assert str(refused.value) == (
        "the image is too large to read: 100,000 × 100,000 pixels, more than the 60 million we read"
    )


def test_every_frame_of_a_tiff_is_measured():
    # GIVEN a TIFF whose first page is small and whose second is over a 1 Mpx budget
    buffer = io.BytesIO()
    Image.new("1", (100, 100), 1).save(
        buffer, "TIFF", save_all=True, append_images=[Image.new("1", (1500, 1000), 1)]
    )
    with pytest.raises(UnreadableDocument, match="1,500 × 1,000 pixels"):
        check_raster(buffer.getvalue(), DecodingBudgets(max_image_pixels=1_000_000))
    assert check_raster(buffer.getvalue()) == (100, 100)


def test_the_pixel_budget_is_pillows_guard_for_later_decoding_too():
    check_raster(_png(10, 10), DecodingBudgets(max_image_pixels=2_000_000))
    assert Image.MAX_IMAGE_PIXELS == 2_000_000
    check_raster(_png(10, 10))
    assert Image.MAX_IMAGE_PIXELS == 60_000_000


def test_every_document_sets_pillows_guard_from_its_own_budgets_not_an_earlier_ones():
    # GIVEN an earlier image checked under a tiny budget (Pillow's guard is process-wide)
    check_raster(_png(10, 10), DecodingBudgets(max_image_pixels=1_000_000))
    # WHEN a PDF is read under the default budgets
    extract_document(generate(3, "flattened").data)
    # THEN the guard is the default budget's, so its pages render at OCR resolution
    assert Image.MAX_IMAGE_PIXELS == 60_000_000


def test_a_damaged_image_is_one_plain_line():
    with pytest.raises(UnreadableDocument, match=r"^the image is damaged or not a supported image$"):
        check_raster(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)


# -- what must pass ---------------------------------------------------------------------------


@pytest.mark.parametrize("rendering", ["fillable", "flattened", "packet", "scanned", "mixed_packet"])
def test_generated_certificates_are_within_the_default_budgets(rendering: str):
    check_pdf(generate(7, rendering).data)


def test_a_pdf_encrypted_with_an_empty_user_password_is_measured_like_any_other():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(generate(1, "flattened").data)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    check_pdf(buffer.getvalue())
    with pytest.raises(UnreadableDocument, match="encrypted"):
        check_pdf(generate(1, "encrypted").data)


def test_a_cut_off_pdf_is_measured_on_pdfiums_repair_or_refused_as_damaged():
    data = generate(2, "flattened").data
    with pytest.raises(UnreadableDocument, match=r"^the PDF is damaged and cannot be opened$"):
        check_pdf(data[: len(data) // 2])


def test_extraction_applies_the_budgets_it_is_given():
    with pytest.raises(UnreadableDocument, match="limit is 1"):
        extract_document(generate(5, "packet").data, budgets=DecodingBudgets(max_pages=1))


# -- settings ---------------------------------------------------------------------------------


def test_budgets_come_from_the_intake_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TABLE_NAME", "t")
    monkeypatch.setenv("EVENT_BUS_NAME", "b")
    monkeypatch.setenv("DECODING__MAX_IMAGE_PIXELS", "20000000")
    settings = IntakeSettings()
    assert settings.decoding.max_image_pixels == 20_000_000
    assert settings.decoding.max_pages == 30


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAX_PAGES", "0"), ("MAX_PAGES", "500"), ("MAX_IMAGE_PIXELS", "-1"), ("MAX_STREAM_BYTES", "lots")],
)
def test_budgets_out_of_range_stop_the_function_at_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
):
    monkeypatch.setenv("TABLE_NAME", "t")
    monkeypatch.setenv("EVENT_BUS_NAME", "b")
    monkeypatch.setenv(f"DECODING__{name}", value)
    with pytest.raises(ValidationError):
        IntakeSettings()


def test_budgets_refuse_unknown_names():
    with pytest.raises(ValidationError):
        DecodingBudgets.model_validate({"max_pixels": 5})
