"""Read a certificate: route by what the document is, build the intermediate representation, map it.

    extract_document(data, filename=..., content_type=..., ocr=...) -> ExtractionResult

Routing (the same offline and in AWS): a PDF with filled AcroForm fields -> `pdf-form`; a PDF with
a text layer -> `pdf-text` (pages without text in a mixed packet go to OCR page by page, two at a
time); a PDF without text, or a PNG/JPEG/TIFF photo or scan -> the OCR engine passed in (Tesseract
offline, Textract in AWS). Fillable and digital PDFs never go to OCR. Anything damaged, encrypted, empty,
too large or of another type raises `UnreadableDocument` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
from pydantic import BaseModel, ConfigDict

from services.intake.extraction import acord_fields, endorsements, pdf_form, pdf_text
from services.intake.extraction.acord25 import Mapped, map_document
from services.intake.extraction.budgets import (
    DEFAULT_BUDGETS,
    DecodingBudgets,
    check_pdf,
    check_raster,
    guard_pillow,
)
from services.intake.extraction.errors import UnreadableDocument
from services.intake.extraction.integrity import check_integrity
from services.intake.extraction.ir import DocumentIR, Page
from services.intake.extraction.missing_items import coverage_told_by_a_doubted_mark, missing_items
from services.intake.extraction.other_layout import read_other_layout
from services.intake.extraction.ports import OcrEngine
from services.intake.extraction.review_paths import build_review
from services.intake.extraction.sniff import MAX_PAGES, sniff
from services.intake.extraction.textgeom import PageText
from services.intake.extraction.validate import validate
from services.intake.extraction.visibility import PageVisibility
from shared.contracts.certificate import TEXT_LAYER_ENGINES, Certificate

__all__ = ["ExtractionResult", "UnreadableDocument", "extract_document"]

# A page with fewer words than this has no usable text layer (a scan, maybe with a stamp).
_MIN_TEXT_WORDS = 25
# Official ACORD 25 field names needed before names alone are trusted.
_MIN_OFFICIAL_FIELDS = 8
# Pages of a mixed packet read by OCR at the same time: one Tesseract process per core here, and
# Textract's synchronous calls are I/O.
_OCR_PAGES_AT_ONCE = 2
# Filled fields needed to call a PDF fillable (agency forms often carry a stray empty field or two).
_MIN_FILLED_FIELDS = 3


class ExtractionResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    certificate: Certificate
    ir: DocumentIR
    needs_human_review: list[str]
    confidences: dict[str, float]


def extract_document(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    ocr: OcrEngine | None = None,
    budgets: DecodingBudgets = DEFAULT_BUDGETS,
) -> ExtractionResult:
    """`filename` and `content_type` are what the sender claimed; the bytes decide."""
    del filename, content_type  # never trusted: a .pdf may be a JPEG and the reverse
    sniffed = sniff(data)
    sha256 = hashlib.sha256(data).hexdigest()
    visibility: list[PageVisibility] | None = None
    guard_pillow(budgets)
    if sniffed.type == "pdf":
        check_pdf(data, budgets)  # pages, image sizes, unpacked bytes: before pdfium decodes any
        ir, visibility = _read_pdf(data, sha256, ocr)
    else:
        check_raster(data, budgets)
        ir = _ocr(ocr).read_image(data, sha256) if sniffed.type != "tiff" else _read_tiff(data, sha256, ocr)
    if not any(page.words for page in ir.pages) and not any(f.value for f in ir.fields):
        raise UnreadableDocument("the document is blank (no text could be read)")
    result = _map(ir)
    result.certificate.integrity = check_integrity(data, result.certificate, ir, visibility)
    return result


def _map(ir: DocumentIR) -> ExtractionResult:
    mapped = map_document(ir)
    if (
        mapped.certificate.document.kind != "acord25"
        and ir.source_kind == "fillable"
        and acord_fields.official_names_present(ir.fields) >= _MIN_OFFICIAL_FIELDS
    ):
        # A fillable form whose printed labels are not text (an image background): trust the field names.
        certificate, confidences = acord_fields.certificate_from_fields(
            ir.fields, mapped.certificate.document
        )
        mapped = Mapped(certificate, confidences, acord_page=1)
    certificate = mapped.certificate
    if mapped.edition:
        ir.notes["acord_edition"] = mapped.edition
    pages = [mapped.pages.get(p.number) or PageText(p.number, p.words) for p in ir.pages]
    skip = {mapped.acord_page} if mapped.acord_page is not None else set()
    attached = endorsements.attached_forms(pages, skip)
    certificate.endorsements = endorsements.merge(attached, certificate.description_of_operations)
    if certificate.document.kind != "acord25":
        return _other_layout(ir, certificate)
    confidences, _ = validate(certificate, mapped.confidences)
    scanned = certificate.document.engine not in TEXT_LAYER_ENGINES
    missing = missing_items(
        certificate, ir.pages, mapped.acord_page, scanned=scanned, read_confidences=mapped.confidences
    ) + coverage_told_by_a_doubted_mark(certificate, confidences)
    certificate.review, review = build_review(certificate, confidences, extra=missing)
    return ExtractionResult(
        certificate=certificate, ir=ir, needs_human_review=review, confidences=confidences
    )


def _other_layout(ir: DocumentIR, unknown: Certificate) -> ExtractionResult:
    """Not the ACORD grid: a certificate in another layout (always reviewed by a person), or unknown."""
    read = read_other_layout(ir, unknown.document)
    if read is None:
        return ExtractionResult(certificate=unknown, ir=ir, needs_human_review=[], confidences={})
    certificate = read.certificate
    pages = [PageText(p.number, p.words) for p in ir.pages if p.number != read.page]
    certificate.endorsements = endorsements.merge(
        endorsements.attached_forms(pages, set()), certificate.description_of_operations
    )
    confidences, _ = validate(certificate, read.confidences)
    extra = ["document.kind", *missing_items(certificate)]
    certificate.review, review = build_review(certificate, confidences, extra=extra)
    certificate.review.confidence["document.kind"] = 0.5
    return ExtractionResult(
        certificate=certificate, ir=ir, needs_human_review=review, confidences=confidences
    )


def _ocr(engine: OcrEngine | None) -> OcrEngine:
    if engine is not None:
        return engine
    try:
        module = importlib.import_module("services.intake.extraction.ocr")
    except ImportError:
        raise UnreadableDocument(
            "the document is a scan or photo and needs OCR, which is not available"
        ) from None
    default: OcrEngine = module.TesseractEngine()
    return default


def _run_ocr(call: Callable[[bytes, str], DocumentIR], data: bytes, sha256: str) -> DocumentIR:
    try:
        return call(data, sha256)
    except UnreadableDocument:
        raise
    except (ValueError, OSError, pdfium.PdfiumError) as error:
        message = str(error).splitlines()[0] if str(error) else "the scan could not be read"
        raise UnreadableDocument(message) from None


def _read_tiff(data: bytes, sha256: str, ocr: OcrEngine | None) -> DocumentIR:
    """TIFF scans: each frame to PNG, then the image path (Tesseract and Textract both take PNG)."""
    from PIL import Image, ImageSequence

    engine = _ocr(ocr)
    pages: list[Page] = []
    with Image.open(io.BytesIO(data)) as image:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > MAX_PAGES:
                break
            buffer = io.BytesIO()
            frame.convert("L").save(buffer, "PNG")
            read = _run_ocr(engine.read_image, buffer.getvalue(), sha256)
            pages.extend(_renumber(read.pages, number))
    return DocumentIR(sha256=sha256, source_kind="scanned", engine=engine.name, pages=pages)


def _renumber(pages: list[Page], first: int) -> list[Page]:
    out = []
    for offset, page in enumerate(pages):
        number = first + offset
        words = [w.model_copy(update={"page": number}) for w in page.words]
        out.append(page.model_copy(update={"number": number, "words": words}))
    return out


def _read_pdf(data: bytes, sha256: str, ocr: OcrEngine | None) -> tuple[DocumentIR, list[PageVisibility]]:
    """The document's IR, and each page's visible and hidden text layer words (for the integrity
    check, which would otherwise open the file again and repeat the visibility pass)."""
    document = pdf_text.open_pdf(data)
    widgets: list[pdf_form.Widget] = []
    boxes: list[tuple[float, float, float, float, int]] = []
    try:
        try:
            if b"/AcroForm" in data:
                _init_forms(document)
            pages, visibility = pdf_text.read_pages_split(document)
            if b"/AcroForm" in data:
                widgets, boxes = pdf_form.read_widgets_pdfium(document)
        except pdfium.PdfiumError:
            raise UnreadableDocument("the PDF is damaged and its pages cannot be read") from None
    finally:
        document.close()

    return _ir_of_pdf(data, sha256, ocr, pages=pages, widgets=widgets, boxes=boxes), visibility


def _ir_of_pdf(  # noqa: PLR0913  the PDF's bytes and its three layers, read once by the caller
    data: bytes,
    sha256: str,
    ocr: OcrEngine | None,
    *,
    pages: list[Page],
    widgets: list[pdf_form.Widget],
    boxes: list[tuple[float, float, float, float, int]],
) -> DocumentIR:
    filled = [w for w in widgets if w.value]
    if len(filled) >= _MIN_FILLED_FIELDS and len(boxes) == len(pages):
        merged = pdf_form.merge_values_into_pages(pages, filled, boxes)
        return DocumentIR(
            sha256=sha256,
            source_kind="fillable",
            engine=pdf_form.ENGINE,
            pages=merged,
            fields=pdf_form.form_fields(widgets, boxes),
        )

    textless = [p.number for p in pages if len(p.words) < _MIN_TEXT_WORDS]
    if not textless:
        return DocumentIR(sha256=sha256, source_kind="text", engine=pdf_text.ENGINE, pages=pages)
    if len(textless) == len(pages):
        engine = _ocr(ocr)
        read = _run_ocr(engine.read_pdf, data, sha256)
        return read.model_copy(update={"sha256": sha256})
    # A mixed packet: digital certificate, scanned endorsements. OCR only the pages without text,
    # each as a one-page document (Textract reads those synchronously), two at a time.
    engine = _ocr(ocr)
    by_number = {p.number: p for p in pages}
    singles = [_single_page_pdf(data, number) for number in textless]  # pdfium: one thread
    with ThreadPoolExecutor(max_workers=_OCR_PAGES_AT_ONCE) as pool:
        reads = list(pool.map(lambda single: _run_ocr(engine.read_pdf, single, sha256), singles))
    for number, read in zip(textless, reads, strict=True):
        if read.pages:
            by_number[number] = _renumber(read.pages[:1], number)[0]
    return DocumentIR(
        sha256=sha256,
        source_kind="text",
        engine=pdf_text.ENGINE,
        pages=[by_number[n] for n in sorted(by_number)],
        notes={"ocr_pages": ",".join(map(str, textless)), "ocr_engine": engine.name},
    )


def _init_forms(document: pdfium.PdfDocument) -> None:
    """Form environment before any page is loaded, so widgets carry their values. Hybrid XFA forms are
    read through their AcroForm: pdfium's note that it cannot run XFA is expected, not worth a log line."""
    quiet = logging.getLogger("pypdfium2._helpers.document")
    previous = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        document.init_forms()
    finally:
        quiet.setLevel(previous)


def _single_page_pdf(data: bytes, number: int) -> bytes:
    source = pdfium.PdfDocument(data)
    target = pdfium.PdfDocument.new()
    try:
        target.import_pages(source, [number - 1])
        buffer = io.BytesIO()
        target.save(buffer)
        return buffer.getvalue()
    finally:
        target.close()
        source.close()
