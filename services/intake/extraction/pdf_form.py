"""`pdf-form`: the values of a fillable certificate, read from its AcroForm.

In a fillable PDF the values are not in the page text, only in the fields. Field names differ
between the official form (`F[0].P1[0].Policy_GeneralLiability_PolicyNumberIdentifier_A[0]`),
its short names, and agency systems' own names, so every value is also placed as words at its
widget's rectangle: the ACORD 25 mapper then reads it by the printed labels around it, exactly as
it reads a flattened page. Hybrid AcroForm/XFA forms are read through their AcroForm.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from services.intake.extraction.ir import Box, FormField, Page, Word

ENGINE = "pdf-form"
_FONT_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s+Tf")
_MULTILINE_FLAG = 1 << 12


@dataclass(frozen=True)
class Widget:
    name: str
    value: str | None
    kind: str  # text | checkbox | choice | signature
    page: int
    rect: tuple[float, float, float, float]  # PDF user space: left, bottom, right, top
    font_size: float
    multiline: bool


def _inherited(field: DictionaryObject, key: str) -> object | None:
    node: DictionaryObject | None = field
    for _ in range(20):  # a parent chain longer than this is hostile
        if node is None:
            return None
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        if not isinstance(node, DictionaryObject):
            return None
    return None


def _qualified_name(field: DictionaryObject) -> str:
    parts: list[str] = []
    node: DictionaryObject | None = field
    for _ in range(20):
        if node is None:
            break
        partial = node.get("/T")
        if partial is not None:
            parts.append(str(partial))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        if not isinstance(node, DictionaryObject):
            break
    return ".".join(reversed(parts))


def short_name(name: str) -> str:
    """`F[0].P1[0].Insurer_FullName_A[0]` -> `Insurer_FullName_A`."""
    last = name.rsplit(".", 1)[-1]
    return re.sub(r"\[\d+\]$", "", last)


def read_widgets(
    data: bytes, max_pages: int
) -> tuple[list[Widget], list[tuple[float, float, float, float, int]]]:
    """Every widget with a value, and each page's box (left, bottom, width, height, rotation)."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    widgets: list[Widget] = []
    boxes = []
    for index, page in enumerate(reader.pages[:max_pages]):
        box = page.cropbox
        boxes.append(
            (
                float(box.left),
                float(box.bottom),
                float(box.width),
                float(box.height),
                int(page.get("/Rotate", 0) or 0) % 360,
            )
        )
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
        if not isinstance(annotations, ArrayObject):
            continue
        for reference in annotations[:2000]:
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") != "/Widget":
                continue
            widget = _widget(annotation, index + 1)
            if widget is not None:
                widgets.append(widget)
    return widgets, boxes


def _widget(annotation: DictionaryObject, page: int) -> Widget | None:
    field_type = str(_inherited(annotation, "/FT") or "")
    value = _inherited(annotation, "/V")
    rect = annotation.get("/Rect")
    if rect is None or len(rect) != 4:
        return None
    left, bottom, right, top = (float(v) for v in rect)
    left, right = min(left, right), max(left, right)
    bottom, top = min(bottom, top), max(bottom, top)
    name = _qualified_name(annotation)
    if field_type == "/Btn":
        state = annotation.get("/AS")
        chosen = str(state if state is not None else value or "/Off")
        kind = "checkbox"
        text: str | None = "X" if chosen not in ("/Off", "Off", "", "None") else None
    elif field_type == "/Sig":
        return None
    else:
        kind = "choice" if field_type == "/Ch" else "text"
        if isinstance(value, ArrayObject):
            value = ", ".join(str(v) for v in value)
        text = str(value) if value is not None else None
        if text is not None and text.strip() == "":
            text = None
    appearance = str(_inherited(annotation, "/DA") or "")
    match = _FONT_SIZE.search(appearance)
    font_size = float(match.group(1)) if match and float(match.group(1)) > 0 else 8.0
    flags = int(_inherited(annotation, "/Ff") or 0)  # type: ignore[call-overload]
    return Widget(
        name=name,
        value=text,
        kind=kind,
        page=page,
        rect=(left, bottom, right, top),
        font_size=font_size,
        multiline=bool(flags & _MULTILINE_FLAG),
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
