"""`pdf-text`: positioned words from a PDF's text layer, via pdfium's text page.

pdfium reads text inside form XObjects (where pdf-lib and iText put flattened values) and gives
each character its box; we build words from those boxes ourselves. pypdf's layout mode is not used:
it drops XObject text and glues adjacent columns together.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from services.intake.extraction.errors import UnreadableDocument
from services.intake.extraction.ir import PDF_TEXT_ENGINE, Box, Page, Word
from services.intake.extraction.sniff import MAX_PAGE_SIDE_POINTS, MAX_PAGES
from services.intake.extraction.visibility import HiddenWord, PageVisibility, analyse_page

ENGINE = PDF_TEXT_ENGINE
_MIN_WORDS_FOR_MARKS = 25
_MAX_VECTOR_MARKS = 60
_SEPARATORS = {" ", "\t", "\r", "\n", "\x00", "\x02", "\ufffe", "\xa0"}


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message or "security" in message:
            raise UnreadableDocument("the PDF is encrypted (password protected)") from None
        raise UnreadableDocument("the PDF is damaged and cannot be opened") from None
    try:
        count = len(document)
    except Exception:
        document.close()
        raise UnreadableDocument("the PDF is damaged and cannot be opened") from None
    if count == 0:
        document.close()
        raise UnreadableDocument("the PDF has no pages")
    if count > MAX_PAGES:
        document.close()
        raise UnreadableDocument(f"the PDF has {count} pages; the limit is {MAX_PAGES}")
    return document


def page_geometry(page: pdfium.PdfPage) -> tuple[float, float, float, float, int]:
    """(left, bottom, width, height) of the unrotated page box, and its rotation in degrees."""
    left, bottom, right, top = page.get_cropbox()
    width, height = right - left, top - bottom
    if width <= 0 or height <= 0:
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
    if width <= 0 or height <= 0 or width > MAX_PAGE_SIDE_POINTS or height > MAX_PAGE_SIDE_POINTS:
        raise UnreadableDocument("the PDF has a page of impossible size")
    return left, bottom, width, height, page.get_rotation() % 360


class _Display:
    """Maps PDF user space (bottom-left origin, unrotated) to the page as shown (top-left, fractions)."""

    def __init__(self, left: float, bottom: float, width: float, height: float, rotation: int) -> None:
        self.left, self.bottom, self.width, self.height, self.rotation = left, bottom, width, height, rotation
        sideways = rotation in (90, 270)
        self.shown_width = height if sideways else width
        self.shown_height = width if sideways else height

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            sx, sy = y, x
        elif self.rotation == 180:
            sx, sy = self.width - x, y
        elif self.rotation == 270:
            sx, sy = self.height - y, self.width - x
        else:
            sx, sy = x, self.height - y
        return sx / self.shown_width, sy / self.shown_height

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        x1, y1 = self.point(left, bottom)
        x2, y2 = self.point(right, top)
        return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def read_page_words(document: pdfium.PdfDocument, index: int) -> Page:
    """The page's visible words: hidden text (see `visibility`) is left out."""
    return read_page_split(document, index)[0]


def read_page_split(document: pdfium.PdfDocument, index: int) -> tuple[Page, list[HiddenWord]]:
    """The page with its visible words, and the words present in the text layer but not shown."""
    page = document[index]
    try:
        left, bottom, width, height, rotation = page_geometry(page)
        display = _Display(left, bottom, width, height, rotation)
        textpage = page.get_textpage()
        try:
            count = textpage.count_chars()
            analysis = analyse_page(page, textpage, count)
            words, hidden = _words(textpage, display, index + 1, analysis.reasons)
            if len(words) >= _MIN_WORDS_FOR_MARKS and len(analysis.marks) <= _MAX_VECTOR_MARKS:
                # Vector marks only beside a text layer: a page of outlined glyphs (text drawn as
                # shapes) has hundreds of diagonal strokes and is read by OCR instead.
                words.extend(_mark_words(analysis.marks, display, index + 1))
        finally:
            textpage.close()
        shown = Page(
            number=index + 1,
            width=display.shown_width,
            height=display.shown_height,
            rotation=rotation,
            words=words,
        )
        return shown, hidden
    finally:
        page.close()


def _words(
    textpage: pdfium.PdfTextPage, display: _Display, number: int, reasons: list[str | None]
) -> tuple[list[Word], list[HiddenWord]]:
    """Visible words, and hidden ones with their reason. Hidden characters never join a visible word."""
    chars = _char_boxes(textpage, display, reasons)
    visible = _group_words(chars, number, None)
    hidden: list[HiddenWord] = []
    for reason in sorted({item[5] for item in chars if item is not None and item[5] is not None}):
        hidden.extend(HiddenWord(word, reason) for word in _group_words(chars, number, reason))  # type: ignore[arg-type]
    return visible, hidden


