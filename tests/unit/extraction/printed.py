"""Print rendered as a 300 dpi scan would show it, with the box round its ink, for the OCR tests."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from services.intake.extraction.imaging import Gray


def printed(
    text: str,
    font: str,
    size: float = 8.0,
    page: tuple[float, float] = (120, 24),
    at: tuple[float, float] = (8, 8),
) -> tuple[Gray, tuple[int, int, int, int]]:
    """`text` printed at 300 dpi on a small white page; the image and (left, top, width, height)
    of its ink."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=page)
    pdf.setFont(font, size)
    pdf.drawString(*at, text)
    pdf.save()
    rendered = pdfium.PdfDocument(out.getvalue())[0].render(scale=300 / 72, grayscale=True)
    gray = np.asarray(rendered.to_pil().convert("L"), dtype=np.uint8)
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    return gray, (left, top, int(cols.max()) + 1 - left, int(rows.max()) + 1 - top)


def printed_lines(lines: list[tuple[str, str, float, float, float]], page: tuple[float, float]) -> Gray:
    """Lines of print, each `(text, font, size, x, y)` in points, on a small white page at 300 dpi."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=page)
    for text, font, size, x, y in lines:
        pdf.setFont(font, size)
        pdf.drawString(x, y, text)
    pdf.save()
    rendered = pdfium.PdfDocument(out.getvalue())[0].render(scale=300 / 72, grayscale=True)
    return np.asarray(rendered.to_pil().convert("L"), dtype=np.uint8)
