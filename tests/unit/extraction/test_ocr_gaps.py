"""A doubtful word boxed over two narrow columns is cut at the blank between them and read again."""

from __future__ import annotations

import io

import numpy as np
import pytest
from reportlab.pdfgen import canvas

from services.intake.extraction.ocr import TesseractEngine, _Raw
from services.intake.extraction.ocr_gaps import _share_text, split_at_wide_gaps
from services.intake.extraction.ocr_words import _uncertain_groups
from tests.unit.extraction.printed import printed

pytest.importorskip("pytesseract")
pdfium = pytest.importorskip("pypdfium2")


def _answers() -> np.ndarray:
    """`X` and `Y` in the ADDL INSD and SUBR WVD columns, the rule between them taken out."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(120, 30))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(20, 10, "X")
    pdf.drawString(42, 10, "Y")
    pdf.save()
    image = pdfium.PdfDocument(out.getvalue())[0].render(scale=300 / 72, grayscale=True).to_pil()
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _box_of_ink(image: np.ndarray) -> tuple[int, int, int, int]:
    rows = np.flatnonzero((image < 128).any(axis=1))
    columns = np.flatnonzero((image < 128).any(axis=0))
    return int(columns[0]), int(rows[0]), int(columns[-1] - columns[0] + 1), int(rows[-1] - rows[0] + 1)


def test_two_answers_read_as_one_doubtful_word_come_back_as_two_sure_marks() -> None:
    image = _answers()
    left, top, width, height = _box_of_ink(image)
    raws = [_Raw("KN", 48.0, left, top, width, height, (1, 1, 1))]
    pieces = split_at_wide_gaps(image, raws, 60.0)
    assert [r.text for r in pieces] == ["K", "N"]
    assert pieces[0].left + pieces[0].width < pieces[1].left
    reread = TesseractEngine()._reread_uncertain(image, pieces, 1)
    assert sorted(r.text for r in reread) == ["X", "Y"]


def test_a_sure_word_or_one_without_a_wide_blank_is_left_whole() -> None:
    image = _answers()
    left, top, width, height = _box_of_ink(image)
    sure = [_Raw("XY", 91.0, left, top, width, height, (1, 1, 1))]
    assert split_at_wide_gaps(image, sure, 60.0) == sure
    x_only = [_Raw("Xx", 40.0, left, top, height * 2, height, (1, 1, 1))]
    assert split_at_wide_gaps(image, x_only, 60.0) == x_only


def test_a_tall_doubtful_box_does_not_pull_the_next_cell_s_words_into_its_group() -> None:
    stacked_label = _Raw("See", 20.0, 100, 100, 120, 70, (1, 1, 1))  # SCHEDULED / AUTOS read as one
    answer = _Raw("KN", 48.0, 290, 120, 95, 24, (1, 1, 1))  # 70 px to its right: the next column
    groups = _uncertain_groups([stacked_label, answer], 60.0, set())
    assert [[r.text for r in group] for group in groups] == [["See"], ["KN"]]


def test_a_doubtful_bar_between_two_cells_does_not_join_their_words_into_one_group() -> None:
    # `COMBINED SINGLE LIMIT` read as `an ee oe`, a rule's stub `|`, then `1,000,000` read as `Aon 00d`
    line = (1, 1, 1)
    label = [_Raw("ee", 22.0, 1965, 1604, 54, 20, line), _Raw("oe", 20.0, 2025, 1604, 64, 20, line)]
    bar = _Raw("|", 48.0, 2132, 1600, 3, 30, line)
    amount = [_Raw("Aon", 42.0, 2165, 1614, 79, 30, line), _Raw("00d", 55.0, 2256, 1614, 54, 30, line)]
    groups = _uncertain_groups([*label, bar, *amount], 60.0, set())
    assert [[r.text for r in group] for group in groups] == [["ee", "oe"], ["Aon", "00d"]]


def test_a_doubtful_letter_boxed_on_over_blank_paper_is_fitted_to_its_print_and_read_again() -> None:
    # GIVEN an insurer letter `A` read as `Be`, boxed on to the next column's rule
    image, (left, top, width, height) = printed("A", "Helvetica", 10, page=(80, 30), at=(12, 10))
    raws = [_Raw("Be", 47.0, left, top, width + 3 * height, height, (1, 1, 1))]

    fitted = split_at_wide_gaps(image, raws, 60.0)

    # THEN one word over the letter's ink, which reads as the letter again
    assert [(r.text, r.left, r.width) for r in fitted] == [("Be", left, width)]
    assert [r.text for r in TesseractEngine()._reread_uncertain(image, fitted, 1)] == ["A"]


def test_a_stop_read_after_two_marks_stays_with_the_second_not_taking_its_letter() -> None:
    # `NY.` read over the ADDL N and the SUBR Y: by widths alone the N's piece would take `NY` and
    # the Y's piece the stop, and the Y's answer would be lost.
    assert _share_text("NY.", [(0, 20), (76, 96)]) == ["N", "Y."]
    assert _share_text("KN", [(0, 20), (50, 70)]) == ["K", "N"]
