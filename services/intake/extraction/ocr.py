"""The offline OCR engine: pypdfium2 renders, imaging.py prepares, Tesseract reads.

Measured on this 2-core machine: Tesseract's own OpenMP threading is 2-10x slower than one
single-threaded process per page, so `OMP_THREAD_LIMIT=1` and at most two pages at a time.
Single-block segmentation (`--psm 6`) reads the certificate's table rows best.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

from services.intake.extraction import imaging
from services.intake.extraction.errors import UnreadableDocument
from services.intake.extraction.imaging import Gray
from services.intake.extraction.ir import Box, DocumentIR, Page, SourceKind, Word

RENDER_DPI = 300
_IMAGE_FORMATS = ("PNG", "JPEG", "TIFF")

# pdfium is not thread-safe: one render at a time across every engine in the process.
_PDFIUM_LOCK = threading.Lock()


class OcrInputError(UnreadableDocument):
    """The document cannot be OCR'd: damaged, encrypted, empty, too large or not an image/PDF."""


class OcrTimeoutError(OcrInputError):
    """Tesseract did not finish a page within the time allowed."""


@dataclass(frozen=True)
class OcrSettings:
    page_timeout_seconds: float = 30.0
    max_pages: int = 30
    max_pixels: int = 40_000_000  # per image or rendered page, about 6,300 x 6,300
    workers: int = 2
    psm: int = 6
    strip_rules: bool = True
    language: str = "eng"


@dataclass(frozen=True)
class _PageImage:
    number: int
    image: Gray
    width: float  # the page's own size: points for PDFs, pixels for images (after rotation)
    height: float
    rotation: int
    photo: bool


