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
from services.intake.extraction.ocr_amounts import reread_broken_values
from services.intake.extraction.ocr_cut_words import reread_cut_words
from services.intake.extraction.ocr_digits import amount_digits_by_shape
from services.intake.extraction.ocr_flat_words import drop_flat_words, fit_flat_words_to_ink
from services.intake.extraction.ocr_fragments import (
    doubt_crowded_digits,
    doubt_tight_spaces,
    drop_echoes,
    fit_run_on_numbers,
    join_touching_numbers,
    last_ones_read_as_bars,
    rejoin_split_words,
)
from services.intake.extraction.ocr_gaps import split_at_wide_gaps
from services.intake.extraction.ocr_glyphs import (
    glyph_reread,
    join_glyph_pieces,
    letters_read_as_signs,
    lone_glyph,
    marks_by_shape,
    signs_for_print,
    ticks_read_as_strokes,
)
from services.intake.extraction.ocr_mosaic import REREAD_GAP, REREAD_SCALE, Crop, mosaic, surer_first_readings
from services.intake.extraction.ocr_phones import reread_garbled_phones
from services.intake.extraction.ocr_tall_words import reread_tall_words
from services.intake.extraction.ocr_unread import MAX_UNREAD_CROPS, kept_unread_words, unread_boxes
from services.intake.extraction.ocr_words import (
    _NOT_APPLICABLE,
    _YES_NO_LABEL,
    SURE_REREAD,
    _answer_box,
    _doubled_print,
    _fit_tall_boxes_to_ink,
    _keeps_neighbours,
    _line_height_punctuation,
    _lone_strokes_as_ones,
    _only_digits_differ,
    _overlap,
    _Raw,
    _split_paired_marks,
    _uncertain_groups,
    clean_word,
)
from services.intake.extraction.pdfium_guard import PDFIUM_LOCK as _PDFIUM_LOCK

