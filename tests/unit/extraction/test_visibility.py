"""Only visible text is read: covered, outside-page, invisible and white text is reported as hidden."""

from __future__ import annotations

import io

import pytest

from services.intake.extraction import pdf_text
from services.intake.extraction.visibility import page_visibility

canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")


def _pdf() -> bytes:
    buffer = io.BytesIO()
    c = canvas_module.Canvas(buffer, pagesize=(612, 792))
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "VISIBLE Alpha")
    c.drawString(72, 650, "STALE Beta")
    c.setFillColorRGB(1, 1, 1)
    c.rect(60, 640, 300, 25, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72, 652, "CURRENT Gamma")
    c.saveState()
    text = c.beginText(72, 600)
    text.setTextRenderMode(3)
    text.textLine("INVISIBLE Delta")
    c.drawText(text)
    c.restoreState()
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 560, "WHITE Epsilon")
    c.setFillColorRGB(0, 0, 0)
    c.drawString(700, 500, "OUTSIDE Zeta")
    c.save()
    return buffer.getvalue()


def test_visible_and_hidden_words_with_their_reason() -> None:
    document = pdf_text.open_pdf(_pdf())
    try:
        result = page_visibility(document, 0)
    finally:
        document.close()
    visible = {w.text for w in result.visible}
    hidden = {h.word.text: h.reason for h in result.hidden}
    assert visible == {"VISIBLE", "Alpha", "CURRENT", "Gamma"}
    assert hidden == {
        "STALE": "covered",
        "Beta": "covered",
        "INVISIBLE": "render_mode",
        "Delta": "render_mode",
        "WHITE": "white",
        "Epsilon": "white",
        "OUTSIDE": "outside_page",
        "Zeta": "outside_page",
    }


def test_the_page_reader_keeps_only_visible_words() -> None:
    document = pdf_text.open_pdf(_pdf())
    try:
        page = pdf_text.read_page_words(document, 0)
    finally:
        document.close()
    assert [w.text for w in page.words] == ["VISIBLE", "Alpha", "CURRENT", "Gamma"]