class TesseractEngine:
    """`OcrEngine` over Tesseract: scanned PDFs ("scanned") and photos or image scans ("image")."""

    name = "ocr"

    def __init__(self, settings: OcrSettings | None = None) -> None:
        self.settings = settings or OcrSettings()
        # pytesseract starts tesseract with this process's environment; one OpenMP thread per
        # process is the fast setting here. setdefault lets an operator still override it.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    # -- OcrEngine ---------------------------------------------------------------------------

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise OcrInputError(f"cannot open PDF: {exc}") from None
        try:
            page_count = len(document)
            if page_count == 0:
                raise OcrInputError("PDF has no pages")
            loaders = [
                self._pdf_page_loader(document, index)
                for index in range(min(page_count, self.settings.max_pages))
            ]
            pages = self._read_pages(loaders)
        finally:
            with _PDFIUM_LOCK:
                document.close()
        notes = {}
        if page_count > self.settings.max_pages:
            notes["pages_truncated"] = f"read {self.settings.max_pages} of {page_count} pages"
        return self._document(sha256, "scanned", pages, notes)

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        page_image = self._load_image(data)
        pages = self._read_pages([lambda: page_image])
        return self._document(sha256, "image", pages, {})

    # -- loading -----------------------------------------------------------------------------

    def _pdf_page_loader(self, document: pdfium.PdfDocument, index: int) -> Callable[[], _PageImage]:
        def load() -> _PageImage:
            with _PDFIUM_LOCK:
                page = document[index]
                try:
                    # get_size() and render() both apply the page's /Rotate.
                    width, height = page.get_size()
                    rotation = page.get_rotation()
                    if width <= 0 or height <= 0:
                        raise OcrInputError(f"page {index + 1} has no area")
                    scale = RENDER_DPI / 72
                    pixels = width * height * scale * scale
                    if pixels > self.settings.max_pixels:
                        # A poster-sized page: read it at a lower resolution rather than exhaust memory.
                        scale *= (self.settings.max_pixels / pixels) ** 0.5
                    bitmap = page.render(scale=scale, grayscale=True)
                    array = np.array(bitmap.to_pil().convert("L"), dtype=np.uint8)
                finally:
                    page.close()
            return _PageImage(index + 1, array, width, height, rotation, photo=False)

        return load

    def _load_image(self, data: bytes) -> _PageImage:
        try:
            with Image.open(io.BytesIO(data), formats=_IMAGE_FORMATS) as image:
                # The header alone gives the size: refuse decompression bombs before decoding.
                width, height = image.size
                if width * height > self.settings.max_pixels:
                    limit = self.settings.max_pixels
                    raise OcrInputError(
                        f"image is too large: {width}x{height} pixels, more than the {limit} allowed"
                    )
                image.seek(0)  # a multi-page TIFF: the first page
                upright = ImageOps.exif_transpose(image)
                array = np.array(upright.convert("L"), dtype=np.uint8)
        except Image.DecompressionBombError:
            raise OcrInputError("image is too large: it declares more pixels than allowed") from None
        except UnidentifiedImageError as exc:
            raise OcrInputError(f"not a readable PNG, JPEG or TIFF image: {exc}") from None
        except (OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, OcrInputError):
                raise
            raise OcrInputError(f"damaged image: {exc}") from None
        if array.size == 0:
            raise OcrInputError("image is empty")
        height_px, width_px = array.shape
        return _PageImage(1, array, float(width_px), float(height_px), 0, photo=True)

    # -- reading -----------------------------------------------------------------------------

    def _read_pages(self, loaders: list[Callable[[], _PageImage]]) -> list[Page]:
        if len(loaders) == 1:
            return [self._read_page(loaders[0])]
        with ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            return list(pool.map(self._read_page, loaders))

    def _read_page(self, load: Callable[[], _PageImage]) -> Page:
        source = load()
        prepared = imaging.prepare_page(
            source.image, photo=source.photo, strip_rules=self.settings.strip_rules
        )
        # A blank page (a scanner's empty back side) has nothing to read: skip Tesseract.
        words = [] if imaging.is_blank(prepared.image) else self._read_prepared(prepared.image, source.number)
        return Page(
            number=source.number,
            width=source.width,
            height=source.height,
            rotation=source.rotation,
            words=words,
        )

    def _read_prepared(self, image: Gray, page_number: int) -> list[Word]:
        """Check boxes are taken out of the image and come back as `X` words where ticked."""
        boxes = imaging.find_checkboxes(image)
        words = self.recognise(imaging.erase_checkboxes(image, boxes), page_number)
        height, width = image.shape
        for box in boxes:
            if box.ticked:
                words.append(
                    Word(
                        text="X",
                        page=page_number,
                        box=Box(
                            left=box.left / width,
                            top=box.top / height,
                            width=box.width / width,
                            height=box.height / height,
                        ),
                        # A clear tick fills 30-45% of the box; a speck barely passes 8%.
                        confidence=min(1.0, 0.6 + box.fill),
                        source=self.name,
                    )
                )
        return words

    def recognise(self, image: Gray, page_number: int = 1) -> list[Word]:
        """Tesseract over one prepared page image: cleaned words with boxes in page fractions."""
        config = f"--psm {self.settings.psm} --oem 1 -c preserve_interword_spaces=1"
        try:
            data = pytesseract.image_to_data(
                Image.fromarray(image),
                lang=self.settings.language,
                config=config,
                output_type=pytesseract.Output.DICT,
                timeout=self.settings.page_timeout_seconds,
            )
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise OcrTimeoutError(
                    f"OCR of page {page_number} took longer than {self.settings.page_timeout_seconds:g} s"
                ) from None
            raise
        height, width = image.shape
        words: list[Word] = []
        for text, conf, left, top, box_w, box_h in zip(
            data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"], strict=True
        ):
            confidence = float(conf)
            if confidence < 0 or not text.strip():
                continue
            cleaned = clean_word(text, left, box_w)
            if cleaned is None:
                continue
            word_text, word_left, word_width = cleaned
            words.append(
                Word(
                    text=word_text,
                    page=page_number,
                    box=Box(
                        left=word_left / width,
                        top=top / height,
                        width=word_width / width,
                        height=box_h / height,
                    ),
                    confidence=min(1.0, max(0.0, confidence / 100)),
                    source=self.name,
                )
            )
        return words

    def _document(
        self, sha256: str, kind: SourceKind, pages: list[Page], notes: dict[str, str]
    ) -> DocumentIR:
        return DocumentIR(sha256=sha256, source_kind=kind, engine=self.name, pages=pages, notes=notes)


# Table rules read as these characters when Tesseract glues them to a word (`|04/01/2026`).
_RULE_CHARS = "|[]{}_\u2014\u2018\u2019\u201c\u201d!'`"
_RULE_ONLY = re.compile(r"^[|\[\]{}_\u2014\-=~.,:;'`!\u2018\u2019\u201c\u201d]+$")


def clean_word(text: str, left: int, width: int) -> tuple[str, int, int] | None:
    """Strip table-rule fragments off a Tesseract word; None when nothing but rule is left.

    The box shrinks in proportion to the characters removed, which is close enough for the
    mapper's layout logic (it works on column and row positions, not on exact glyph edges).
    """
    text = text.strip()
    if _RULE_ONLY.match(text) and not _keep_punctuation(text):
        return None
    stripped_left = text.lstrip(_RULE_CHARS)
    stripped = stripped_left.rstrip(_RULE_CHARS)
    # A closing quote or bracket that belongs to the word stays, so only strip when a rule is likely.
    if stripped and stripped != text and _looks_like_value(stripped):
        per_char = width / max(1, len(text))
        removed_left = len(text) - len(stripped_left)
        removed_right = len(stripped_left) - len(stripped)
        return (
            stripped,
            left + round(per_char * removed_left),
            max(1, round(width - per_char * (removed_left + removed_right))),
        )
    if not stripped:
        return None
    return text, left, width


def _keep_punctuation(text: str) -> bool:
    # A lone dash is a common "none" marker in limit cells; keep it, drop everything else rule-like.
    return text in {"-", "--"}


def _looks_like_value(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9$]", text))
