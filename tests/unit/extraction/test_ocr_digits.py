"""Digits and letters Tesseract confuses in amounts and policy numbers, told by the glyph's shape."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_digits import _loop_digit, amount_digits_by_shape
from services.intake.extraction.ocr_words import _Raw
from tests.unit.extraction.printed import printed


def _printed(text: str, font: str) -> tuple[Gray, tuple[int, int, int, int]]:
    return printed(text, font)


def _read_as(gray: Gray, box: tuple[int, int, int, int], text: str) -> str:
    raw = _Raw(text, 94.0, *box, (1, 1, 1))
    return amount_digits_by_shape(gray, [raw])[0].text


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
@pytest.mark.parametrize("printed", ["1,000,000", "$1,000,000", "100,000", "12", "1450"])
def test_a_printed_one_read_as_four_is_a_one(font: str, printed: str) -> None:
    # (a street number too: `42 MAIN ST` for 12)
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed.replace("1", "4", 1)) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
@pytest.mark.parametrize("printed", ["4,000,000", "$4,000,000", "40,000", "4,100,000", "42", "4450"])
def test_a_printed_four_stays_a_four(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


@pytest.mark.parametrize("printed", ["1,000,000.00", "4,000,000.00"])
def test_a_leading_digit_is_told_by_its_shape_in_a_box_the_re_reading_made_taller(printed: str) -> None:
    # GIVEN a re-reading boxing the amount half again as tall as its print
    gray, (left, top, width, height) = _printed(printed, "Helvetica")
    taller = (left, top - height // 2, width, height + height * 3 // 4)
    assert _read_as(gray, taller, "4,000,000.00") == printed


# (Times' hairlines break its zeros in two at this size: glyphs and digits cannot be paired.)
@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier"])
@pytest.mark.parametrize(
    ("printed", "read"), [("$10,000", "910,000"), ("$10,000", "210,000"), ("910,000", "910,000")]
)
def test_a_dollar_sign_read_as_a_digit_is_told_by_its_bar_above_and_below_the_digits(
    font: str, printed: str, read: str
) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, read) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
def test_a_number_without_a_thousands_comma_never_gains_a_dollar_sign(font: str) -> None:
    # A NAIC number or a job number is no amount: even a first glyph standing tall as a `$` does
    # (here a real one) leaves its digits as read (`16691` had become `$6691` on a photo)
    gray, box = _printed("$6691", font)
    assert _read_as(gray, box, "16691") == "16691"
    # nor does an amount whose digits after the first start with a 0 (no amount is `$0,000`)
    gray, box = _printed("$0,000", font)
    assert _read_as(gray, box, "10,000") == "10,000"


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold"])
def test_a_policy_number_s_leading_l_read_as_a_one_is_an_l(font: str) -> None:
    # (a serif face's L, its stem under a serif, is not told from a 1 and stays as read)
    gray, box = _printed("L4444246", font)
    assert _read_as(gray, box, "14444246") == "L4444246"


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier", "Times-Roman"])
@pytest.mark.parametrize("printed", ["14444246", "1000000"])
def test_a_printed_leading_one_stays_a_one(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier", "Times-Roman"])
@pytest.mark.parametrize("printed", ["749RKA81251", "T49RKA81251"])
def test_a_policy_number_s_leading_seven_read_as_a_t_is_a_seven_and_a_t_stays(
    font: str, printed: str
) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, "T49RKA81251") == printed


def test_words_that_are_not_amounts_are_left_alone() -> None:
    gray, box = _printed("1 Main", "Helvetica")
    assert _read_as(gray, box, "4 Main") == "4 Main"


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize("printed", ["25,000", "$25,000", "5,000,000", "15,500"])
@pytest.mark.parametrize("misread", ["9", "0"])
def test_a_printed_five_read_as_nine_or_zero_is_a_five(font: str, printed: str, misread: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed.replace("5", misread)) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize("printed", ["29,000", "$9,500", "1,999,000"])
def test_a_printed_nine_stays_a_nine(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize("printed", ["2,000,000", "$10,000", "1,000,000"])
def test_a_printed_zero_read_as_nine_is_a_zero(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    misread = printed[::-1].replace("0", "9", 1)[::-1]
    assert _read_as(gray, box, misread) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize("printed", ["20,000", "30,000", "70,000", "1,000,000"])
def test_printed_zeros_and_their_neighbours_stay(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed
    # A 2, a 3 or a 7 read as a 0 is not made a 5: nothing says what it is.
    assert _read_as(gray, box, "0" + printed[1:]) == "0" + printed[1:]


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("19682", "15682"),  # a NAIC number's 9 read as 5: its bowl is closed
        ("15682", "15682"),
        ("25", "95"),  # a 2 read as 9 (`95` `,000.00`): no bowl, a flat foot
        ("95", "95"),
    ],
)
def test_a_misread_digit_is_told_by_its_shape(font: str, printed: str, read: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, read) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold"])
@pytest.mark.parametrize("printed", ["500,000.00", "$500,000", "25,000", "2,500,000"])
def test_a_printed_five_read_as_two_is_a_five(font: str, printed: str) -> None:
    # a scan's `500,000.00` read `200,000.00` at 83
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed.replace("5", "2")) == printed
    assert _read_as(gray, box, printed) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier"])
@pytest.mark.parametrize("printed", ["2,000,000", "$2,000,000", "25,000"])
def test_a_printed_two_read_as_five_is_a_two(font: str, printed: str) -> None:
    # a scan's `2,000,000` read `5,000,000`: no stem under the top bar, a foot as wide as the glyph
    # (a serif face's 2 curves into its foot and is left as read)
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed.replace("2", "5")) == printed


# (Times-Roman's thin strokes break its 0s and 5s at this size: their pieces are not the digits)
@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Bold", "Courier", "Courier-Bold"])
@pytest.mark.parametrize(("printed", "read"), [("72607", "12607"), ("$7,500", "$1,500"), ("17", "11")])
def test_a_printed_seven_read_as_one_is_a_seven(font: str, printed: str, read: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, read) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Courier"])
@pytest.mark.parametrize("printed", ["1,000,000", "$1,000,000", "12607", "111", "71"])
def test_a_printed_one_stays_a_one(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Courier-Bold", "Times-Bold", "Times-Roman"])
@pytest.mark.parametrize("printed", ["200,000.00", "$200,000", "22,000", "2,200,000"])
def test_a_printed_two_stays_a_two(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


def test_zeros_a_photo_broke_in_two_are_left_as_read() -> None:
    # GIVEN `500,000` whose first 0 a photo broke in two (a gap down its middle) and whose last
    # two zeros it joined: as many pieces of ink as digits, but not one a digit
    gray, box = _printed("500,000", "Helvetica")
    left, top, width, height = box
    crop = gray[top : top + height, left : left + width]
    count, _, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    digits = sorted((x, w) for x, _, w, h, _ in stats[1:count] if h >= 0.6 * height)
    broken = gray.copy()
    first_zero = left + digits[1][0] + digits[1][1] // 2
    broken[top : top + height, first_zero - 1 : first_zero + 2] = 255
    join_from, join_to = left + digits[4][0] + digits[4][1] - 2, left + digits[5][0] + 2
    broken[top + height // 2 - 1 : top + height // 2 + 2, join_from:join_to] = 0

    assert _read_as(broken, box, "500,000") == "500,000"


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Bold", "Courier"])
@pytest.mark.parametrize(("printed", "read"), [("RF07442071", "RFO7442071"), ("009SFV", "OO9SFV")])
def test_a_zero_read_as_a_letter_o_in_a_policy_number_is_a_zero(font: str, printed: str, read: str) -> None:
    # (`009SFV`: the number's first piece, split off the rest of it)
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, read) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
def test_a_letter_o_in_a_policy_number_stays_a_letter(font: str) -> None:
    gray, box = _printed("CO82650213", font)
    assert _read_as(gray, box, "CO82650213") == "CO82650213"


def test_a_zero_whose_lower_bowl_a_photo_filled_stays_a_zero() -> None:
    # GIVEN `500,000` whose zeros have their lower halves inked in (a photo's blur)
    gray, box = _printed("500,000", "Courier-Bold")
    left, top, width, height = box
    filled = gray.copy()
    lower = filled[top + height // 2 : top + height, left : left + width]
    lower[lower < 200] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats((lower < 128).astype(np.uint8), connectivity=8)
    for x, y, w, h, _ in stats[1:count]:
        lower[y : y + h, x : x + w] = 0
    assert _read_as(filled, box, "500,000") == "500,000"


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman", "Courier", "Helvetica-Bold"])
def test_a_lone_one_read_as_four_is_a_one_and_a_lone_four_or_a_stays(font: str) -> None:
    for printed_glyph, expected in (("1", "1"), ("4", "4"), ("A", "4")):  # A: a letter column's lookalike
        gray, box = _printed(printed_glyph, font)
        assert _read_as(gray, box, "4") == expected


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
@pytest.mark.parametrize("printed", ["(218)", "655-3914", "218.615.3934", "19145"])
def test_a_one_read_as_four_inside_a_phone_number_or_five_digits_is_a_one(font: str, printed: str) -> None:
    # `(248)` for `(218)`: a phone's digits (or a NAIC number's) have no ladder to check them by
    # (no zeros: Times' hairlines break them in two at this size)
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed.replace("1", "4")) == printed


@pytest.mark.parametrize("font", ["Helvetica", "Helvetica-Bold", "Times-Roman", "Courier"])
@pytest.mark.parametrize("printed", ["(248)", "644-3434", "414.414.4144", "24074", "(444)"])
def test_a_printed_four_inside_a_phone_number_or_five_digits_stays_a_four(font: str, printed: str) -> None:
    gray, box = _printed(printed, font)
    assert _read_as(gray, box, printed) == printed


def test_fours_are_left_as_read_where_a_scan_broke_a_zero_and_joined_two_fours() -> None:
    # GIVEN `82044` whose 0 the scan broke in two and whose 4s it joined: five pieces of ink still
    gray, (left, top, width, height) = _printed("82044", "Helvetica")
    gray = gray.copy()
    count, _, stats, _ = cv2.connectedComponentsWithStats((gray < 128).astype(np.uint8), connectivity=8)
    zero, four, next_four = sorted((stats[i] for i in range(1, count)), key=lambda s: s[0])[2:5]
    gray[:, zero[0] + zero[2] // 2 - 1 : zero[0] + zero[2] // 2 + 2] = 255
    middle = four[1] + four[3] * 2 // 3
    gray[middle - 1 : middle + 2, four[0] + four[2] - 2 : next_four[0] + 2] = 0
    # THEN no half of the 0 is taken for a 4 printed without its crossbar
    assert _read_as(gray, (left, top, width, height), "82044") == "82044"


def test_fours_are_left_as_read_where_a_photo_broke_a_nine_into_a_short_and_a_tall_piece() -> None:
    # GIVEN `(944)` as a photo printed it: its 9 broken into its bowl's left side (a short piece)
    # and its stem (a tall curved stroke), its two 4s joined: five pieces, as five glyphs printed
    gray = np.full((40, 90), 255, dtype=np.uint8)
    cv2.line(gray, (12, 12), (12, 28), 0, 3)  # (, no taller than the digits
    cv2.rectangle(gray, (18, 10), (24, 23), 0, -1)  # the 9's bowl, left side
    cv2.line(gray, (32, 10), (27, 29), 0, 2)  # the 9's stem
    cv2.rectangle(gray, (36, 10), (67, 30), 0, -1)  # 44, joined
    cv2.line(gray, (74, 12), (74, 28), 0, 3)  # )
    # THEN the 9's stem is not taken for a 1 read as a 4: the pieces are not the digits one by one
    assert _read_as(gray, (8, 8, 72, 25), "(944)") == "(944)"


# Five pieces of ink a photo left in the box of NAIC `23396` (strokes of a stamp over it, not its
# glyphs): as many as its digits, but of two heights, the fourth without a bowl.
_STAMP_STROKES = (
    (
        "..#####...",
        ".#######..",
        "#....####.",
        "......###.",
        ".......###",
        ".......###",
        ".......###",
        ".......##.",
        ".......##.",
        "......##..",
        "......#...",
    ),
    (
        "..##..",
        ".###..",
        ".##...",
        "###...",
        "###...",
        "###...",
        "###...",
        "###...",
        ".###..",
        ".####.",
        "..####",
    ),
    (
        "....##...",
        ".....##..",
        ".....##..",
        ".....###.",
        "......##.",
        "......##.",
        "......###",
        "......###",
        ".....###.",
        ".....###.",
        ".....###.",
        ".....###.",
        "....###..",
        "....###..",
        "...###...",
        "..###....",
        "..##.....",
        "##.......",
    ),
    (
        "........###",
        "......###..",
        ".....##....",
        "...###.....",
        "..###......",
        "..###......",
        ".####......",
        ".####......",
        ".###.......",
        "###........",
        "###........",
        "###........",
        ".##........",
        ".##........",
        ".###.......",
        ".###.......",
        "..##.......",
        "...##......",
    ),
    (
        "##....",
        "####..",
        ".####.",
        "..###.",
        "...###",
        "...###",
        "...###",
        "...###",
        "...###",
        "...##.",
        "..##..",
        "..#...",
    ),
)


def test_digits_are_left_as_read_where_the_pieces_of_ink_stand_at_two_heights() -> None:
    gray = np.full((30, 80), 255, dtype=np.uint8)
    x = 4
    for piece in _STAMP_STROKES:
        for row, line in enumerate(piece):
            for column, ink in enumerate(line):
                if ink == "#":
                    gray[6 + row, x + column] = 0
        x += len(piece[0]) + 3
    # THEN the fourth stroke, bowl-less with a stem on its left, is not taken for a 5 read as a 9
    assert _read_as(gray, (2, 4, x, 22), "23396") == "23396"


def test_a_leading_four_joined_to_its_dollar_sign_beside_broken_zeros_stays_a_four() -> None:
    # GIVEN a scan's `$4,000,000` whose `$` touches the 4 and whose 0s it broke each in two: the first
    # piece after the sign's is half a 0, with no crossbar
    gray, (left, top, width, height) = _printed("$4,000,000", "Helvetica")
    gray = gray.copy()
    count, _, stats, _ = cv2.connectedComponentsWithStats((gray < 128).astype(np.uint8), connectivity=8)
    pieces = sorted((stats[i] for i in range(1, count) if stats[i][3] > 10), key=lambda s: s[0])
    sign, four = pieces[0], pieces[1]
    middle = four[1] + four[3] // 2
    gray[middle - 1 : middle + 2, sign[0] + sign[2] - 2 : four[0] + 2] = 0
    for zero in pieces[2:]:
        gray[:, zero[0] + zero[2] // 2 - 1 : zero[0] + zero[2] // 2 + 1] = 255
    # THEN it is read as printed
    assert _read_as(gray, (left, top, width, height), "$4,000,000") == "$4,000,000"


# A 5 of a bold face as a photo printed it (`61353501`, `5575 HARBOR BLVD` read with 2s): its top
# bar runs down into the first rows under it, and its round foot is as wide as a 2's flat one.
_BOLD_PHOTO_FIVE = """
...##########..
..############.
.#############.
.#############.
.###########...
.#####.........
.#####.........
.#####.........
#########......
############...
#############..
##############.
#####...######.
.........######
..........#####
..........#####
..........#####
..........#####
.##.......#####
####......#####
#####....#####.
##############.
.############..
..##########...
....#####......
"""


def test_a_bold_five_whose_top_bar_runs_into_its_stem_stays_a_five() -> None:
    glyph = np.array([[c == "#" for c in row] for row in _BOLD_PHOTO_FIVE.split()], dtype=bool)
    assert _loop_digit("5", glyph) == "5"
    assert _loop_digit("2", glyph) == "5"
