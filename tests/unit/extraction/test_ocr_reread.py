"""Re-reading doubtful words: the cut-out's padding never brings in the clipped edge of the next line."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction.ocr import TesseractEngine, _Raw

pytest.importorskip("pytesseract")


def _block() -> np.ndarray:
    """A label over a name with the first address line tight below, as an insured box prints them."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 90))
    pdf.setFont("Helvetica-Bold", 6.5)
    pdf.drawString(20, 74, "INSURED")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(40, 62, "Westfield Drywall Inc")
    pdf.drawString(40, 51, "8411 Market Street")
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    return np.asarray(image, dtype=np.uint8)


def test_a_doubtful_label_and_name_read_together_come_back_without_the_next_lines_top() -> None:
    image = _block()
    dpi = 300 / 72
    # Tesseract's first pass merged the label and the name into doubtful fragments (`Ae`, `aid`).
    top = round((90 - 74 - 6.5) * dpi)
    bottom = round((90 - 62 + 2) * dpi)
    raws = [
        _Raw("Ae", 16.0, round(20 * dpi), top, round(60 * dpi), bottom - top, (1, 1, 1)),
        _Raw("aid", 0.0, round(75 * dpi), top + round(9 * dpi), round(70 * dpi), round(9 * dpi), (1, 1, 1)),
        _Raw("este", 0.0, round(40 * dpi), top + round(11 * dpi), round(30 * dpi), round(7 * dpi), (1, 1, 2)),
    ]
    reread = TesseractEngine()._reread_uncertain(image, raws, 1)
    texts = [r.text for r in reread]
    assert "INSURED" in texts
    assert "Westfield" in texts
    assert all(r.top + r.height / 2 <= bottom for r in reread)
