"""A word the page reading boxed over a stacked label and the value beside it is read again alone."""

from __future__ import annotations

import numpy as np

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_tall_words import reread_tall_words
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed_lines


def _contact_block(
    value: str = "ANA CHEN", font: tuple[str, float] = ("Helvetica", 8), left: float = 30, at: float = 17
) -> Gray:
    """`CONTACT` over `NAME:` in small bold capitals, then the value, as the ACORD 25 prints them
    (by default `ANA CHEN` on NAME:'s line; some agency systems set a larger value higher, so that
    its first name runs into both label lines)."""
    label = [("CONTACT", "Helvetica-Bold", 5.5, 8, 24), ("NAME:", "Helvetica-Bold", 5.5, 8, 17)]
    return printed_lines([*label, (value, font[0], font[1], left, at)], (160, 40))


def _ink_box(gray: Gray, left: int, right: int) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(gray[:, left:right] < 128)
    top = int(rows.min())
    return left + int(cols.min()), top, int(cols.max()) + 1 - int(cols.min()), int(rows.max()) + 1 - top


def test_a_stacked_label_and_the_value_s_first_word_read_as_one_word_are_read_apart() -> None:
    # GIVEN the page reading's `GONTAGNA` (no confidence) over CONTACT / NAME: ANA, and a sure `CHEN`
    gray = _contact_block()
    ana_right = round(52 * 300 / 72)  # the label and ANA end before CHEN starts
    x, y, w, h = _ink_box(gray, 0, ana_right)
    cx, cy, cw, ch = _ink_box(gray, ana_right, gray.shape[1])
    line = (1, 1, 1)
    raws = [_Raw("GONTAGNA", 26.0, x, y, w, h, line), _Raw("CHEN", 96.0, cx, cy, cw, ch, line)]
    raws += [_Raw("PHONE", 96.0, x, y + 100 + 30 * i, 60, ch, (1, 2, i)) for i in range(3)]
    engine = TesseractEngine()

    # WHEN such words are read again
    read = reread_tall_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1))

    # THEN the value's first name is a word of its own, inside the old box, beside CHEN
    texts = [r.text for r in read]
    assert "ANA" in texts
    assert "GONTAGNA" not in texts
    ana = read[texts.index("ANA")]
    assert x <= ana.left
    assert ana.left + ana.width <= x + w + 2
    assert texts[-4:] == ["CHEN", "PHONE", "PHONE", "PHONE"]


def test_a_re_reading_no_surer_than_the_word_leaves_it_as_read() -> None:
    # GIVEN a tall unsure word over blank paper: nothing sure is read there
    gray = np.full((200, 400), 255, np.uint8)
    raws = [_Raw("ee", 30.0, 50, 50, 80, 40, (1, 1, 1))]
    raws += [_Raw("WORD", 96.0, 50, 120 + 20 * i, 60, 20, (1, 2, i)) for i in range(3)]
    engine = TesseractEngine()
    assert reread_tall_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1)) == raws


def test_a_first_name_run_into_a_stacked_label_is_read_on_the_line_of_the_name() -> None:
    # GIVEN the page reading's unsure word over `ACT` / `E:` and MARIA, then a sure `SMITH`
    gray = _contact_block("MARIA SMITH", ("Helvetica-Bold", 9), left=29, at=18)
    name_start, smith_start = round(27 * 300 / 72), round(62 * 300 / 72)
    x, y, w, h = _ink_box(gray, name_start, smith_start)
    sx, sy, sw, sh = _ink_box(gray, smith_start, gray.shape[1])
    line = (1, 1, 1)
    raws = [_Raw("TAGIARIA", 0.0, x, y, w, h, line), _Raw("SMITH", 96.0, sx, sy, sw, sh, line)]
    raws += [_Raw("PHONE", 96.0, 30, 200 + 30 * i, 60, 20, (1, 2, i)) for i in range(3)]
    engine = TesseractEngine()

    # WHEN such words are read again
    read = reread_tall_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1))

    # THEN the first name stands beside SMITH, read on the name's own line
    texts = [r.text for r in read]
    assert "TAGIARIA" not in texts
    assert texts[texts.index("SMITH") - 1] == "MARIA"


def _party_block() -> Gray:
    """`INSURED` in small bold capitals, the insured's name close under it (a photo of the official form)."""
    lines = [("INSURED", "Helvetica-Bold", 5.5, 8, 26), ("Northgate Electric LLC", "Helvetica", 9, 8, 16)]
    return printed_lines(lines, (200, 40))


def test_a_sure_word_boxed_over_the_label_above_it_gives_the_label_back() -> None:
    # GIVEN `Northgate` read surely (87) in a box over its own print and the INSURED label above it
    gray = _party_block()
    name_right = round(52 * 300 / 72)
    x, y, w, h = _ink_box(gray, 0, name_right)
    ex, ey, ew, eh = _ink_box(gray[round(18 * 300 / 72) :], name_right, gray.shape[1])
    ey += round(18 * 300 / 72)
    line = (1, 1, 1)
    raws = [_Raw("Northgate", 87.0, x, y, w, h, line), _Raw("Electric", 95.0, ex, ey, ew // 2, eh, line)]
    raws += [_Raw("PHONE", 96.0, x, y + 200 + 30 * i, 60, eh, (1, 2, i)) for i in range(3)]
    engine = TesseractEngine()

    # WHEN such words are read again
    read = reread_tall_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1))

    # THEN the label is a word of its own above the name, which keeps its reading and its confidence
    texts = [r.text for r in read]
    assert texts[:2] == ["INSURED", "Northgate"]
    label, name = read[0], read[1]
    assert label.top + label.height <= name.top + 2
    assert name.confidence == 87.0
    assert name.height < h


def test_a_sure_tall_word_over_blank_paper_stays_as_read() -> None:
    gray = np.full((300, 400), 255, np.uint8)
    gray[150:170, 50:130] = 0  # one line of print, boxed three lines tall
    raws = [_Raw("Northgate", 90.0, 50, 100, 80, 70, (1, 1, 1))]
    raws += [_Raw("WORD", 96.0, 200, 50 + 25 * i, 60, 20, (1, 2, i)) for i in range(3)]
    engine = TesseractEngine()
    assert reread_tall_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1)) == raws
