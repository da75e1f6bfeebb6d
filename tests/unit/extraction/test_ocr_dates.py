"""A policy date the page reading broke (`1/2424` for a tight serif `11/24/24`) is read again alone."""

from __future__ import annotations

import pytest

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_dates import (
    DATE_CHARACTERS,
    _broken_date,
    rejoin_split_dates,
    reread_broken_dates,
    reread_dates_after_glued_pieces,
)
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed


def _printed(text: str, font: str = "Times-Roman") -> tuple[Gray, _Raw]:
    gray, box = printed(text, font, 9, page=(200, 40), at=(40, 15))
    return gray, _Raw("", 49.0, *box, (1, 1, 1))


@pytest.mark.parametrize(
    ("printed", "misread"),
    [("11/24/24", "1/2424"), ("05/25/25", "05/2505."), ("10/04/2026", ".10/04/262G:")],  # specks either side
)
def test_a_broken_date_is_read_again_alone(printed: str, misread: str) -> None:
    gray, raw = _printed(printed)
    engine = TesseractEngine()
    broken = _Raw(misread, raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line)

    reread = reread_broken_dates(gray, [broken], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS))

    assert [r.text for r in reread] == [printed]


def test_a_date_read_at_no_confidence_with_its_slashes_lost_is_read_again() -> None:
    gray, raw = _printed("7/13/2025")
    engine = TesseractEngine()
    unseen = _Raw("(132025", 0.0, raw.left, raw.top, raw.width, raw.height, raw.line)
    number = _Raw("1320251", 91.0, raw.left, raw.top + 200, raw.width, raw.height, (1, 1, 2))

    reread = reread_broken_dates(
        gray, [unseen, number], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS)
    )

    # THEN the date is read; a surely read run of digits (a policy number) is left alone
    assert [r.text for r in reread] == ["7/13/2025", "1320251"]


@pytest.mark.parametrize(
    ("misread", "confidence", "read"),
    [
        ("Oa/iay202!", 0.0, True),
        ("Oa/iay202!", 60.0, False),
        ("OT/ABFROZE", 0.0, True),  # no digit seen at all, at no confidence
        ("OT/ABFROZE", 5.0, False),  # some confidence and no digit: a word, not a date
    ],
)
def test_a_date_shaped_word_read_at_no_confidence_is_read_again(
    misread: str, confidence: float, read: bool
) -> None:
    # GIVEN a typewriter date on a line OCR merged with the stacked label beside it
    gray, raw = _printed("02/14/2025", "Courier")
    engine = TesseractEngine()
    unseen = _Raw(misread, confidence, raw.left, raw.top, raw.width, raw.height, raw.line)

    reread = reread_broken_dates(gray, [unseen], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS))

    # THEN it is read again as the date; a word OCR was sure of is left as read
    assert [r.text for r in reread] == ["02/14/2025" if read else misread]


def test_a_broken_date_is_read_again_with_the_month_s_first_digit_boxed_apart_before_it() -> None:
    # GIVEN a typewriter `03-11-2026` read `0` and `2—11=2096` (its hyphens as a dash and a `=`)
    gray, whole = _printed("03-11-2026", "Courier")
    glyph = whole.width // 10
    first = _Raw("0", 90.0, whole.left, whole.top, glyph - 2, whole.height, (1, 1, 3))
    rest = _Raw(
        "2—11=2096", 43.0, whole.left + glyph, whole.top, whole.width - glyph, whole.height, (1, 1, 3)
    )
    engine = TesseractEngine()

    reread = reread_broken_dates(
        gray, [first, rest], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS)
    )

    assert [r.text for r in reread] == ["03-11-2026"]


