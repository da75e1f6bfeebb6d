"""The offline OCR engine: pypdfium2 renders, imaging.py prepares, Tesseract reads.

Per page: render at 300 dpi with /Rotate applied (or load a photo upright from its EXIF),
crop and rectify a photographed sheet, flatten the lighting, straighten, remove table rules,
take the check boxes out (ticked ones come back as `X` words), run Tesseract once over the
page (`--psm 6`, single block: it reads the certificate's table rows best), read uncertain
tiny print and numbers again enlarged in one extra call, fit boxes that span several lines to
their ink, and clean the words (rule fragments, doubled glyphs, specks, a lone 1 read as a bar).

Measured on this 2-core machine: Tesseract's own OpenMP threading is 2-10x slower than one
single-threaded process per page, so `OMP_THREAD_LIMIT=1` and at most two pages at a time.
Bounded: pages per document, pixels per page or image (decompression bombs are refused from
the header), seconds per Tesseract call. Input errors are `UnreadableDocument`s.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

from services.intake.extraction import imaging
from services.intake.extraction.errors import UnreadableDocument
from services.intake.extraction.imaging import Gray
from services.intake.extraction.ir import Box, DocumentIR, Page, SourceKind, Word
from services.intake.extraction.pdfium_guard import PDFIUM_LOCK as _PDFIUM_LOCK

RENDER_DPI = 300
_IMAGE_FORMATS = ("PNG", "JPEG", "TIFF")


class OcrInputError(UnreadableDocument):
    """The document cannot be OCR'd: damaged, encrypted, empty, too large or not an image/PDF."""


class OcrTimeoutError(OcrInputError):
    """Tesseract did not finish a page within the time allowed."""


@dataclass(frozen=True)
class OcrSettings:
    page_timeout_seconds: float = 60.0  # generous: a shared 2-core machine under load runs 3-5x slower
    max_pages: int = 30
    max_pixels: int = 40_000_000  # per image or rendered page, about 6,300 x 6,300
    workers: int = 2
    psm: int = 6
    strip_rules: bool = True
    language: str = "eng"
    # Words Tesseract is less sure of than this (0-100) are read again, enlarged; 0 turns it off.
    reread_below: float = 60.0


@dataclass(frozen=True)
class _Raw:
    """One Tesseract word in pixels of the image it was read from."""

    text: str
    confidence: float  # 0..100
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line numbers


