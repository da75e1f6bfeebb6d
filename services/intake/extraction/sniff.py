"""What a document is, decided from its bytes (never from the name a sender gave it), and the limits
that keep one hostile upload from taking a worker's memory or time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.intake.extraction.errors import UnreadableDocument

MAX_BYTES = 25 * 1024 * 1024
MAX_PAGES = 30
# A letter page at 300 dpi is ~8.4 Mpx; a phone photo up to ~50 Mpx. Anything past this is a bomb.
MAX_IMAGE_PIXELS = 60_000_000
# About 70 inches: ACORD pages are 8.5 x 11 and even large-format scans stay far below this.
MAX_PAGE_SIDE_POINTS = 5_000.0

FileType = Literal["pdf", "png", "jpeg", "tiff"]


@dataclass(frozen=True)
class Sniffed:
    type: FileType
    data: bytes


def sniff(data: bytes) -> Sniffed:
    if not data or not data.strip():
        raise UnreadableDocument("the document is empty")
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            f"the document is too large ({len(data) // (1024 * 1024)} MB; the limit is 25 MB)"
        )
    head = data[:1024]
    if b"%PDF-" in head:
        return Sniffed("pdf", data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png", data)
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg", data)
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return Sniffed("tiff", data)
    raise UnreadableDocument("unsupported document type (expected a PDF, PNG, JPEG or TIFF)")


def check_image(data: bytes) -> tuple[int, int]:
    """Image size from its header, refusing decompression bombs before any pixel is decoded."""
    from services.intake.extraction.budgets import check_raster

    return check_raster(data)