RENDER_DPI = 300
_IMAGE_FORMATS = ("PNG", "JPEG", "TIFF")
_NOTHING_READ = -10.0  # the confidence of print no word was read from, below any reading


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
        words = self.recognise(prepared.image, page_number, ruled=prepared.ruled)
        height, width = prepared.image.shape
        answer_labels = [w for w in words if _YES_NO_LABEL.match(w.text.strip())]
        not_applicable = [w for w in words if _NOT_APPLICABLE.match(w.text.strip())]
        for box in prepared.checkboxes:
            if box.ticked:
                # A Y or N is an answer only in a box under a printed `Y / N`: any other
                # mark (a check, a dingbat, a drawn tick) stays a tick, whatever its shape.
                answer = _answer_box(box, answer_labels, not_applicable, width, height)
                words.append(
                    Word(
                        text=box.letter if answer else "X",
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

    def recognise(self, image: Gray, page_number: int = 1, ruled: Gray | None = None) -> list[Word]:
        """Tesseract over one prepared page image (`ruled`: the same before its rules were taken
        out): cleaned words with boxes in page fractions."""
        raws = last_ones_read_as_bars(
            join_touching_numbers(self._tesseract(image, self.settings.psm, page_number))
        )
        if self.settings.reread_below > 0:
            raws = split_at_wide_gaps(image, raws, self.settings.reread_below)
            raws = self._reread_uncertain(image, raws, page_number)
        raws = reread_tall_words(image, raws, lambda cut: self._tesseract(cut, 6, page_number))
        raws = raws + self._read_unread_ink(image, raws, page_number)
        raws = reread_cut_words(image, raws, lambda cut: self._tesseract(cut, 6, page_number))

        def read_cut(cut: Gray, allowed: str) -> list[_Raw]:
            return self._tesseract(cut, 6, page_number, allowed)

        raws = reread_broken_values(image, raws, read_cut)
        raws = reread_garbled_phones(ruled, raws, read_cut) if ruled is not None else raws
        raws = _fit_tall_boxes_to_ink(image, raws)
        raws = ticks_read_as_strokes(image, drop_flat_words(fit_flat_words_to_ink(image, raws)))
        raws = join_glyph_pieces(
            amount_digits_by_shape(image, rejoin_split_words(fit_run_on_numbers(drop_echoes(raws))))
        )
        raws = doubt_crowded_digits(doubt_tight_spaces(raws))
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
                    glyph=lone_glyph(image, raw),
                )
            )
        return words

    def _tesseract(self, image: Gray, psm: int, page_number: int, allowed: str = "") -> list[_Raw]:
        config = f"--psm {psm} --oem 1 -c preserve_interword_spaces=1"
        config += f" -c tessedit_char_whitelist={allowed}" if allowed else ""
        picture = Image.fromarray(image)
        # Handed to Tesseract as PGM: the same pixels as PNG, without a second of compression a page.
        picture.format = "PPM"
        try:
            data = pytesseract.image_to_data(
                picture,
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
        # Print read twice, or as signs: only a sure reading of the cut-out replaces it.
        doubled = _doubled_print(raws) | letters_read_as_signs(raws)
        groups = _uncertain_groups(raws, self.settings.reread_below, doubled)
        if not groups:
            return raws
        crops, sheet, rows = mosaic(image, groups)
        reread = self._tesseract(sheet, 6, page_number)
        replaced = self._better_rereads(crops, rows, reread, doubled)
        if not replaced:
            return raws
        return self._merge_rereads(
            raws, crops, surer_first_readings(image, crops, replaced, self.settings.reread_below)
        )

    def _read_unread_ink(self, image: Gray, raws: list[_Raw], page_number: int) -> list[_Raw]:
        """Words from print the page reading returned nothing for, cut out and read in one call."""
        boxes = unread_boxes(image, raws)
        if not boxes:
            return []
        # Nothing was read there: any reading beats that, to be judged by kept_unread_words.
        groups = [
            [_Raw("", _NOTHING_READ, x, y, w, h, (-1, index, 0))] for index, (x, y, w, h) in enumerate(boxes)
        ]
        crops, sheet, rows = mosaic(image, groups[:MAX_UNREAD_CROPS])
        found = self._better_rereads(crops, rows, self._tesseract(sheet, 6, page_number), set())
        sure = {i: kept_unread_words(words) for i, words in found.items()}
        unread = {index: box for index, box in enumerate(boxes) if not sure.get(index)}
        return [r for words in sure.values() for r in words] + marks_by_shape(image, unread, found)

    def _better_rereads(
        self, crops: list[Crop], rows: list[tuple[int, int]], reread: list[_Raw], doubled: set[int]
    ) -> dict[int, list[_Raw]]:
        """The re-read words over each group, in page coordinates, where they beat the first reading."""
        scale, gap = REREAD_SCALE, REREAD_GAP
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
            if (
                not found
                or (len(group) == 1 and not glyph_reread(group[0], found))
                or signs_for_print(group, found)
            ):
                continue
            before = sum(r.confidence for r in group) / len(group)
            after = sum(r.confidence for r in found) / len(found)
            if any(id(r) in doubled for r in group):
                # One reading of the cut-out line replaces the fragments, if it is a sure one.
                if after < SURE_REREAD:
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
        return replaced

    def _merge_rereads(
        self, raws: list[_Raw], crops: list[Crop], replaced: dict[int, list[_Raw]]
    ) -> list[_Raw]:
        """The page's words with the accepted re-readings in place of the groups they replace."""
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
        # read again as `1,000,000`): a longer reading replaces the neighbour if it is at least as
        # sure, or sure and agreeing with it (`1` `.000,000` read as `1,000,000`); otherwise that
        # reading is dropped and a fairly sure first reading it replaced stays.
        covered: set[int] = set()
        losers: list[_Raw] = []
        restored: list[_Raw] = []
        for candidate in accepted:
            under = [old for old in kept if _overlap(candidate, old) > 0.4]
            if not under:
                continue
            longer = len(candidate.text) > max(len(o.text) for o in under)
            surer = candidate.confidence >= max(o.confidence for o in under)
            if longer and (surer or _keeps_neighbours(candidate, under)):
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
