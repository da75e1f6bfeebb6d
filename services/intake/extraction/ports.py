"""Ports of the extraction engine: what the router needs from the OCR back ends."""

from __future__ import annotations

from typing import Protocol

from services.intake.extraction.ir import DocumentIR


class OcrEngine(Protocol):
    """Reads documents that carry no usable text layer: scanned PDFs and photos.

    Tesseract implements it offline, Textract in AWS. Both return words with boxes in page
    fractions (top-left origin) and confidences in 0..1; `engine` is "ocr" or "textract".
    """

    name: str

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        """Every page of a PDF rendered at 300 dpi (rotation honoured) and read."""
        ...

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        """A PNG or JPEG photo or scan of one page."""
        ...
