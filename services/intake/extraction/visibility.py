"""Which text of a PDF page a reader actually sees, and which is present but hidden.

Agency systems and edited certificates keep text nobody sees: an older carrier under an opaque
white box, values written outside the page, text in invisible or white render modes. A reader
must take only what is shown, and the integrity check wants to know what was hidden and why.

Public entry point:

    page_visibility(document, index) -> PageVisibility(visible=[Word...], hidden=[HiddenWord...])

`HiddenWord.reason` is one of:
- `covered`: an opaque filled shape or image is painted over the word later in the page's
  drawing order;
- `outside_page`: the word lies outside the page's visible box;
- `render_mode`: the text is drawn in an invisible render mode (3, or 7 = clip only);
- `white`: the text is filled in white (or fully transparent) on the white page.

`char_hidden_reasons` is the per-character analysis `pdf_text` uses to keep hidden text out of the
words the mapper reads.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pypdfium2.raw as pdfium_c

from services.intake.extraction.ir import Word

if TYPE_CHECKING:
    import pypdfium2 as pdfium

HiddenReason = Literal["covered", "outside_page", "render_mode", "white"]

_INVISIBLE_MODES = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, FPDF_TEXTRENDERMODE_CLIP
_WHITE = 245  # every channel at least this: white on a white page
_MIN_COVER_POINTS = 2.0  # a filled shape thinner than this is a rule, not a box hiding text
_MAX_DEPTH = 6  # form XObjects nested deeper than this are not followed


@dataclass(frozen=True)
class HiddenWord:
    word: Word
    reason: HiddenReason


@dataclass
class PageVisibility:
    """The page's words as shown (top-left page fractions, as `pdf_text` builds them) and the hidden ones."""

    number: int
    visible: list[Word] = field(default_factory=list)
    hidden: list[HiddenWord] = field(default_factory=list)


def page_visibility(document: pdfium.PdfDocument, index: int) -> PageVisibility:
    """Visible and hidden words of page `index` (0-based) of an open pdfium document."""
    from services.intake.extraction import pdf_text  # pdf_text uses this module's analysis

    page, hidden = pdf_text.read_page_split(document, index)
    return PageVisibility(number=index + 1, visible=list(page.words), hidden=hidden)


@dataclass(frozen=True)
class _Cover:
    order: int
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class _Objects:
    """Text objects (by handle address) with their drawing order and look, the opaque covers, and
    small vector drawings that are check marks."""

    text: dict[int, tuple[int, HiddenReason | None]] = field(default_factory=dict)
    text_bounds: dict[int, _Cover] = field(default_factory=dict)
    covers: list[_Cover] = field(default_factory=list)
    marks: list[_Cover] = field(default_factory=list)
    order: int = 0


@dataclass(frozen=True)
class PageAnalysis:
    reasons: list[str | None]  # per character of the text page
    marks: list[
        tuple[float, float, float, float]
    ]  # vector check marks: left, bottom, right, top (PDF points)


def char_hidden_reasons(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, count: int) -> list[str | None]:
    """Per character of the text page: why it is hidden (render mode, white, covered), or None.

    Positions outside the page are judged by the caller, which has the display box.
    """
    return analyse_page(page, textpage, count).reasons


def analyse_page(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, count: int) -> PageAnalysis:
    """One walk over the page's objects: hidden characters, and check marks drawn as vectors
    (an X or a tick of a few strokes, no text) that a reader must see as marks."""
    objects = _Objects()
    raw_page = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        _walk(pdfium_c.FPDFPage_GetObject(raw_page, i), _IDENTITY, objects, 0)
    marks = [
        (m.left, m.bottom, m.right, m.top)
        for m in objects.marks
        if not any(c.order > m.order and _inside(m, c) for c in objects.covers)
    ]
    return PageAnalysis(_reasons(objects, textpage, count), marks)


def _inside(mark: _Cover, cover: _Cover) -> bool:
    cx, cy = (mark.left + mark.right) / 2, (mark.bottom + mark.top) / 2
    return cover.left <= cx <= cover.right and cover.bottom <= cy <= cover.top


def _reasons(objects: _Objects, textpage: pdfium.PdfTextPage, count: int) -> list[str | None]:
    reasons: list[str | None] = [None] * count
    if not objects.text:
        return reasons
    raw_text = textpage.raw
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    # Only shapes painted after some text can hide it; found through a coarse grid of the page.
    first_text = min(order for order, _ in objects.text.values())
    grid = _CoverGrid([cover for cover in objects.covers if cover.order > first_text])
    # Text objects a later shape overlaps at all: only their characters are looked at one by one.
    at_risk = {
        address
        for address, (order, reason) in objects.text.items()
        if reason is None
        and (bounds := objects.text_bounds.get(address)) is not None
        and any(
            cover.order > order
            and cover.left < bounds.right
            and bounds.left < cover.right
            and cover.bottom < bounds.top
            and bounds.bottom < cover.top
            for cover in objects.covers
        )
    }
    if not at_risk and all(reason is None for _, reason in objects.text.values()):
        return reasons  # nothing painted over text, no invisible or white text: all is visible
    text_object = _text_object_address()
    for i in range(count):
        address = text_object(raw_text, i)
        known = objects.text.get(address) if address else None
        if known is None:
            continue
        order, reason = known
        if reason is not None:
            reasons[i] = reason
            continue
        if address not in at_risk or not pdfium_c.FPDFText_GetLooseCharBox(raw_text, i, rect_ref):
            continue
        cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
        height = abs(rect.top - rect.bottom)
        for cover in grid.at(cx, cy):
            if (
                cover.order > order
                and cover.left <= cx <= cover.right
                and cover.bottom <= cy <= cover.top
                and cover.top - cover.bottom >= min(height * 0.6, _MIN_COVER_POINTS * 3)
            ):
                reasons[i] = "covered"
                break
    return reasons


