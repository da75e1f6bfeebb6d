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
    """Text objects (by handle address) with their drawing order and look, and the opaque covers."""

    text: dict[int, tuple[int, HiddenReason | None]] = field(default_factory=dict)
    covers: list[_Cover] = field(default_factory=list)
    order: int = 0


def char_hidden_reasons(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, count: int) -> list[str | None]:
    """Per character of the text page: why it is hidden (render mode, white, covered), or None.

    Positions outside the page are judged by the caller, which has the display box.
    """
    objects = _Objects()
    raw_page = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        _walk(pdfium_c.FPDFPage_GetObject(raw_page, i), _IDENTITY, objects, 0)
    reasons: list[str | None] = [None] * count
    if not objects.text:
        return reasons
    raw_text = textpage.raw
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    covers = objects.covers
    for i in range(count):
        handle = pdfium_c.FPDFText_GetTextObject(raw_text, i)
        address = ctypes.cast(handle, ctypes.c_void_p).value if handle else None
        known = objects.text.get(address) if address else None
        if known is None:
            continue
        order, reason = known
        if reason is not None:
            reasons[i] = reason
            continue
        if not covers or not pdfium_c.FPDFText_GetLooseCharBox(raw_text, i, rect_ref):
            continue
        cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
        height = abs(rect.top - rect.bottom)
        for cover in covers:
            if (
                cover.order > order
                and cover.left <= cx <= cover.right
                and cover.bottom <= cy <= cover.top
                and cover.top - cover.bottom >= min(height * 0.6, _MIN_COVER_POINTS * 3)
            ):
                reasons[i] = "covered"
                break
    return reasons


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
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
        inner = _compose(_matrix_of(obj), matrix)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _walk(pdfium_c.FPDFFormObj_GetObject(obj, i), inner, objects, depth + 1)
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
