"""A letter printed in a box (the WC `Y / N` answer) is read as that letter, not as a tick."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction import imaging
from services.intake.extraction.ir import Box, Word
from services.intake.extraction.ocr import _under_answer_label

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


def _label(text: str, left: float, top: float) -> Word:
    return Word(text=text, page=1, box=Box(left=left, top=top, width=0.02, height=0.006), source="ocr")


def test_a_boxed_letter_is_an_answer_only_under_a_printed_y_n() -> None:
    box = imaging.CheckBox(left=660, top=2073, width=62, height=53, ticked=True, fill=0.2, letter="N")
    width, height = 2550, 3300
    assert _under_answer_label(box, [_label("Y/N", 0.260, 0.621)], width, height)
    # A check mark shaped like an N in a type-of-insurance box, far from any Y / N: a tick.
    assert not _under_answer_label(box, [_label("Y/N", 0.600, 0.621)], width, height)
    assert not _under_answer_label(box, [], width, height)
