"""A word whose box stops inside its own print (`san` of `Susan`) is read again whole."""

from __future__ import annotations

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_cut_words import reread_cut_words
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed


def _reread(raws: list[_Raw], gray: Gray) -> list[str]:
    engine = TesseractEngine()
    return [r.text for r in reread_cut_words(gray, raws, lambda cut: engine._tesseract(cut, 6, 1))]


def test_a_word_that_lost_its_first_letters_to_a_neighbour_s_box_is_read_whole() -> None:
    gray, (left, top, width, height) = printed("Susan", "Helvetica", 9, page=(160, 30), at=(60, 10))
    cut = round(width * 0.4)  # `Su` given to the label's box beside it, which a re-read dropped
    san = _Raw("san", 87.0, left + cut, top, width - cut, height, (1, 1, 1))
    assert _reread([san], gray) == ["Susan"]


def test_a_whole_word_after_a_word_space_is_left_alone() -> None:
    gray, (left, top, width, height) = printed("Susan Walsh", "Helvetica", 9, page=(160, 30), at=(20, 10))
    walsh_left = left + round(width * 0.53)
    walsh = _Raw("Walsh", 96.0, walsh_left, top, left + width - walsh_left, height, (1, 1, 2))
    susan = _Raw("Susan", 96.0, left, top, round(width * 0.45), height, (1, 1, 1))
    assert _reread([susan, walsh], gray) == ["Susan", "Walsh"]