def _line_height_punctuation(raws: list[_Raw]) -> list[_Raw]:
    """Give flat marks (`-`, `.`, `,`) the height of the printed line they sit on.

    Tesseract boxes a dash by its ink, one or two pixels tall, centred below the line's middle;
    layout code that groups words into lines by their vertical centre then starts a new line
    at the dash and tears the sentence apart.
    """
    by_line: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        by_line.setdefault(raw.line, []).append(raw)
    out: list[_Raw] = []
    for line_words in by_line.values():
        heights = sorted(r.height for r in line_words)
        typical = heights[len(heights) // 2]
        tops = sorted(r.top for r in line_words if r.height >= 0.6 * typical)
        top = tops[len(tops) // 2] if tops else line_words[0].top
        for raw in line_words:
            if raw.height < 0.6 * typical and not any(ch.isalnum() for ch in raw.text):
                out.append(_Raw(raw.text, raw.confidence, raw.left, top, raw.width, typical, raw.line))
            else:
                out.append(raw)
    return out


def _lone_strokes_as_ones(raws: list[_Raw]) -> list[_Raw]:
    """A lone `|` as tall as the print beside it is the digit 1 (`REVISION NUMBER: 1`, `| 00,000`).

    Tesseract reads an isolated serif or sans 1 as a bar; table rules, which it also reads as
    bars, were already taken out of the image, and what is left of one is taller or shorter
    than the letters around it. The print beside it is the nearest word on its line, else the
    line's typical word.
    """
    by_line: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        if any(ch.isalnum() for ch in raw.text):
            by_line.setdefault(raw.line, []).append(raw)
    out: list[_Raw] = []
    for raw in raws:
        neighbours = by_line.get(raw.line, [])
        if raw.text != "|" or not neighbours or raw.width > 0.5 * raw.height:
            out.append(raw)
            continue
        heights = sorted(r.height for r in neighbours)
        nearest = min(neighbours, key=lambda r: _gap(raw, r))
        beside = nearest.height if _gap(raw, nearest) <= raw.height else heights[len(heights) // 2]
        if 0.75 * beside <= raw.height <= 1.35 * beside:
            out.append(_Raw("1", raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line))
        else:
            out.append(raw)
    return out


def _gap(a: _Raw, b: _Raw) -> int:
    """Horizontal distance between two boxes (0 when they overlap)."""
    return max(0, b.left - (a.left + a.width), a.left - (b.left + b.width))


def _drop_flat_words(raws: list[_Raw]) -> list[_Raw]:
    """Letters or digits in a box a few pixels tall are a rule's remnant Tesseract read as text
    (`9006-` glued onto a policy number): no legible print is under a third of the line height.
    Punctuation (a dash, a full stop) is flat by nature and stays."""
    heights = sorted(r.height for r in raws if sum(ch.isalnum() for ch in r.text) >= 2)
    if not heights:
        return raws
    floor = 0.3 * heights[len(heights) // 2]
    return [r for r in raws if r.height >= floor or sum(ch.isalnum() for ch in r.text) < 2]


def _fit_tall_boxes_to_ink(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """Shrink a word box several lines tall to the band of ink that is the word.

    On photos Tesseract sometimes boxes a word from the line above to the line below; layout
    code would then put it on the wrong line. Rows of the box are inked or blank; the band of
    consecutive inked rows holding the most ink is the word itself.
    """
    heights = sorted(r.height for r in raws if sum(ch.isalnum() for ch in r.text) >= 2)
    if not heights:
        return raws
    typical = heights[len(heights) // 2]
    out: list[_Raw] = []
    for raw in raws:
        if raw.height <= 2.2 * typical:
            out.append(raw)
            continue
        box = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
        ink = np.count_nonzero(box < 128, axis=1)
        inked = ink >= max(2, raw.width // 50)
        bands: list[list[int]] = []
        for row, on in enumerate(inked):
            if not on:
                continue
            if bands and row - bands[-1][1] <= 3:  # a blank row or two inside a glyph
                bands[-1][1] = row + 1
            else:
                bands.append([row, row + 1])
        if len(bands) < 2:
            out.append(raw)
            continue
        start, end = max(bands, key=lambda band: int(ink[band[0] : band[1]].sum()))
        if end - start < 0.4 * typical:
            out.append(raw)
            continue
        top, height = raw.top + start, end - start
        out.append(_Raw(raw.text, raw.confidence, raw.left, top, raw.width, height, raw.line))
    return out


_GLUED_TICK = re.compile(r"^(\[?[Xx]\]|\(?[Xx]\)|KX)([A-Za-z][A-Za-z'\-]+)$")


def _split_paired_marks(raws: list[_Raw]) -> list[_Raw]:
    """`YY` or `NN` two glyphs wide: the ADDL INSD and SUBR WVD answers read as one word.

    The two narrow columns sit side by side; once their rule is gone Tesseract joins the two
    letters. Only identical pairs are split, so `NY` (New York) stays whole.
    """
    out: list[_Raw] = []
    for raw in raws:
        text = raw.text.strip("|[]")
        glued = _GLUED_TICK.match(raw.text)
        if glued and raw.width >= 1.4 * raw.height:
            # `X]EXCESS`: a ticked box the box finder missed, glued to its label.
            mark_width = round(raw.width * len(glued.group(1)) / len(raw.text))
            out.append(_Raw("X", raw.confidence, raw.left, raw.top, mark_width, raw.height, raw.line))
            out.append(
                _Raw(
                    glued.group(2),
                    raw.confidence,
                    raw.left + mark_width,
                    raw.top,
                    raw.width - mark_width,
                    raw.height,
                    raw.line,
                )
            )
        elif len(text) == 2 and text[0] == text[1] and text[0] in "YNX" and raw.width >= 1.4 * raw.height:
            half = raw.width // 2
            out.append(_Raw(text[0], raw.confidence, raw.left, raw.top, half, raw.height, raw.line))
            out.append(
                _Raw(
                    text[1], raw.confidence, raw.left + raw.width - half, raw.top, half, raw.height, raw.line
                )
            )
        else:
            out.append(raw)
    return out


def _overlap(a: _Raw, b: _Raw) -> float:
    """Intersection over the smaller box's area."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    return (width * height) / max(1, min(a.width * a.height, b.width * b.height))


def _only_digits_differ(before: list[_Raw], after: list[_Raw]) -> bool:
    if len(before) != len(after):
        return False
    return all(
        re.sub(r"\d", "", a.text) == re.sub(r"\d", "", b.text) for a, b in zip(before, after, strict=True)
    )


def _doubled_print(raws: list[_Raw]) -> set[int]:
    """Words overlapping a word of another Tesseract line: the same print read twice.

    Single-block segmentation fits lines across the whole page; where the columns' rows do not
    line up it can read one printed line as two, in fragments (`Redli lati` over `edline
    Insulation Compan pany`).
    """
    doubled: set[int] = set()
    ordered = sorted(raws, key=lambda r: r.left)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.left > first.left + first.width:
                break
            comparable = min(first.height, second.height) >= 0.5 * max(first.height, second.height)
            if first.line != second.line and comparable and _overlap(first, second) > 0.3:
                doubled.update((id(first), id(second)))
    return doubled


def _uncertain_groups(raws: list[_Raw], below: float, doubled: set[int], limit: int = 90) -> list[list[_Raw]]:
    """Doubtful words, neighbours on one printed row taken together.

    Doubtful: below the confidence threshold, read twice (`doubled`), or a number (policy
    numbers, dates, limits) Tesseract is not quite sure of: read across a whole page row,
    `1000000` can come out as `41000000`; cut out on its own it reads right.
    """
    groups: list[list[_Raw]] = []
    bounds: list[list[int]] = []  # left, top, right, bottom of each group
    for raw in sorted(raws, key=lambda r: (r.top, r.left)):
        digits = sum(ch.isdigit() for ch in raw.text)
        doubtful = raw.confidence < below or id(raw) in doubled or (digits >= 3 and raw.confidence < 93)
        if not doubtful:
            continue
        right, bottom = raw.left + raw.width, raw.top + raw.height
        for group, box in zip(groups, bounds, strict=True):
            shared = min(bottom, box[3]) - max(raw.top, box[1])
            gap = max(raw.left - box[2], box[0] - right)
            if shared >= 0.5 * min(raw.height, box[3] - box[1]) and gap < 2 * raw.height:
                group.append(raw)
                box[:] = [
                    min(box[0], raw.left),
                    min(box[1], raw.top),
                    max(box[2], right),
                    max(box[3], bottom),
                ]
                break
        else:
            groups.append([raw])
            bounds.append([raw.left, raw.top, right, bottom])
    # Fragments of one printed line can start groups on either side of a gap: join groups on
    # a shared row that touch, until none do.
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = bounds[i], bounds[j]
                shared = min(a[3], b[3]) - max(a[1], b[1])
                gap = max(b[0] - a[2], a[0] - b[2])
                height = max(a[3] - a[1], b[3] - b[1])
                if shared >= 0.5 * min(a[3] - a[1], b[3] - b[1]) and gap < 2 * height:
                    groups[i].extend(groups.pop(j))
                    other = bounds.pop(j)
                    bounds[i] = [
                        min(a[0], other[0]),
                        min(a[1], other[1]),
                        max(a[2], other[2]),
                        max(a[3], other[3]),
                    ]
                    merged = True
                    break
            if merged:
                break
    return [sorted(group, key=lambda r: r.left) for group in groups[:limit]]


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
        with _PDFIUM_LOCK:  # the router may read two documents at once
            try:
                document = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                raise OcrInputError(f"cannot open PDF: {exc}") from None
            page_count = len(document)
        try:
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
        words: list[Word] = []
        # A blank page (a scanner's empty back side) has nothing to read: skip preparation and Tesseract.
        if not imaging.is_blank(source.image):
            prepared = imaging.prepare_page(
                source.image,
                photo=source.photo,
                strip_rules=self.settings.strip_rules,
                take_out_checkboxes=True,
            )
            if not imaging.is_blank(prepared.image):
                words = self._read_prepared(prepared, source.number)
        return Page(
            number=source.number,
            width=source.width,
            height=source.height,
            rotation=source.rotation,
            words=words,
        )

    def _read_prepared(self, prepared: imaging.PreparedPage, page_number: int) -> list[Word]:
        """Check boxes were taken out of the image; ticked ones come back as `X` words."""
        words = self.recognise(prepared.image, page_number)
        height, width = prepared.image.shape
        for box in prepared.checkboxes:
            if box.ticked:
                words.append(
                    Word(
                        text=box.letter,
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
        raws = self._tesseract(image, self.settings.psm, page_number)
        if self.settings.reread_below > 0:
            raws = self._reread_uncertain(image, raws, page_number)
        raws = _drop_flat_words(_fit_tall_boxes_to_ink(image, raws))
        height, width = image.shape
        words: list[Word] = []
        for raw in _line_height_punctuation(_split_paired_marks(_lone_strokes_as_ones(raws))):
            cleaned = clean_word(raw.text, raw.left, raw.width, raw.height)
            if cleaned is None:
                continue
            word_text, word_left, word_width = cleaned
            words.append(
                Word(
                    text=word_text,
                    page=page_number,
                    box=Box(
                        left=word_left / width,
                        top=raw.top / height,
                        width=word_width / width,
                        height=raw.height / height,
                    ),
                    confidence=min(1.0, max(0.0, raw.confidence / 100)),
                    source=self.name,
                )
            )
        return words

    def _tesseract(self, image: Gray, psm: int, page_number: int) -> list[_Raw]:
        config = f"--psm {psm} --oem 1 -c preserve_interword_spaces=1"
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
        raws: list[_Raw] = []
        for text, conf, left, top, box_w, box_h, block, par, line in zip(
            data["text"],
            data["conf"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["block_num"],
            data["par_num"],
            data["line_num"],
            strict=True,
        ):
            if float(conf) < 0 or not str(text).strip():
                continue
            raws.append(
                _Raw(
                    str(text).strip(),
                    float(conf),
                    int(left),
                    int(top),
                    int(box_w),
                    int(box_h),
                    (block, par, line),
                )
            )
        return raws

    def _reread_uncertain(self, image: Gray, raws: list[_Raw], page_number: int) -> list[_Raw]:
        """Read low-confidence words again, enlarged, in one extra Tesseract call.

        Tiny print (5-6 pt labels such as `DATE (MM/DD/YYYY)` or `DAMAGE TO RENTED PREMISES`)
        comes out as `ee` or `rE` at 300 dpi. Neighbouring uncertain words on a line are cut out
        together, enlarged, stacked into one mosaic image and read once; a re-read replaces the
        original only when Tesseract is surer of it.
        """
        doubled = _doubled_print(raws)
        groups = _uncertain_groups(raws, self.settings.reread_below, doubled)
        if not groups:
            return raws
        scale = 2.5
        gap = 24
        page_h, page_w = image.shape
        crops: list[tuple[list[_Raw], int, int, Gray]] = []
        for group in groups:
            tallest = max(r.height for r in group)
            pad_x, pad_y = max(8, int(tallest * 0.6)), max(6, int(tallest * 0.45))
            x0 = max(0, min(r.left for r in group) - pad_x)
            x1 = min(page_w, max(r.left + r.width for r in group) + pad_x)
            y0 = max(0, min(r.top for r in group) - pad_y)
            y1 = min(page_h, max(r.top + r.height for r in group) + pad_y)
            crop = np.asarray(
                cv2.resize(image[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC),
                dtype=np.uint8,
            )
            crops.append((group, x0, y0, crop))
        mosaic_w = max(c[3].shape[1] for c in crops) + 2 * gap
        mosaic_h = sum(c[3].shape[0] + gap for c in crops) + gap
        mosaic = np.full((mosaic_h, mosaic_w), 255, np.uint8)
        rows: list[tuple[int, int]] = []
        y = gap
        for _, _, _, crop in crops:
            mosaic[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
            rows.append((y, y + crop.shape[0]))
            y += crop.shape[0] + gap
        reread = self._tesseract(mosaic, 6, page_number)
        replaced: dict[int, list[_Raw]] = {}
        for index, ((group, x0, y0, _), (row_top, row_bottom)) in enumerate(zip(crops, rows, strict=True)):
            span_left = min(r.left for r in group)
            span_right = max(r.left + r.width for r in group)
            span_top = min(r.top for r in group)
            span_bottom = max(r.top + r.height for r in group)
            # Padding takes in edges of confident neighbours, beside the group and above or below
            # it (the cut-off top of the next printed line reads as junk): keep what lies over it.
            found = [
                r
                for r in reread
                if row_top <= r.top + r.height / 2 < row_bottom
                and span_left <= x0 + (r.left - gap + r.width / 2) / scale <= span_right
                and span_top <= y0 + (r.top - row_top + r.height / 2) / scale <= span_bottom
            ]
            if not found:
                continue
            before = sum(r.confidence for r in group) / len(group)
            after = sum(r.confidence for r in found) / len(found)
            if any(id(r) in doubled for r in group):
                # One reading of the cut-out line replaces the fragments, if it is a sure one.
                if after < 70:
                    continue
            elif before < self.settings.reread_below:
                # A low-confidence word must be clearly beaten.
                if after < before + 10:
                    continue
            elif not _only_digits_differ(group, found) or after < before - 3:
                # A fairly sure number is corrected only in its digits (`41000000` -> `1000000`):
                # a crop's edge may add a rule or change letter case (`|Gxc2558784`).
                continue
            replaced[index] = [
                _Raw(
                    r.text,
                    r.confidence,
                    x0 + round((r.left - gap) / scale),
                    y0 + round((r.top - row_top) / scale),
                    max(1, round(r.width / scale)),
                    max(1, round(r.height / scale)),
                    group[0].line,
                )
                for r in found
            ]
        if not replaced:
            return raws
        group_of = {id(r): index for index, new in replaced.items() for r in new}
        dropped = {id(r) for index in replaced for r in crops[index][0]}
        kept = [r for r in raws if id(r) not in dropped]
        # Crops of neighbouring groups overlap (Tesseract may split one printed line into two),
        # so the same print can come back twice: the surer reading of any overlap wins.
        below = self.settings.reread_below
        accepted: list[_Raw] = []
        for candidate in sorted((r for new in replaced.values() for r in new), key=lambda r: -r.confidence):
            if not any(_overlap(candidate, other) > 0.4 for other in accepted):
                accepted.append(candidate)
        kept = [
            r for r in kept if r.confidence >= below or not any(_overlap(r, new) > 0.4 for new in accepted)
        ]
        # A re-reading may take in a confident neighbour the first pass split off (`4` `,000,000`
        # read again as `1,000,000`): a longer, at least as sure reading replaces the neighbour;
        # otherwise that reading is dropped and a fairly sure first reading it replaced stays.
        covered: set[int] = set()
        losers: list[_Raw] = []
        restored: list[_Raw] = []
        for candidate in accepted:
            under = [old for old in kept if _overlap(candidate, old) > 0.4]
            if not under:
                continue
            if candidate.confidence >= max(o.confidence for o in under) and len(candidate.text) > max(
                len(o.text) for o in under
            ):
                covered.update(id(o) for o in under)
            else:
                losers.append(candidate)
                originals = crops[group_of[id(candidate)]][0]
                restored += [r for r in originals if r.confidence >= below and _overlap(candidate, r) > 0.4]
        lost = set(map(id, losers))
        kept = [r for r in kept if id(r) not in covered] + restored
        accepted = [r for r in accepted if id(r) not in lost]
        return kept + accepted

    def _document(
        self, sha256: str, kind: SourceKind, pages: list[Page], notes: dict[str, str]
    ) -> DocumentIR:
        return DocumentIR(sha256=sha256, source_kind=kind, engine=self.name, pages=pages, notes=notes)


# Table rules read as these characters when Tesseract glues them to a word (`|04/01/2026`).
_RULE_CHARS = "|[]{}_\u2014\u2018\u2019\u201c\u201d!'`"
_RULE_ONLY = re.compile(r"^[|\[\]{}_\u2014\-=~.,:;'`!\u2018\u2019\u201c\u201d]+$")


def clean_word(text: str, left: int, width: int, height: int = 0) -> tuple[str, int, int] | None:
    """Strip table-rule fragments off a Tesseract word; None when nothing but rule is left.

    The box shrinks in proportion to the characters removed, which is close enough for the
    mapper's layout logic (it works on column and row positions, not on exact glyph edges).
    Also undoes two other Tesseract habits on certificates: one glyph read twice (`XX`, `Y¥`
    for a lone X or Y in the narrow ADDL INSD / SUBR WVD columns) and a speck read as a full
    stop after a date or phone number (`5/5/2025.`).
    """
    text = text.strip()
    if text in ("\u2013", "\u2014"):
        return "-", left, width  # a spaced dash in running text (`Job No. 31473 - Oak Avenue`)
    if _RULE_ONLY.match(text) and not _keep_punctuation(text):
        return None
    if text in _BOXED_X:
        # A ticked box the box finder missed (blurred photo), read with its frame: keep the X's own
        # place, since the mapper looks for a mark just left of its label.
        per_char = width / len(text)
        index = text.upper().rindex("X") if text[0] in "KX" and text[-1] in "KX" else text.upper().index("X")
        return "X", left + round(per_char * index), max(1, round(per_char))
    if len(text) > 2 and text[0] == "|" and text[1].islower() and text[1] != "l":
        # In sans-serif print a lower-case l is a bare stroke: `|uis.walsh` is `luis.walsh`
        # (but `|linda` is a rule before `linda`).
        text = "l" + text[1:]
    stripped_left = text.lstrip(_RULE_CHARS)
    stripped = stripped_left.rstrip(_RULE_CHARS)
    # A closing quote or bracket that belongs to the word stays, so only strip when a rule is likely.
    if stripped and stripped != text and _looks_like_value(stripped):
        per_char = width / max(1, len(text))
        removed_left = len(text) - len(stripped_left)
        removed_right = len(stripped_left) - len(stripped)
        text = stripped
        left += round(per_char * removed_left)
        width = max(1, round(width - per_char * (removed_left + removed_right)))
    elif not stripped:
        return None
    if height and width < 1.4 * height:
        single = _single_glyph(text)
        if single:
            text = single
    if text.endswith(".") and _DATE_OR_PHONE.match(text[:-1]):
        text = text[:-1]
    # Tesseract loses a small y's descender and reads `v` (`Companv`, `Casualtv`); no English word
    # or name ends in a consonant and v, while `-ov` / `-ev` names keep their vowel.
    text = _Y_READ_AS_V.sub("y", text)
    return text, left, width


_BOXED_X = frozenset(
    {"KX", "XK", "[X", "X]", "[X]", "(X", "X)", "(X)", "|X", "X|", "|X|", "[x]", "(x)", "x]", "[x"}
)
_GLYPH_LOOKALIKES = str.maketrans({"¥": "Y", "y": "Y", "x": "X", "×": "X", "n": "N"})
_Y_READ_AS_V = re.compile(r"(?<=[A-Za-z][bcdfghklmnprstxz])v(?=[.,;:]?$)")
_DATE_OR_PHONE = re.compile(r"^(\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\(?\d{3}\)?[ .-]?\d{3}[.-]\d{4})$")


def _single_glyph(text: str) -> str | None:
    """`XX`, `xX`, `Y¥` in a box one character wide: the one letter Tesseract saw twice."""
    if len(text) not in (2, 3):
        return None
    letters = set(text.translate(_GLYPH_LOOKALIKES))
    if len(letters) == 1 and letters <= {"X", "Y", "N"}:
        return letters.pop()
    return None


def _keep_punctuation(text: str) -> bool:
    # A lone dash is a common "none" marker in limit cells; keep it, drop everything else rule-like.
    return text in {"-", "--"}


def _looks_like_value(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9$]", text))