def test_a_date_read_as_pieces_is_read_again_as_one() -> None:
    # GIVEN `05/24/2026` read as nine pieces side by side (`05` `js` `2` `4` `/` `9)` `0` `>` `6`)
    gray, whole = _printed("05/24/2026", "Courier")
    texts = ["05", "js", "2", "4", "/", "9)", "0", ">", "6"]
    width = whole.width // len(texts)
    pieces = [
        _Raw(text, 60.0, whole.left + i * width, whole.top, width - 1, whole.height, (1, 1, 7))
        for i, text in enumerate(texts)
    ]
    neighbour = _Raw("EACH", 96.0, whole.left + whole.width + 80, whole.top, 60, whole.height, (1, 1, 7))
    engine = TesseractEngine()

    reread = reread_broken_dates(
        gray, [*pieces, neighbour], lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS)
    )

    assert [r.text for r in reread] == ["05/24/2026", "EACH"]
    assert (reread[0].left, reread[0].width) == (whole.left, len(texts) * width - 1)


def test_a_typewriter_date_read_as_pieces_on_several_lines_of_the_reading_is_read_again_as_one() -> None:
    # GIVEN `06/08/2025` read as ten noisy pieces, its first and last ones found in print the page
    # reading skipped (lines of their own)
    gray, whole = _printed("06/08/2025", "Courier")
    texts = ["0)", "6", "y", "@)", "8", "/", "y)", "0", "2", "5"]
    width = whole.width // len(texts)
    lines = [(-1, 0, 0)] + [(1, 1, 7)] * 7 + [(-1, 1, 0), (-1, 2, 0)]
    pieces = [
        _Raw(text, 60.0, whole.left + i * width, whole.top, width - 1, whole.height, line)
        for i, (text, line) in enumerate(zip(texts, lines, strict=True))
    ]
    engine = TesseractEngine()

    reread = reread_broken_dates(gray, pieces, lambda cut: engine._tesseract(cut, 6, 1, DATE_CHARACTERS))

    assert [r.text for r in reread] == ["06/08/2025"]


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


def test_a_month_s_first_digit_split_off_its_date_is_rejoined() -> None:
    # GIVEN `11/22/2026` read as `1` and `1/22/2026`, the two ones set a little apart
    line = (1, 1, 1)
    raws = [_Raw("1", 92.0, 1558, 1422, 6, 19, line), _Raw("1/22/2026", 92.0, 1573, 1422, 108, 20, line)]

    # THEN it is one date, boxed over both
    [date_word] = rejoin_split_dates(raws)
    assert (date_word.text, date_word.left, date_word.width) == ("11/22/2026", 1558, 123)


def test_a_digit_a_word_space_before_a_date_or_one_that_makes_no_date_stays_apart() -> None:
    line = (1, 1, 1)
    spaced = [_Raw("1", 92.0, 1500, 1422, 6, 19, line), _Raw("1/22/2026", 92.0, 1573, 1422, 108, 20, line)]
    no_date = [_Raw("1", 92.0, 1558, 1422, 6, 19, line), _Raw("12/22/2026", 92.0, 1573, 1422, 118, 20, line)]
    assert [r.text for r in rejoin_split_dates(spaced)] == ["1", "1/22/2026"]
    assert [r.text for r in rejoin_split_dates(no_date)] == ["1", "12/22/2026"]


@pytest.mark.parametrize(("piece", "kept"), [("o7", False), ("07", True), ("ab", True)])
def test_a_date_with_a_piece_glued_before_it_is_read_again_with_it(piece: str, kept: bool) -> None:
    # GIVEN `07/19/2026` read as `o7` and `1/19/2026`, the slash after the month read as a 1
    gray, whole = _printed("07/19/2026", "Courier")
    cut = whole.width * 3 // 10
    raws = [
        _Raw(piece, 30.0, whole.left, whole.top, cut - 4, whole.height, whole.line),
        _Raw("1/19/2026", 90.0, whole.left + cut, whole.top, whole.width - cut, whole.height, whole.line),
    ]
    engine = TesseractEngine()

    reread = reread_dates_after_glued_pieces(
        gray, raws, lambda c: engine._tesseract(c, 6, 1, DATE_CHARACTERS)
    )

    # THEN it is the whole date; digits alone (rejoined elsewhere) or letters are no such piece
    assert [r.text for r in reread] == ([piece, "1/19/2026"] if kept else ["07/19/2026"])
