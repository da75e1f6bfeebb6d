"""A phone number clipped at the rule under it, garbled by the page reading, is read again whole."""

from __future__ import annotations

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_phones import _as_printed, page_separator, reread_garbled_phones
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed

_LINE = (1, 1, 15)


def _clipped_phone() -> tuple[Gray, list[_Raw]]:
    """`286.798.5880` printed taller than its field: its feet clipped on the rule."""
    printed_page, (left, top, width, height) = printed(
        "286.798.5880", "Helvetica", 10, page=(200, 40), at=(70, 15)
    )
    gray = printed_page.copy()
    cut = top + int(height * 0.85)
    gray[cut:] = 255
    gray[cut : cut + 3] = 0
    label = _Raw("Ext):", 90.0, left - 70, top, 50, height, _LINE)
    third = width // 3
    garbled = [
        _Raw("IRR", 69.0, left, top, third - 8, height, _LINE),
        _Raw("7OR", 65.0, left + third, top, third - 8, height, _LINE),
        _Raw("SRRN", 4.0, left + 2 * third, top, width - 2 * third, height, _LINE),
    ]
    return gray, [label, *garbled]


def test_a_clipped_phone_number_is_read_again_from_the_page_with_its_rule() -> None:
    # GIVEN the page with its rule, and the words the rule-less page reading made of the number
    ruled, raws = _clipped_phone()
    engine = TesseractEngine()

    # WHEN garbled phones are read again from the ruled page
    read = reread_garbled_phones(ruled, raws, lambda cut, allowed: engine._tesseract(cut, 6, 1, allowed))

    # THEN the label stays and the number is one word, trusted only enough to be looked at
    assert read[0].text == "Ext):"
    assert [r.text.replace(" ", ".") for r in read][1:] == ["286.798.5880"]
    assert read[1].confidence <= 60


def test_a_phone_number_read_right_is_left_as_read() -> None:
    # GIVEN the same number read right (its confidence high) from the page without its rule
    ruled, raws = _clipped_phone()
    left, top = raws[1].left, raws[1].top
    right_words = [
        raws[0],
        _Raw("286.798.5880", 91.0, left, top, raws[3].left + raws[3].width - left, raws[1].height, _LINE),
    ]
    engine = TesseractEngine()

    read = reread_garbled_phones(
        ruled, right_words, lambda cut, allowed: engine._tesseract(cut, 6, 1, allowed)
    )

    # THEN its reading and confidence stand: a re-reading saying the same digits replaces nothing
    assert [(r.text, r.confidence) for r in read] == [("Ext):", 90.0), ("286.798.5880", 91.0)]


def test_a_reading_is_a_phone_number_only_with_ten_digits_and_nothing_numeric_after() -> None:
    garbled = [_Raw(t, 50.0, 0, 0, 10, 10, _LINE) for t in ("2A", "R17", "9072")]
    assert _as_printed("3696179973 fale", garbled, " ") == "369 617 9973"
    assert _as_printed("3696179973", garbled, ".") == "369.617.9973"  # as the page's fax is printed
    assert _as_printed("(285)454-4149", garbled[:1], " ") == "(285) 454-4149"
    assert _as_printed("12867985880", garbled, " ") is None
    assert _as_printed("285 454", garbled, " ") is None


def test_the_separator_of_a_rebuilt_number_is_the_one_the_page_s_other_number_shows() -> None:
    assert page_separator(["5073040857", "981.985.0034"]) == "."
    assert page_separator(["5073040857", "981-985-0034"]) == "-"
    assert page_separator(["5073040857", "7R7-18RR"]) == " "
