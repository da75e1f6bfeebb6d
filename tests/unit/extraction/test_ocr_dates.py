"""A policy date the page reading broke (`1/2424` for a tight serif `11/24/24`) is read again alone."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_dates import DATE_CHARACTERS, _broken_date, reread_broken_dates
from services.intake.extraction.ocr_words import _Raw


def _printed(text: str) -> tuple[Gray, _Raw]:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(200, 40))
    pdf.setFont("Times-Roman", 9)
    pdf.drawString(40, 15, text)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    rows, cols = np.nonzero(gray < 128)
    top, left = int(rows.min()), int(cols.min())
    box = (left, top, int(cols.max()) + 1 - left, int(rows.max()) + 1 - top)
    return gray, _Raw("", 49.0, *box, (1, 1, 1))


@pytest.mark.parametrize(("printed", "misread"), [("11/24/24", "1/2424"), ("05/25/25", "05/2505.")])
def test_a_broken_date_is_read_again_alone(printed: str, misread: str) -> None:
    gray, raw = _printed(printed)
    engine = TesseractEngine()
    broken = _Raw(misread, raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line)

    reread = reread_broken_dates(gray, [broken], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS))

    assert [r.text for r in reread] == [printed]


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("1/2424", True),
        ("05/2505.", True),
        ("05/25/2025", False),  # a date already
        ("GL-88120", True),  # looked at again, kept unless it reads as a date
        ("845-522-7712", False),  # a telephone number has too many digits
        ("1,000,000", False),
        ("Denver", False),
    ],
)
def test_what_counts_as_a_broken_date(text: str, broken: bool) -> None:
    assert _broken_date(text) is broken
