"""Amazon Textract as an `OcrEngine`: scans and photos read in AWS.

Only documents without a usable text layer come here. Fillable certificates (the official
ACORD 25 is a hybrid AcroForm/XFA form, which Textract rejects) and digital PDFs are read by
the `pdf-form` and `pdf-text` engines; the router (`api.py`) never sends them to Textract.

One-page documents go through synchronous AnalyzeDocument (bytes, at most 10 MB). Multi-page
PDFs need the asynchronous API with the file in S3 and an SNS completion topic: see
`textract_jobs.py`; `read_pdf` raises `TextractAsyncRequired` for them unless the engine is
allowed to send a few pages one by one (`max_sync_pages`).

Responses are parsed with amazon-textract-response-parser (`trp`) into the same IR as every
other engine: LINE/WORD blocks become words (Textract's geometry is already in page fractions,
top-left origin), KEY_VALUE_SET pairs become `FormField(origin="textract:kv")` (the mapper fills
header values the words left empty from them), and SELECTION_ELEMENT blocks become checkbox fields.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import trp
from PIL import Image, ImageOps, UnidentifiedImageError

from services.intake.extraction.errors import UnreadableDocument
from services.intake.extraction.ir import Box, DocumentIR, FormField, Page, SourceKind, Word
from services.intake.extraction.pdfium_guard import PDFIUM_LOCK

ENGINE_NAME = "textract"
SYNC_MAX_BYTES = 10 * 1024 * 1024
SELECTED = "SELECTED"
NOT_SELECTED = "NOT_SELECTED"


class TextractError(UnreadableDocument):
    """Textract could not read the document (unsupported, too large, or the job failed)."""


class TextractAsyncRequired(Exception):
    """A multi-page PDF: start an asynchronous job (textract_jobs.start_job) instead."""

    def __init__(self, page_count: int) -> None:
        super().__init__(f"PDF has {page_count} pages; Textract reads multi-page PDFs only asynchronously")
        self.page_count = page_count


@dataclass(frozen=True)
class TextractSettings:
    feature_types: tuple[str, ...] = ("FORMS", "TABLES")
    # Pages a multi-page PDF may have and still be read synchronously page by page (1 = never split).
    max_sync_pages: int = 1
    max_image_pixels: int = 40_000_000


@dataclass
class TextractEngine:
    """`OcrEngine` over a boto3 Textract client (built by the composition root)."""

    client: Any
    settings: TextractSettings = field(default_factory=TextractSettings)
    name: str = ENGINE_NAME

    def read_pdf(self, data: bytes, sha256: str) -> DocumentIR:
        sizes = pdf_page_sizes(data)
        if len(sizes) > self.settings.max_sync_pages:
            raise TextractAsyncRequired(len(sizes))
        pages_data = [data] if len(sizes) == 1 else split_pdf_pages(data)
        responses = [self._analyze(page_bytes) for page_bytes in pages_data]
        return responses_to_ir(responses, sha256=sha256, source_kind="scanned", page_sizes=sizes)

    def read_image(self, data: bytes, sha256: str) -> DocumentIR:
        width, height, payload = _image_for_textract(data, self.settings.max_image_pixels)
        response = self._analyze(payload)
        return responses_to_ir([response], sha256=sha256, source_kind="image", page_sizes=[(width, height)])

    def _analyze(self, document_bytes: bytes) -> dict[str, Any]:
        if len(document_bytes) > SYNC_MAX_BYTES:
            raise TextractError(f"document is {len(document_bytes)} bytes; synchronous Textract takes 10 MB")
        try:
            response: dict[str, Any] = self.client.analyze_document(
                Document={"Bytes": document_bytes}, FeatureTypes=list(self.settings.feature_types)
            )
        except self.client.exceptions.UnsupportedDocumentException:
            raise TextractError("Textract does not support this document") from None
        except self.client.exceptions.BadDocumentException:
            raise TextractError("Textract cannot read this document (damaged or unsupported)") from None
        except self.client.exceptions.DocumentTooLargeException:
            raise TextractError("document too large for Textract") from None
        return response


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in points with /Rotate applied."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise TextractError(f"cannot open PDF: {exc}") from None
        try:
            sizes = [document.get_page_size(index) for index in range(len(document))]
        finally:
            document.close()
    if not sizes:
        raise TextractError("PDF has no pages")
    return sizes


def split_pdf_pages(data: bytes) -> list[bytes]:
    """One single-page PDF per page, for synchronous AnalyzeDocument."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    pages: list[bytes] = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        pages.append(buffer.getvalue())
    return pages


def _image_for_textract(data: bytes, max_pixels: int) -> tuple[float, float, bytes]:
    """The upright size of a photo and bytes Textract accepts (re-encoded when over 10 MB)."""
    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "TIFF")) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise TextractError(f"image is {width}x{height} pixels, more than the {max_pixels} allowed")
            upright = ImageOps.exif_transpose(image)
            width, height = upright.size
            if len(data) <= SYNC_MAX_BYTES and image.format in ("PNG", "JPEG"):
                return float(width), float(height), data
            buffer = io.BytesIO()
            upright.convert("RGB").save(buffer, format="JPEG", quality=90)
            return float(width), float(height), buffer.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise TextractError(f"not a readable PNG, JPEG or TIFF image: {exc}") from None


