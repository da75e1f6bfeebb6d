"""A letter printed in a box (the WC `Y / N` answer) is read as that letter, not as a tick."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction import imaging

BOX = 16.0  # points: the size of the officers-excluded box on the ACORD 25


def _boxed(font: str, glyph: str, size: float = 13.0) -> list[imaging.CheckBox]:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(60, 40))
    pdf.setLineWidth(0.8)
    pdf.rect(20, 12, BOX, BOX)
    pdf.setFont(font, size)
    width = pdf.stringWidth(glyph, font, size)
    pdf.drawString(20 + (BOX - width) / 2, 12 + (BOX - size * 0.7) / 2, glyph)
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    return imaging.find_checkboxes(gray)


@pytest.mark.parametrize("font", ["Times-Roman", "Helvetica", "Helvetica-Bold", "Courier"])
@pytest.mark.parametrize("letter", ["Y", "N"])
def test_a_boxed_answer_letter_is_that_letter(font: str, letter: str) -> None:
    boxes = [b for b in _boxed(font, letter) if b.ticked]
    assert [b.letter for b in boxes] == [letter]


@pytest.mark.parametrize(("font", "glyph"), [("Helvetica", "X"), ("Times-Roman", "X"), ("ZapfDingbats", "4")])
def test_a_cross_or_check_in_a_box_stays_a_tick(font: str, glyph: str) -> None:
    boxes = [b for b in _boxed(font, glyph) if b.ticked]
    assert [b.letter for b in boxes] == ["X"]


def test_an_empty_box_is_not_ticked() -> None:
    assert [b.ticked for b in _boxed("Helvetica", " ")] == [False]


def test_an_n_set_close_to_the_box_edge_keeps_its_stem() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(60, 40))
    pdf.setLineWidth(0.8)
    pdf.rect(20, 12, BOX, BOX)
    pdf.setFont("Times-Roman", 13)
    pdf.drawString(21.3, 15, "N")
    pdf.save()
    page = pdfium.PdfDocument(out.getvalue())[0]
    gray = np.asarray(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"), dtype=np.uint8)
    assert [b.letter for b in imaging.find_checkboxes(gray) if b.ticked] == ["N"]
