"""A limit amount the page reading broke into pieces is read again as one amount."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.intake.extraction.ocr import TesseractEngine
from services.intake.extraction.ocr_amounts import (
    AMOUNT_CHARACTERS,
    _amount_holding_the_pieces,
    _amount_runs,
    _broken_amount,
    _headless_amount,
    _headless_or_garbled,
    reread_broken_amounts,
)
from services.intake.extraction.ocr_dates import runs_of_pieces
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed


def _read_again(
    printed_text: str, font: str, pieces: list[tuple[str, int, int]], confidence: float
) -> list[str]:
    """The words after the re-read of `printed_text` read as `pieces` (text, first glyph cell, cells
    wide, in the print's mean glyph width)."""
    gray, (left, top, width, height) = printed(printed_text, font, 9, page=(220, 40), at=(60, 15))
    cell = width / len(printed_text)
    raws = [
        _Raw(text, confidence, left + round(at * cell), top, round(cells * cell) - 1, height, (1, 1, 5))
        for text, at, cells in pieces
    ]
    engine = TesseractEngine()
    read = reread_broken_amounts(gray, raws, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))
    return [r.text for r in read]


def test_an_amount_read_as_pieces_with_its_first_digit_lost_is_read_again_whole() -> None:
    # GIVEN `2,000,000` read as `00` `0` `?` `0` `0` `0`, its `2,` lost
    gray, (left, top, width, height) = printed("2,000,000", "Helvetica", 9, page=(200, 40), at=(60, 15))
    piece = width // 9
    texts = [("00", 2, 2), ("0", 4, 1), ("?", 5, 1), ("0", 6, 1), ("0", 7, 1), ("0", 8, 1)]
    pieces = [
        _Raw(t, 90.0, left + at * piece, top, size * piece - 1, height, (1, 1, 5)) for t, at, size in texts
    ]
    engine = TesseractEngine()

    read = reread_broken_amounts(gray, pieces, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    # THEN one amount, boxed from left of the pieces (where the lost digits were)
    assert [r.text for r in read] == ["2,000,000"]
    assert read[0].left < pieces[0].left


def test_pieces_that_are_no_amount_are_left_alone() -> None:
    line = (1, 1, 1)
    assert not _broken_amount(
        [_Raw(t, 90.0, 10 * i, 0, 8, 20, line) for i, t in enumerate(["AB", "C", "12"])]
    )
    assert not _broken_amount(
        [_Raw(t, 90.0, 10 * i, 0, 8, 20, line) for i, t in enumerate(["1,", "000", ",000"])]
    )


def test_numbers_in_running_text_read_again_are_left_as_read() -> None:
    # GIVEN a form citation `CG 20 01 04 13`: short pieces, mostly digits, that are no amount
    gray, (left, top, width, height) = printed("CG 20 01 04 13", "Helvetica", 9, page=(200, 40), at=(40, 15))
    piece = width // 14
    texts = [("CG", 0), ("20", 3), ("01", 6), ("04", 9), ("13", 12)]
    pieces = [_Raw(t, 90.0, left + at * piece, top, 2 * piece, height, (1, 1, 5)) for t, at in texts]
    engine = TesseractEngine()

    read = reread_broken_amounts(gray, pieces, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    assert [r.text for r in read] == ["CG", "20", "01", "04", "13"]


def test_a_typewriter_amount_read_digit_by_digit_across_its_lost_commas_is_read_again_whole() -> None:
    # GIVEN `$ 1,000,000` in a typewriter face read as `$` `ne` `0 0 0` `0 0 0`: its 1 as junk and its
    # commas lost, leaving gaps wider than a word space between the runs of digits
    gray, (left, top, width, height) = printed("$ 1,000,000", "Courier", 9, page=(200, 40), at=(40, 15))
    cell = width / 11  # Courier: every glyph the same width
    texts = [("$", 0), ("ne", 2), ("0", 4), ("0", 5), ("0", 6), ("0", 8), ("0", 9), ("0", 10)]
    pieces = [
        _Raw(t, 90.0, left + round(at * cell), top, round(0.7 * cell), height, (1, 1, 5)) for t, at in texts
    ]
    engine = TesseractEngine()

    read = reread_broken_amounts(gray, pieces, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    # THEN one amount from the `$` on
    assert [r.text for r in read] == ["$1,000,000"]
    assert read[0].left == pieces[0].left


def test_a_typewriter_amount_with_its_one_as_junk_and_its_comma_as_a_colon_is_read_again_whole() -> None:
    # GIVEN `$ 100,000` read as `$` `ib` `0` `0` `:` `0` `0` `0`: the 1 as two letters, the comma as
    # a colon; before, three characters of noise among five digits were no amount to read again
    gray, (left, top, width, height) = printed("$ 100,000", "Courier", 9, page=(200, 40), at=(40, 15))
    cell = width / 9
    texts = [("$", 0), ("ib", 2), ("0", 3), ("0", 4), (":", 5), ("0", 6), ("0", 7), ("0", 8)]
    pieces = [
        _Raw(t, 90.0, left + round(at * cell), top, round(0.7 * cell), height, (1, 1, 5)) for t, at in texts
    ]
    engine = TesseractEngine()

    read = reread_broken_amounts(gray, pieces, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    assert [r.text for r in read] == ["$100,000"]


def test_a_broken_amount_run_into_its_label_s_words_is_read_again_whole() -> None:
    # GIVEN a photo's `1,000,000` read as `4,` `QQ` `900`, after `SINGLE` `LIMIT` and a smudge `—`
    # set close enough to be one run of pieces with them
    gray, (left, top, width, height) = printed("1,000,000", "Helvetica", 9, page=(260, 40), at=(140, 15))
    glyph = width / 9
    line = (1, 1, 5)
    label = [
        _Raw("SINGLE", 90.0, left - 150, top, 60, height, line),
        _Raw("LIMIT", 90.0, left - 80, top, 50, height, line),
        _Raw("—", 47.0, left - 25, top, 15, height, line),
    ]
    texts = [("4,", 0, 2), ("QQ", 2, 2), ("900", 6, 3)]
    pieces = [
        _Raw(t, 40.0, left + round(at * glyph), top, round(n * glyph), height, line) for t, at, n in texts
    ]
    engine = TesseractEngine()

    read = reread_broken_amounts(
        gray, label + pieces, lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS)
    )

    assert [r.text for r in read if any(ch.isdigit() for ch in r.text)] == ["1,000,000"]
    assert [r.text for r in read[:2]] == ["SINGLE", "LIMIT"]


def test_an_amount_with_its_middle_group_read_as_a_bracket_and_letters_is_read_again_whole() -> None:
    # GIVEN `1,000,000` read as `1` `(QQ` `000`: the first comma as a bracket, two zeros as Qs
    pieces = [("1", 0, 1), ("(QQ", 1, 4), ("000", 6, 3)]
    assert _read_again("1,000,000", "Helvetica", pieces, 60.0) == ["1,000,000"]


def test_two_pieces_of_an_amount_starting_with_a_zero_are_read_again_with_the_digit_lost() -> None:
    # GIVEN a typewriter `100,000` read as `00.` `000`: its 1 unread, its comma read as a stop
    assert _read_again("100,000", "Courier", [("00.", 1, 3), ("000", 4, 3)], 96.0) == ["100,000"]
    # or a typewriter `1,000,000` as `O00;` `000`, its 1, comma and a group lost, a zero read as O
    assert _read_again("1,000,000", "Courier", [("O00;", 2, 4), ("000", 6, 3)], 3.0) == ["1,000,000"]
    # two pieces that start with another digit are an amount read in two, left to the limit reader
    assert not _broken_amount(
        [_Raw("500", 96.0, 0, 0, 30, 20, (1, 1, 5)), _Raw("000", 96.0, 40, 0, 30, 20, (1, 1, 5))]
    )


def test_runs_of_zeros_far_apart_are_not_one_amount() -> None:
    # Zeros in two cells of a line, farther apart than a lost comma leaves, stay separate runs.
    line = (1, 1, 1)
    zeros = [_Raw("0", 90.0, left, 0, 10, 20, line) for left in (0, 12, 24, 200, 212, 224)]
    assert [len(run) for run in _amount_runs(runs_of_pieces(zeros))] == [3, 3]


def test_an_amount_with_its_comma_and_a_zero_read_as_a_bracket_is_read_again_whole() -> None:
    # GIVEN `1,000,000.00` read as `1` `(00` `000.00`: the first comma and a zero read as a bracket,
    # the last group with its cents one piece of six characters
    pieces = [("1", 0, 1), ("(00", 1, 4), ("000.00", 6, 6)]
    # THEN the amount as printed
    assert _read_again("1,000,000.00", "Helvetica", pieces, 60.0) == ["1,000,000.00"]


def test_an_amount_read_whole_but_for_its_first_digit_is_read_again_from_left_of_it() -> None:
    # GIVEN `$ 1,000,000` read as `ES` `,000,000`: the `$` as letters, the 1 lost
    gray, (left, top, width, height) = printed("1,000,000", "Helvetica", 9, page=(220, 40), at=(80, 15))
    glyph = width / 9
    headless = _Raw(",000,000", 90.0, left + round(glyph), top, width - round(glyph), height, (1, 1, 5))
    sign = _Raw("ES", 36.0, left - 30, top, 6, height, (1, 1, 5))
    engine = TesseractEngine()

    read = reread_broken_amounts(
        gray, [sign, headless], lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS)
    )

    # THEN the amount whole, boxed from left of what was read
    assert [r.text for r in read] == ["ES", "1,000,000"]
    assert read[1].left < headless.left


def test_only_amounts_missing_their_head_are_read_again_alone() -> None:
    assert _headless_amount(",000,000")
    assert _headless_amount("(00,000")
    assert _headless_amount("05,000.00")
    assert _headless_amount("000.000")  # `2,000,000` with its `2,` lost, a comma read as a stop
    assert _headless_amount("$00,000")  # `500,000`, its 5 read as a sign
    assert _headless_amount("°00,000")  # or as a degree sign, its top alone
    assert not _headless_amount("$1,000,000")
    assert not _headless_amount("1,000,000")  # whole
    assert not _headless_amount(",000")  # a piece the limit reader joins to the digits before it
    assert not _headless_amount("01234567")  # a number without thousands groups


def test_an_amount_read_whole_with_brackets_among_its_digits_is_read_again() -> None:
    # GIVEN a photo's `4,000,000.00` read as `4,(()0,000.00`, a zero read as brackets, at 44
    gray, (left, top, width, height) = printed("4,000,000.00", "Times-Roman", 10, page=(220, 40), at=(60, 15))
    garbled = _Raw("4,(()0,000.00", 44.0, left, top, width, height, (1, 1, 5))
    engine = TesseractEngine()

    read = reread_broken_amounts(gray, [garbled], lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    # THEN the amount as printed
    assert [r.text for r in read] == ["4,000,000.00"]


def test_only_amounts_with_signs_among_their_digits_count_as_garbled() -> None:
    assert _headless_or_garbled("$_2.(000,000.00")
    assert _headless_or_garbled("4,(()0,000.00")
    assert not _headless_or_garbled("4,000,000.00")  # read right
    assert not _headless_or_garbled("(555) 123-4567")  # a phone
    assert not _headless_or_garbled("CG 20 10 (04 13)")


def test_an_unsure_amount_boxed_wider_than_its_glyphs_could_print_is_read_again() -> None:
    # GIVEN a photo's clean `1,000,000` read whole as `60.000` at 50, boxed over the whole print
    gray, (left, top, width, height) = printed("1,000,000", "Helvetica", 9, page=(200, 40), at=(60, 15))
    engine = TesseractEngine()
    misread = _Raw("60.000", 50.0, left, top, width, height, (1, 1, 5))

    read = reread_broken_amounts(gray, [misread], lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    assert [r.text for r in read] == ["1,000,000"]


def test_an_amount_boxed_as_wide_as_its_glyphs_or_read_surely_is_not_read_again() -> None:
    def never(cut: object) -> list[_Raw]:
        raise AssertionError("read again")

    gray, _ = printed("1,000,000", "Helvetica", 9, page=(200, 40), at=(60, 15))
    for text, confidence in (("1,000,000", 50.0), ("60.000", 96.0)):
        raw = _Raw(text, confidence, 60, 15, 60, 12, (1, 1, 5))
        assert reread_broken_amounts(gray, [raw], never) == [raw]


@pytest.mark.parametrize(
    ("confidence", "peer_width", "reread"), [(72.0, 0.8, True), (96.0, 0.8, False), (72.0, 1.0, False)]
)
def test_an_unsure_amount_boxed_as_wide_as_its_sure_peers_of_more_glyphs_is_read_again(
    confidence: float, peer_width: float, reread: bool
) -> None:
    # GIVEN a scan's `4,000,000` read `400,000` at 72, boxed over the whole print, on a page whose
    # sure `500,000`s are a fifth narrower in the same face
    gray, (left, top, width, height) = printed("4,000,000", "Helvetica", 9, page=(200, 80), at=(60, 15))
    engine = TesseractEngine()
    misread = _Raw("400,000", confidence, left, top, width, height, (1, 1, 5))
    peer = _Raw("500,000", 96.0, left, top + 40, round(width * peer_width), height, (1, 1, 6))

    read = reread_broken_amounts(
        gray, [misread, peer], lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS)
    )

    assert read[0].text == ("4,000,000" if reread else "400,000")


@pytest.mark.parametrize(
    ("misread", "confidence", "reread"), [("-9:900,000", 15.0, True), ("-9:900,000", 91.0, False)]
)
def test_an_unsure_amount_with_a_sign_or_colon_among_its_digits_is_read_again(
    misread: str, confidence: float, reread: bool
) -> None:
    # GIVEN a scan's clean `2,000,000` read `-9:900,000` at 15
    gray, (left, top, width, height) = printed("2,000,000", "Helvetica", 9, page=(200, 40), at=(60, 15))
    engine = TesseractEngine()
    raw = _Raw(misread, confidence, left, top, width, height, (1, 1, 5))

    read = reread_broken_amounts(gray, [raw], lambda cut: engine._tesseract(cut, 6, 1, AMOUNT_CHARACTERS))

    # THEN it is the amount as printed; a reading OCR was sure of stays
    assert [r.text for r in read] == ["2,000,000" if reread else misread]


def test_a_reading_need_not_hold_the_digits_of_commas_read_as_digits() -> None:
    # A photo's `$1,000,000` read in pieces, each comma a `7` a third as tall as the digits
    texts = [
        ("$", 21),
        ("if", 33),
        ("7", 9),
        ("00", 23),
        ("0", 23),
        ("7", 9),
        ("0", 23),
        ("0", 23),
        ("0", 23),
    ]
    run = [_Raw(text, 60.0, 10 * i, 10, 8, height, (1, 1, 5)) for i, (text, height) in enumerate(texts)]
    assert _amount_holding_the_pieces(run, "$1,000,000")
    # a digit as tall as the others counts: a reading with fewer digits lost one
    tall = [piece if piece.text != "7" else replace(piece, height=23) for piece in run]
    assert not _amount_holding_the_pieces(tall, "$1,000,000")


def test_a_misgrouped_amount_read_again_with_a_separator_less_is_taken() -> None:
    # A scan's `1,000,000` read `14.000,000` at 51 (its first comma read as a 4), read again whole
    run = [_Raw("14.000,000", 51.0, 10, 10, 100, 21, (1, 1, 5))]
    assert _amount_holding_the_pieces(run, "1,000,000")
    # a reading whose later groups differ, or a printed amount read again shorter, is no such misread
    assert not _amount_holding_the_pieces(run, "1,000,900")
    assert not _amount_holding_the_pieces([replace(run[0], text="14,000,000")], "1,000,000")