# -- parsing ----------------------------------------------------------------------------------


def responses_to_ir(
    responses: Sequence[dict[str, Any]],
    *,
    sha256: str,
    source_kind: SourceKind,
    page_sizes: Sequence[tuple[float, float]] | None = None,
) -> DocumentIR:
    """AnalyzeDocument or GetDocumentAnalysis responses (one per page or per NextToken) as the IR.

    Synchronous responses carry no `Page` number on their blocks: the n-th response is page n.
    Asynchronous ones do, and their blocks are regrouped by page before `trp` reads them, since
    `trp` assumes each page's blocks follow its PAGE block.
    """
    blocks = _blocks_in_page_order(responses)
    document = trp.Document([{"Blocks": blocks}])
    selection_in_kv = _selection_ids_in_key_values(blocks)
    pages: list[Page] = []
    fields: list[FormField] = []
    notes: dict[str, str] = {}
    for index, trp_page in enumerate(document.pages):
        number = index + 1
        width, height = (1.0, 1.0)
        if page_sizes and index < len(page_sizes):
            width, height = page_sizes[index]
        else:
            notes["page_size"] = "unknown: Textract gives page fractions only"
        words = [
            _word(trp_word.text, trp_word.geometry.boundingBox, trp_word.confidence, number)
            for line in trp_page.lines
            for trp_word in line.words
            if trp_word.text.strip()
        ]
        for block in trp_page.blocks:
            if block["BlockType"] != "SELECTION_ELEMENT":
                continue
            if block["Id"] not in selection_in_kv:
                fields.append(_selection_field(block, number, name=""))
            if block.get("SelectionStatus") == SELECTED:
                # Textract reports a ticked box as a selection element, not as text; the mapper reads
                # check marks as an "X" word in the box, the way printed certificates show them.
                words.append(_word("X", _bbox(block), block["Confidence"], number))
        fields.extend(_key_value_fields(trp_page, number))
        pages.append(Page(number=number, width=width, height=height, words=words))
    warnings = [w for response in responses for w in response.get("Warnings", []) or []]
    if warnings:
        notes["textract_warnings"] = "; ".join(str(w.get("ErrorCode", w)) for w in warnings)
    return DocumentIR(
        sha256=sha256, source_kind=source_kind, engine=ENGINE_NAME, pages=pages, fields=fields, notes=notes
    )


def _blocks_in_page_order(responses: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_page: dict[int, list[dict[str, Any]]] = {}
    for response_index, response in enumerate(responses):
        for block in response.get("Blocks", []):
            page = int(block.get("Page", response_index + 1))
            by_page.setdefault(page, []).append(block)
    ordered: list[dict[str, Any]] = []
    for page in sorted(by_page):
        page_blocks = by_page[page]
        # The PAGE block first, the rest in the order Textract gave them.
        ordered.extend(b for b in page_blocks if b["BlockType"] == "PAGE")
        ordered.extend(b for b in page_blocks if b["BlockType"] != "PAGE")
    return ordered


def _selection_ids_in_key_values(blocks: Iterable[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for block in blocks:
        if block["BlockType"] == "KEY_VALUE_SET" and "VALUE" in block.get("EntityTypes", []):
            for relation in block.get("Relationships", []) or []:
                if relation["Type"] == "CHILD":
                    ids.update(relation["Ids"])
    return ids


def _key_value_fields(trp_page: Any, number: int) -> list[FormField]:
    fields: list[FormField] = []
    for trp_field in trp_page.form.fields:
        key = trp_field.key.text.strip() if trp_field.key else ""
        value = trp_field.value
        if not key:
            continue
        if value is None:
            fields.append(
                FormField(
                    name=key,
                    value=None,
                    page=number,
                    origin="textract:kv",
                    confidence=_conf(trp_field.confidence),
                )
            )
            continue
        is_checkbox = any(isinstance(item, trp.SelectionElement) for item in value.content)
        text = value.text.strip() or None
        fields.append(
            FormField(
                name=key,
                value=text,
                page=number,
                box=_box(value.geometry.boundingBox),
                kind="checkbox" if is_checkbox else "text",
                origin="textract:kv",
                # A pair is only as sure as its weaker half.
                confidence=_conf(min(trp_field.confidence, value.confidence)),
            )
        )
    return fields


def _selection_field(block: dict[str, Any], number: int, name: str) -> FormField:
    return FormField(
        name=name,
        value=block.get("SelectionStatus"),
        page=number,
        box=_bbox(block),
        kind="checkbox",
        origin="textract:selection",
        confidence=_conf(block["Confidence"]),
    )


def _word(text: str, bounding_box: Any, confidence: float, number: int) -> Word:
    box = bounding_box if isinstance(bounding_box, Box) else _box(bounding_box)
    return Word(text=text, page=number, box=box, confidence=_conf(confidence), source=ENGINE_NAME)


def _box(bounding_box: Any) -> Box:
    return Box(
        left=bounding_box.left, top=bounding_box.top, width=bounding_box.width, height=bounding_box.height
    )


def _bbox(block: dict[str, Any]) -> Box:
    raw = block["Geometry"]["BoundingBox"]
    return Box(left=raw["Left"], top=raw["Top"], width=raw["Width"], height=raw["Height"])


def _conf(value: float) -> float:
    return min(1.0, max(0.0, float(value) / 100))
