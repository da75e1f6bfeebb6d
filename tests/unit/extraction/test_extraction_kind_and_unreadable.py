"""Not-a-certificate documents are `unknown`; broken files raise UnreadableDocument, one line, fast."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from services.intake.extraction.api import UnreadableDocument, extract_document
from services.intake.extraction.ir import DocumentIR
from tests.fixtures.certgen import BROKEN_RENDERINGS, NEGATIVE_RENDERINGS, generate


class RecordingOcr:
    """An OCR engine fake: records what it was asked to read and returns no words."""

    name = "ocr"

    def __init__(self) -> None:
        self.pdfs: list[bytes] = []
        self.images: list[bytes] = []

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        self.pdfs.append(data)
        return DocumentIR(sha256=sha256, source_kind="scanned", engine=self.name)

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        self.images.append(data)
        return DocumentIR(sha256=sha256, source_kind="image", engine=self.name)


@pytest.mark.parametrize("rendering", NEGATIVE_RENDERINGS)
@pytest.mark.parametrize("seed", [1, 2])
def test_documents_that_are_not_certificates_are_kind_unknown(rendering: str, seed: int) -> None:
    # GIVEN a W-9, an invoice, or a letter that even quotes certificate vocabulary
    document = generate(seed, rendering)

    # WHEN it is read
    result = extract_document(document.data, filename=document.filename)

    # THEN it is not taken for a certificate and nothing is extracted from it
    assert result.certificate.document.kind == "unknown"
    assert result.certificate.policies == []
    assert result.needs_human_review == []


@pytest.mark.parametrize("rendering", BROKEN_RENDERINGS)
def test_broken_files_raise_unreadable_with_a_one_line_reason(rendering: str) -> None:
    # GIVEN a truncated, encrypted, empty, random, bomb, huge-page or 1000-page file
    document = generate(4, rendering)
    ocr = RecordingOcr()

    # WHEN it is read
    with pytest.raises(UnreadableDocument) as raised:
        extract_document(document.data, filename=document.filename, ocr=ocr)

    # THEN the reason is one plain line and no OCR was wasted on it
    message = str(raised.value)
    assert message
    assert "\n" not in message
    assert ocr.pdfs == []
    assert ocr.images == []


@pytest.mark.parametrize(
    ("rendering", "reason"),
    [
        ("encrypted", "encrypted"),
        ("empty", "empty"),
        ("random_bytes", "unsupported"),
        ("image_bomb", "too large"),
        ("thousand_pages", "limit"),
    ],
)
def test_unreadable_reason_names_the_problem(rendering: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument, match=reason):
        extract_document(generate(0, rendering).data)


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (425, 550), 255).save(buffer, kind, resolution=50.0)
    return buffer.getvalue()


def test_a_pdf_without_text_goes_to_the_ocr_engine_and_blank_output_is_unreadable() -> None:
    # GIVEN an image-only PDF (a scan) and an OCR engine that reads nothing
    scan = _image("PDF")
    ocr = RecordingOcr()

    # WHEN it is read
    with pytest.raises(UnreadableDocument, match="blank"):
        extract_document(scan, ocr=ocr)

    # THEN the whole PDF went to OCR
    assert ocr.pdfs == [scan]


@pytest.mark.slow  # rasterizes the endorsement pages to build the packet
def test_a_mixed_packet_sends_only_its_scanned_pages_to_ocr() -> None:
    # GIVEN a digital certificate page followed by scanned endorsement pages
    document = generate(6, "mixed_packet")
    assert document.truth is not None
    ocr = RecordingOcr()

    # WHEN it is read
    result = extract_document(document.data, ocr=ocr)

    # THEN the certificate page is read as text and each scanned page went to OCR alone
    assert result.certificate.document.engine == "pdf-text"
    assert result.certificate.document.kind == "acord25"
    assert len(ocr.pdfs) == document.truth.document.pages - 1
    assert result.certificate.policies == document.truth.policies


def test_a_photo_goes_to_the_ocr_image_reader() -> None:
    # GIVEN a JPEG photo, named as if it were a PDF
    photo = _image("JPEG")
    ocr = RecordingOcr()

    # WHEN it is read
    with pytest.raises(UnreadableDocument):
        extract_document(photo, filename="certificate.pdf", content_type="application/pdf", ocr=ocr)

    # THEN the bytes decided: the image reader got it
    assert ocr.images == [photo]
    assert ocr.pdfs == []
