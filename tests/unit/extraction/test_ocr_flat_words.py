"""A word read surely in a box flatter than its print is boxed again to it, not dropped as a rule."""

from __future__ import annotations

import numpy as np
import pytest

from services.intake.extraction.ocr_flat_words import drop_flat_words, fit_flat_words_to_ink
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed

_LINE = (1, 1, 1)


def _name_line(flat_at: float, confidence: float = 92.0) -> tuple[np.ndarray, list[_Raw], tuple[int, int]]:
    """`Copper L.L.C.` printed, `L.L.C.` boxed five pixels tall `flat_at` down its print; the
    image, the words and (top, height) of the print of `L.L.C.`."""
    gray, (left, top, width, height) = printed("Copper L.L.C.", "Helvetica", 9, page=(140, 30))
    cut = left + width * 45 // 100
    rows = np.nonzero((gray[:, cut : left + width] < 128).any(axis=1))[0]
    print_top, print_height = int(rows.min()), int(rows.max()) + 1 - int(rows.min())
    flat_top = print_top + round(flat_at * (print_height - 5))
    return (
        gray,
        [
            _Raw("Copper", 96.0, left, top, cut - left - 12, height, _LINE),
            _Raw("L.L.C.", confidence, cut, flat_top, left + width - cut, 5, _LINE),
            _Raw("Elevator", 96.0, left + width + 30, top, 60, height, _LINE),
        ],
        (print_top, print_height),
    )


@pytest.mark.parametrize("flat_at", [1.0, 0.6])  # on its baseline, across its middle
def test_a_sure_word_boxed_flatter_than_its_print_is_kept_boxed_to_it(flat_at: float) -> None:
    gray, raws, (print_top, print_height) = _name_line(flat_at)

    kept = drop_flat_words(fit_flat_words_to_ink(gray, raws))

    assert [r.text for r in kept] == ["Copper", "L.L.C.", "Elevator"]
    assert (kept[1].top, kept[1].height) == (print_top, print_height)


def test_an_unsure_flat_word_or_one_over_no_print_stays_flat_and_goes() -> None:
    gray, raws, _ = _name_line(1.0, confidence=60.0)
    assert [r.text for r in drop_flat_words(fit_flat_words_to_ink(gray, raws))] == ["Copper", "Elevator"]
    # a rule's remnant read as text: no print round it but the rule itself
    ruled = np.full((60, 200), 255, dtype=np.uint8)
    ruled[40:43, 20:180] = 0
    remnant = _Raw("9006-", 90.0, 120, 39, 50, 5, _LINE)
    word = _Raw("GL-5305", 96.0, 20, 10, 80, 24, _LINE)
    assert [r.text for r in drop_flat_words(fit_flat_words_to_ink(ruled, [word, remnant]))] == ["GL-5305"]
