"""`pdf-form`: the values of a fillable certificate, read from its AcroForm.

In a fillable PDF the values are not in the page text, only in the fields. Field names differ
between the official form (`F[0].P1[0].Policy_GeneralLiability_PolicyNumberIdentifier_A[0]`),
its short names, and agency systems' own names, so every value is also placed as words at its
widget's rectangle: the ACORD 25 mapper then reads it by the printed labels around it, exactly as
it reads a flattened page. Hybrid AcroForm/XFA forms are read through their AcroForm.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from services.intake.extraction.ir import PDF_FORM_ENGINE, Box, FormField, Page, Word

ENGINE = PDF_FORM_ENGINE


@dataclass(frozen=True)
class Widget:
    name: str
    value: str | None
    kind: str  # text | checkbox | choice | signature
    page: int
    rect: tuple[float, float, float, float]  # PDF user space: left, bottom, right, top
    font_size: float
    multiline: bool


def short_name(name: str) -> str:
    """`F[0].P1[0].Insurer_FullName_A[0]` -> `Insurer_FullName_A`."""
    last = name.rsplit(".", 1)[-1]
    return re.sub(r"\[\d+\]$", "", last)


def _utf16(getter: object, form: object, annotation: object) -> str:
    size = getter(form, annotation, None, 0)  # type: ignore[operator]
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    getter(form, annotation, buffer, size)  # type: ignore[operator]
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")


def read_widgets_pdfium(
    document: pdfium.PdfDocument,
) -> tuple[list[Widget], list[tuple[float, float, float, float, int]]]:
    """Every widget and each page's box (left, bottom, width, height, rotation), through pdfium's form
    environment (twice as fast as pypdf). `init_forms()` must have run before the pages were loaded."""
    from services.intake.extraction.pdf_text import page_geometry

    form = document.formenv.raw if document.formenv is not None else None
    widgets: list[Widget] = []
    boxes: list[tuple[float, float, float, float, int]] = []
    rect = pdfium_c.FS_RECTF()
    font_size = ctypes.c_float()
    for index in range(len(document)):
        page = document[index]
        try:
            boxes.append(page_geometry(page))
            if form is None:
                continue
            count = min(pdfium_c.FPDFPage_GetAnnotCount(page.raw), 2000)
            for position in range(count):
                annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, position)
                if not annotation:
                    continue
                try:
                    widget = _pdfium_widget(form, annotation, index + 1, rect, font_size)
                finally:
                    pdfium_c.FPDFPage_CloseAnnot(annotation)
                if widget is not None:
                    widgets.append(widget)
        finally:
            page.close()
    return widgets, boxes


def _pdfium_widget(
    form: object, annotation: object, page: int, rect: object, font_size: ctypes.c_float
) -> Widget | None:
    if pdfium_c.FPDFAnnot_GetSubtype(annotation) != pdfium_c.FPDF_ANNOT_WIDGET:
        return None
    field_type = pdfium_c.FPDFAnnot_GetFormFieldType(form, annotation)
    if field_type == pdfium_c.FPDF_FORMFIELD_SIGNATURE or field_type < 0:
        return None
    if not pdfium_c.FPDFAnnot_GetRect(annotation, ctypes.byref(rect)):  # type: ignore[arg-type]
        return None
    name = _utf16(pdfium_c.FPDFAnnot_GetFormFieldName, form, annotation)
    if field_type in (pdfium_c.FPDF_FORMFIELD_CHECKBOX, pdfium_c.FPDF_FORMFIELD_RADIOBUTTON):
        kind = "checkbox"
        value: str | None = "X" if pdfium_c.FPDFAnnot_IsChecked(form, annotation) else None
    else:
        kind = (
            "choice"
            if field_type in (pdfium_c.FPDF_FORMFIELD_COMBOBOX, pdfium_c.FPDF_FORMFIELD_LISTBOX)
            else "text"
        )
        value = _utf16(pdfium_c.FPDFAnnot_GetFormFieldValue, form, annotation) or None
        if value is not None and not value.strip():
            value = None
    size = (
        float(font_size.value)
        if pdfium_c.FPDFAnnot_GetFontSize(form, annotation, ctypes.byref(font_size))
        else 0.0
    )
    flags = pdfium_c.FPDFAnnot_GetFormFieldFlags(form, annotation)
    left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top  # type: ignore[attr-defined]
    return Widget(
        name=name,
        value=value,
        kind=kind,
        page=page,
        rect=(min(left, right), min(bottom, top), max(left, right), max(bottom, top)),
        font_size=size if size > 0 else 8.0,
        multiline=bool(flags & pdfium_c.FPDF_FORMFLAG_TEXT_MULTILINE),
    )


def _to_display(
    rect: tuple[float, float, float, float], page_box: tuple[float, float, float, float, int]
) -> Box:
    from services.intake.extraction.pdf_text import _Display

    display = _Display(*page_box)
    left, top, right, bottom = display.box(*rect)
    return Box(left=left, top=top, width=max(right - left, 1e-6), height=max(bottom - top, 1e-6))


def widget_words(widget: Widget, page_box: tuple[float, float, float, float, int]) -> list[Word]:
    """The value as words laid out inside the widget, the way a viewer would show it."""
    if widget.value is None:
        return []
    box = _to_display(widget.rect, page_box)
    text = widget.value
    if short_name(widget.name).endswith("_CityName_A") and not text.rstrip().endswith(","):
        text += ","  # official forms split "City, ST ZIP" into three fields; the comma is implied
    shown_width = page_box[3] if page_box[4] in (90, 270) else page_box[2]
    shown_height = page_box[2] if page_box[4] in (90, 270) else page_box[3]
    char_w = widget.font_size * 0.5 / shown_width
    line_h = widget.font_size * 1.15 / shown_height
    lines: list[list[str]] = []
    if widget.multiline:
        capacity = max(int(box.width / char_w), 8)
        for paragraph in text.splitlines() or [text]:
            current: list[str] = []
            length = 0
            for token in paragraph.split():
                if current and length + 1 + len(token) > capacity:
                    lines.append(current)
                    current, length = [], 0
                length += len(token) + (1 if current else 0)
                current.append(token)
            if current:
                lines.append(current)
    else:
        lines = [text.split()]
    words: list[Word] = []
    height = min(line_h, box.height) if not widget.multiline else line_h
    for row, tokens in enumerate(lines):
        top = box.top + row * line_h if widget.multiline else box.top + (box.height - height) / 2
        x = box.left + char_w * 0.5
        for token in tokens:
            width = char_w * len(token)
            words.append(
                Word(
                    text=token,
                    page=widget.page,
                    box=Box(left=x, top=top, width=width, height=height),
                    source=ENGINE,
                )
            )
            x += width + char_w
    return words


def form_fields(
    widgets: list[Widget], boxes: list[tuple[float, float, float, float, int]]
) -> list[FormField]:
    return [
        FormField(
            name=w.name,
            value=w.value,
            page=w.page,
            box=_to_display(w.rect, boxes[w.page - 1]),
            kind=w.kind,
            origin=f"acroform:{w.name}",
        )
        for w in widgets
    ]


def merge_values_into_pages(
    pages: list[Page], widgets: list[Widget], boxes: list[tuple[float, float, float, float, int]]
) -> list[Page]:
    merged = []
    for page in pages:
        extra = [
            word for w in widgets if w.page == page.number for word in widget_words(w, boxes[w.page - 1])
        ]
        merged.append(page.model_copy(update={"words": [*page.words, *extra]}))
    return merged