_Char = tuple[
    str, float, float, float, float, str | None
]  # text, l, t, r, b (display fractions), hidden reason


def _char_boxes(
    textpage: pdfium.PdfTextPage, display: _Display, reasons: list[str | None]
) -> list[_Char | None]:
    """Each character with its box on the shown page; None for a separator (pdfium's own spaces)."""
    count = len(reasons)
    raw = textpage.raw
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: fall back to one call per character
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect_ref = ctypes.byref(rect)
    # Display transform, inlined: (x, y) in PDF space -> fractions of the shown page, top-left origin.
    x0, y0, w, h, rotation = display.left, display.bottom, display.width, display.height, display.rotation
    sw, sh = display.shown_width, display.shown_height
    out: list[_Char | None] = []
    for i in range(count):
        char = text[i]
        if char in _SEPARATORS or not char.isprintable():
            out.append(None)
            continue
        # Loose boxes span the font's ascent to descent: every character of a line gets the same height.
        if not get_box(raw, i, rect_ref):
            continue
        a, b_, c, d = rect.left - x0, rect.bottom - y0, rect.right - x0, rect.top - y0
        if rotation == 0:
            lft, t, r, b = a / sw, (h - d) / sh, c / sw, (h - b_) / sh
        elif rotation == 90:
            lft, t, r, b = b_ / sw, a / sh, d / sw, c / sh
        elif rotation == 180:
            lft, t, r, b = (w - c) / sw, b_ / sh, (w - a) / sw, d / sh
        else:
            lft, t, r, b = (h - d) / sw, (w - c) / sh, (h - b_) / sw, (w - a) / sh
        if r - lft <= 0 and b - t <= 0:
            continue
        reason = reasons[i]
        if reason is None and not (-0.002 <= (lft + r) / 2 <= 1.002 and -0.002 <= (t + b) / 2 <= 1.002):
            reason = "outside_page"
        out.append((char, lft, t, r, b, reason))
    return out


def _group_words(chars: list[_Char | None], number: int, wanted: str | None) -> list[Word]:
    """Words of the characters whose hidden-reason is `wanted` (None: the visible ones)."""
    words: list[Word] = []
    text: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]  # l, t, r, b of the current word (display fractions)
    last: tuple[float, float, float, float] | None = None

    def flush() -> None:
        if text:
            value = "".join(text).strip()
            if value:
                words.append(
                    Word(
                        text=value,
                        page=number,
                        box=Box(left=box[0], top=box[1], width=box[2] - box[0], height=box[3] - box[1]),
                        source=ENGINE,
                    )
                )
        text.clear()

    for item in chars:
        if item is None or item[5] != wanted:
            flush()
            last = None
            continue
        char, lft, t, r, b, _ = item
        if last is not None:
            height = max(b - t, last[3] - last[1], 1e-4)
            same_line = abs((t + b) - (last[1] + last[3])) < height * 0.8
            gap = lft - last[2]
            # pdfium itself inserts a space between words; only a column gap splits here.
            if not same_line or gap > height * 0.6 or gap < -height * 1.5:
                flush()
        box = (
            [lft, t, r, b] if not text else [min(box[0], lft), min(box[1], t), max(box[2], r), max(box[3], b)]
        )
        text.append(char)
        last = (lft, t, r, b)
    flush()
    return words


def _mark_words(marks: list[tuple[float, float, float, float]], display: _Display, number: int) -> list[Word]:
    """Check marks drawn as vectors, as the `X` words a typed mark would be."""
    words = []
    for left, bottom, right, top in marks:
        lft, t, r, b = display.box(left, bottom, right, top)
        # A drawn mark fills its box; as a word it gets a letter's height around its centre, so
        # it does not join the two lines of a stacked label beside it into one.
        middle, half = (t + b) / 2, (b - t) * 0.3
        t, b = middle - half, middle + half
        words.append(
            Word(text="X", page=number, box=Box(left=lft, top=t, width=r - lft, height=b - t), source=ENGINE)
        )
    return words


def read_pages(document: pdfium.PdfDocument) -> list[Page]:
    return [read_page_words(document, index) for index in range(len(document))]


def read_pages_split(document: pdfium.PdfDocument) -> tuple[list[Page], list[PageVisibility]]:
    """Every page's visible words, and each page's visible and hidden words for the integrity check
    (computed once here, so it need not open the document and repeat the visibility pass)."""
    pages: list[Page] = []
    seen: list[PageVisibility] = []
    for index in range(len(document)):
        page, hidden = read_page_split(document, index)
        pages.append(page)
        seen.append(PageVisibility(number=index + 1, visible=list(page.words), hidden=hidden))
    return pages, seen