_TEXT_OBJECT_ADDRESS: Any = None


def _text_object_address() -> Any:
    """`FPDFText_GetTextObject` returning the handle as a plain integer address (no ctypes cast per
    character: the page has thousands)."""
    global _TEXT_OBJECT_ADDRESS  # noqa: PLW0603 - built once per process
    if _TEXT_OBJECT_ADDRESS is None:
        pointer = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
        prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        _TEXT_OBJECT_ADDRESS = prototype(pointer)
    return _TEXT_OBJECT_ADDRESS


class _CoverGrid:
    """Covers by 24-point cell of the page, so each character looks at the few shapes near it."""

    _CELL = 24.0

    def __init__(self, covers: list[_Cover]) -> None:
        self.cells: dict[tuple[int, int], list[_Cover]] = {}
        for cover in covers:
            for gx in range(int(cover.left // self._CELL), int(cover.right // self._CELL) + 1):
                for gy in range(int(cover.bottom // self._CELL), int(cover.top // self._CELL) + 1):
                    self.cells.setdefault((gx, gy), []).append(cover)

    def at(self, x: float, y: float) -> list[_Cover]:
        return self.cells.get((int(x // self._CELL), int(y // self._CELL)), [])


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _walk(obj: Any, matrix: _Matrix, objects: _Objects, depth: int) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    objects.order += 1
    order = objects.order
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        address = ctypes.cast(obj, ctypes.c_void_p).value
        if address:
            objects.text[address] = (order, _text_look(obj))
            bounds = _bounds(obj, matrix, order)
            if bounds is not None:
                objects.text_bounds[address] = bounds
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
        inner = _compose(_matrix_of(obj), matrix)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _walk(pdfium_c.FPDFFormObj_GetObject(obj, i), inner, objects, depth + 1)
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and _is_check_mark(obj):
        mark = _bounds(obj, matrix, order)
        if (
            mark is not None
            and _MARK_MIN <= mark.right - mark.left <= _MARK_MAX
            and (_MARK_MIN <= mark.top - mark.bottom <= _MARK_MAX)
        ):
            objects.marks.append(mark)
    elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE) and _opaque(obj, kind):
        cover = _bounds(obj, matrix, order)
        if (
            cover is not None
            and cover.right - cover.left >= _MIN_COVER_POINTS
            and cover.top - cover.bottom >= _MIN_COVER_POINTS
        ):
            objects.covers.append(cover)


def _text_look(obj: object) -> HiddenReason | None:
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    if mode in _INVISIBLE_MODES:
        return "render_mode"
    if mode in (1, 5):  # stroke only: the fill colour is not what shows
        r, g, b, a = _color(pdfium_c.FPDFPageObj_GetStrokeColor, obj)
    else:
        r, g, b, a = _color(pdfium_c.FPDFPageObj_GetFillColor, obj)
    if a == 0 or min(r, g, b) >= _WHITE:
        return "white"
    return None


_MARK_MIN, _MARK_MAX = 3.0, 16.0  # points: a check box is 6-12 pt


def _is_check_mark(obj: Any) -> bool:
    """Two to twenty strokes or edges with one running diagonally: an X or a tick. A check box
    outline, a table rule or a filled rectangle has only horizontal and vertical edges."""
    count = _drawn_segments(obj)
    if count is None:
        return False
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    previous: tuple[float, float] | None = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            return False
        point = (x.value, y.value)
        if previous is not None and pdfium_c.FPDFPathSegment_GetType(segment) != pdfium_c.FPDF_SEGMENT_MOVETO:
            dx, dy = abs(point[0] - previous[0]), abs(point[1] - previous[1])
            length = max(dx, dy)
            if length > 0 and min(dx, dy) >= 0.3 * length:
                return True
        previous = point
    return False


def _drawn_segments(obj: Any) -> int | None:
    """How many segments an opaque path that is actually drawn (stroked or filled) has, when that
    is a mark's count (two to twenty); None for anything else."""
    if pdfium_c.FPDFPageObj_HasTransparency(obj):
        return None
    count = int(pdfium_c.FPDFPath_CountSegments(obj))
    if not 2 <= count <= 20:  # a filled X outline has 12 edges
        return None
    fill_mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return None
    if not stroke.value and fill_mode.value == 0:
        return None
    return count


def _opaque(obj: object, kind: int) -> bool:
    if pdfium_c.FPDFPageObj_HasTransparency(obj):
        return False
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    fill_mode = ctypes.c_int(0)
    stroke = ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return False
    if fill_mode.value == 0:
        return False
    # Only simple shapes (a rectangle is 4-6 segments) hide what is under them; a filled glyph or
    # logo outline has many segments and its bounds are mostly empty.
    return 0 < pdfium_c.FPDFPath_CountSegments(obj) <= 12


def _color(getter: object, obj: object) -> tuple[int, int, int, int]:
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    ok = getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))  # type: ignore[operator]
    if not ok:
        return 0, 0, 0, 255
    return r.value, g.value, b.value, a.value


def _matrix_of(obj: object) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """inner then outer (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _bounds(obj: object, matrix: _Matrix, order: int) -> _Cover | None:
    left, bottom, right, top = (ctypes.c_float(0) for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ):
        return None
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in (
        (left.value, bottom.value),
        (right.value, top.value),
        (left.value, top.value),
        (right.value, bottom.value),
    ):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return _Cover(order, min(xs), min(ys), max(xs), max(ys))
