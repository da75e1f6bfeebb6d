"""Digits Tesseract misreads in limit amounts, told apart by the printed glyph's shape.

A `1` with its flag is read as `4` with high confidence (`4,000,000` for the `1,000,000` in
plain sight), a 5 or a 0 as `9`: a limit off by millions. A 4 has a bar across its lower half, a 1
its stem alone there; a 9 encloses paper in its upper half only, a 0 down to its foot, a 5 none.
In a policy number, an L and a 1, a 7 and a T are told the same way.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import numpy.typing as npt

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw

# Amounts or their first digits (`95` `,000.00`), the five digits of an insurer's NAIC number (or
# a ZIP code).
_AMOUNT = re.compile(r"^\$?\d[\d.,]+$")
# A number's leading 4 (an amount's, a street number's: `42 MAIN ST` for 12), or a lone 4 (a
# revision number).
_LEADING_FOUR = re.compile(r"^(\$?)4([\d.,]*)$")


def amount_digits_by_shape(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """Amounts with a leading `4` printed without a 4's crossbar made a `1`, a `9` printed with
    no bowl, or a bowl down to its foot, made a `5` or a `0`, and a `1` printed as a 7 a `7`; a
    policy number of digits led by a `1` printed as an L (`14444246` for L4444246) made an `L`,
    and one led by a `T` printed as a 7 (`T49RKA81251`) made a `7`."""
    out: list[_Raw] = []
    for raw in raws:
        checked = raw
        if _NUMBER_LED_BY_ONE.match(raw.text):
            checked = _with_leading_l(image, raw)
        elif _NUMBER_LED_BY_T.match(raw.text):
            checked = _with_leading_seven(image, raw)
        if checked is raw and "4" in raw.text and _FOURS_CHECKED.match(raw.text):
            checked = _with_fours_checked(image, raw)
        if checked is raw and (_AMOUNT.match(raw.text) or raw.text == "4"):
            checked = _with_leading_one(image, raw) if _LEADING_FOUR.match(raw.text) else raw
            checked = _with_loops_checked(image, checked) if set("05921") & set(checked.text) else checked
        elif _IDENTIFIER_WITH_O.search(raw.text):
            checked = _with_narrow_zeros(image, raw)
        out.append(checked)
    return out


# A phone number's pieces (`(218)`, `600-3934`, `218.600.3934`) and five digits with no separator
# (a NAIC number, a ZIP code): any `4` in them may be a 1 with its flag.
_FOURS_CHECKED = re.compile(r"^(?:\(\d{3}\)(?:\d{3}-\d{4})?|\d{3}-\d{4}|\d{3}([.-])\d{3}\1\d{4}|\d{5})$")
_JOINED_WIDER = 1.3  # a piece this much wider than the other digits' median holds two glyphs
_DIGIT_SHAPED = (1.1, 2.2)  # a digit's height over its width (a 1 aside)


def _digit_shaped(stats: npt.NDArray[np.int32], index: int) -> bool:
    """The piece of ink stands as a digit other than a 1 does: taller than wide, not twice over."""
    ratio = stats[index, cv2.CC_STAT_HEIGHT] / stats[index, cv2.CC_STAT_WIDTH]
    return bool(_DIGIT_SHAPED[0] <= ratio <= _DIGIT_SHAPED[1])


def _whole_glyphs(stats: npt.NDArray[np.int32], digits: list[int]) -> bool:
    """Each digit's piece of ink as tall as the others: a piece much shorter is part of a glyph a
    photo broke (the left half of a 9), one much taller is not a digit of the same print (strokes
    of a stamp or a rule over the number), so the pieces are not the digits one by one."""
    heights = [int(stats[i, cv2.CC_STAT_HEIGHT]) for i in digits]
    median = float(np.median(heights)) if heights else 0.0
    return not heights or _WHOLE_GLYPH * median <= min(heights) <= max(heights) <= median / _WHOLE_GLYPH


_WHOLE_GLYPH = 0.8


def _with_fours_checked(image: Gray, raw: _Raw) -> _Raw:
    """`(248)` for `(218)`: each `4` printed without a 4's crossbar made a `1` (one piece of ink per
    digit and bracket, each other digit's shaped like one and the `4`'s no wider, or they cannot
    be paired: a scan can break a 0 in two and join two 4s, and still count five pieces)."""
    labels, stats, tall = _tall_pieces(image, raw)
    glyphs = [ch for ch in raw.text if ch.isdigit() or ch in "()"]
    if len(tall) != len(glyphs) or not all(
        ch in "()14" or _digit_shaped(stats, i) for ch, i in zip(glyphs, tall, strict=True)
    ):
        return raw
    if not _whole_glyphs(stats, [i for ch, i in zip(glyphs, tall, strict=True) if ch.isdigit()]):
        return raw
    widths = [int(stats[i, cv2.CC_STAT_WIDTH]) for ch, i in zip(glyphs, tall, strict=True) if ch not in "()4"]
    if not widths:
        return raw
    widest = _JOINED_WIDER * float(np.median(widths))
    fixed = iter(
        "1"
        if ch == "4" and stats[i, cv2.CC_STAT_WIDTH] < widest and not _has_crossbar(_glyph(labels, stats, i))
        else ch
        for ch, i in zip(glyphs, tall, strict=True)
    )
    return _replaced(raw, "".join(next(fixed) if ch.isdigit() or ch in "()" else ch for ch in raw.text))


# A policy number's `O` next to a digit (`RFO7442071`): a letter O or a zero OCR could not tell.
_IDENTIFIER_WITH_O = re.compile(r"(?=.*\d)(?:O\d|\dO)")
# Ink width over height: a 0 is narrow (about two thirds), a letter O about as wide as tall.
_ZERO_WIDEST = 0.8


def _with_narrow_zeros(image: Gray, raw: _Raw) -> _Raw:
    """`O`s printed as narrow as a zero, in an identifier of letters and digits, made `0`."""
    _, stats, tall = _tall_pieces(image, raw)
    glyphs = [ch for ch in raw.text if ch.isalnum()]
    # One piece of ink per letter or digit (a hyphen is not tall), or they cannot be paired.
    if len(tall) != len(glyphs):
        return raw
    shapes = iter(
        "0" if ch == "O" and stats[i, cv2.CC_STAT_WIDTH] / stats[i, cv2.CC_STAT_HEIGHT] < _ZERO_WIDEST else ch
        for ch, i in zip(glyphs, tall, strict=True)
    )
    return _replaced(raw, "".join(next(shapes) if ch.isalnum() else ch for ch in raw.text))


def _with_loops_checked(image: Gray, raw: _Raw) -> _Raw:
    """A `9`, `0` or `5` read where another of them is printed (`29,000` or `20,000` for
    `25,000`, `2,900,000` for 2,000,000, NAIC `15682` for 19682), told by the paper the glyph's
    ink encloses; a `2` read for a 5 (`200,000.00` for 500,000.00), told by the 5's stem."""
    labels, stats, tall = _tall_pieces(image, raw)
    dollar = int(raw.text.startswith("$"))
    digits = [ch for ch in raw.text if ch.isdigit()]
    # (an amount with its thousands comma, a NAIC number or a job number being none, whose digits
    # after the sign do not start with a 0: `10,000` is no `$0,000`)
    grouped = "," in raw.text and raw.text[1:2] not in ("0", ",")
    if (
        not dollar
        and grouped
        and len(tall) == len(digits) > _FEWEST_FOR_A_SIGN
        and _dollar_sign_first(stats, tall)
    ):
        return _replaced(raw, f"${raw.text[1:]}")
    # One piece of ink per printed glyph, each shaped like a digit (taller than wide), or the
    # pieces cannot be paired with the digits read: a photo can break a 0 in two, or join two.
    if (
        len(tall) != len(digits) + dollar
        or not all(
            digit == "1" or _digit_shaped(stats, index)
            for digit, index in zip(digits, tall[dollar:], strict=True)
        )
        or not _whole_glyphs(stats, tall[dollar:])
    ):
        return raw
    fixed = iter(
        _loop_digit(digit, _glyph(labels, stats, index)) if digit in "05921" else digit
        for digit, index in zip(digits, tall[dollar:], strict=True)
    )
    return _replaced(raw, "".join(next(fixed) if ch.isdigit() else ch for ch in raw.text))


def _dollar_sign_first(stats: npt.NDArray[np.int32], tall: list[int]) -> bool:
    """`910,000` for `$10,000`: the first glyph read as a digit stands a tenth taller than the
    others, reaching above their tops and below their feet, as a dollar sign's bar does and no
    digit of a certificate's faces (their digits all stand one height)."""
    first, rest = stats[tall[0]], stats[tall[1:]]
    top, bottom = int(first[cv2.CC_STAT_TOP]), int(first[cv2.CC_STAT_TOP] + first[cv2.CC_STAT_HEIGHT])
    tops = np.median(rest[:, cv2.CC_STAT_TOP])
    bottoms = np.median(rest[:, cv2.CC_STAT_TOP] + rest[:, cv2.CC_STAT_HEIGHT])
    return bool(top < tops and bottom > bottoms and bottom - top >= _SIGN_TALLER * (bottoms - tops))


_FEWEST_FOR_A_SIGN = 3  # a sign and the digits of the smallest amount with thousands
_SIGN_TALLER = 1.1


def _glyph(labels: npt.ArrayLike, stats: npt.ArrayLike, index: int) -> npt.NDArray[np.bool_]:
    """One piece of ink cut out of the connected-component labels, trimmed to its box."""
    x, y, w, h = (int(v) for v in np.asarray(stats)[index, :4])
    return np.asarray(np.asarray(labels)[y : y + h, x : x + w] == index)


def _loop_digit(read: str, glyph: npt.NDArray[np.bool_]) -> str:
    """What a glyph read as `9`, `0`, `5` or `2` is: a 9 encloses paper in its upper half, a 0 down to near
    its foot; a 5 encloses none, and has its stem on the left under its top bar where a 2, a 3
    or a 7 has ink on the right or none; a 2 has a flat foot. A `1` read for a 7 (`12607` for Job
    No. 72607) is told by the 7's top bar over the glyph's width above a narrow foot on its left,
    where a 1's flag is narrower, its foot a stem on the right or a serif as wide as the glyph."""
    if read == "1":
        return "7" if _seven_shaped(glyph) else read
    if read == "2":
        return "5" if _stem_under_top_bar(glyph) else read  # (a 2 encloses no paper to go by)
    return _bowl_digit(read, glyph)


def _bowl_digit(read: str, glyph: npt.NDArray[np.bool_]) -> str:
    outside = np.pad(~glyph, 1, constant_values=True).astype(np.uint8)
    cv2.floodFill(outside, None, (0, 0), 2)
    enclosed = outside[1:-1, 1:-1] == 1
    h, w = glyph.shape
    rows = np.nonzero(enclosed.any(axis=1))[0]
    if int(enclosed.sum()) >= max(2, 0.01 * glyph.size) and rows.min() <= 0.6 * h:
        if read == "0" or (read == "5" and enclosed.sum() < 0.04 * glyph.size):
            # A 0 whose lower bowl a photo filled in, or a 5 whose bowl it closed: as read.
            return read
        return "0" if rows.max() > 0.75 * h else "9"
    if _stem_under_top_bar(glyph):
        return "5"
    # No bowl, and a 2's flat foot (read as a 5: no stem under the top bar, and as wide as the glyph)
    foot = {"9": 0.7, "5": 0.9}.get(read)
    if foot is not None and any(row.sum() >= foot * w for row in glyph[round(0.85 * h) :]):
        return "2"
    return read


def _seven_shaped(glyph: npt.NDArray[np.bool_]) -> bool:
    h, w = glyph.shape
    top_bar = max(int(row.sum()) for row in glyph[: max(1, round(0.2 * h))]) >= _SEVEN_BAR * w
    foot = np.nonzero(glyph[round(0.85 * h) :].any(axis=0))[0]
    # (and a stroke down its middle, no wider there: a `$` has a bar above and below too)
    middle = glyph[round(0.4 * h) : round(0.6 * h)]
    spans = [np.nonzero(row)[0] for row in middle]
    return bool(
        top_bar
        and all(span.size and span.max() + 1 - span.min() <= _SEVEN_FOOT * w for span in spans)
        and foot.size
        and foot.max() + 1 - foot.min() <= _SEVEN_FOOT * w
        and foot.mean() <= _SEVEN_FOOT_LEFT * w
    )


# Measured on Helvetica, Times and Courier, roman and bold, 6.5 to 10 pt: a 7's top bar spans 0.89
# of its ink's width or more, a 1's flag 0.78 or less; a 7's foot at most 0.38 wide, centred 0.44 or
# left of it, a sans 1's stem centred 0.7 or right of it, a serif 1's foot as wide as the glyph;
# a 7's diagonal stroke is as narrow as its foot.
_SEVEN_BAR, _SEVEN_FOOT, _SEVEN_FOOT_LEFT = 0.85, 0.5, 0.55


def _stem_under_top_bar(glyph: npt.NDArray[np.bool_]) -> bool:
    """Rows under the top bar with ink on the left and none on the right: a 5's stem. (Row by
    row: a bold face's bar runs down into the first rows, ink right of the stem there.)"""
    h, w = glyph.shape
    below_bar = glyph[round(0.18 * h) : round(0.32 * h)]
    left, right = below_bar[:, : round(0.35 * w)].any(axis=1), below_bar[:, round(0.65 * w) :].any(axis=1)
    return bool((left & ~right).any())


def _with_leading_one(image: Gray, raw: _Raw) -> _Raw:
    dollar, rest = _LEADING_FOUR.match(raw.text).groups()  # type: ignore[union-attr]
    labels, stats, tall = _tall_pieces(image, raw)
    if len(tall) <= len(dollar):
        return raw
    share = raw.width / (len(raw.text) - 0.5 * sum(ch in ",." for ch in raw.text))
    # The sign's piece no wider than a glyph's share, or it touches the 4 and the next piece is a
    # piece of the first 0 (with no crossbar); the first digit's neither, or it touches the next one.
    pieces = tall[: len(dollar) + 1]
    if any(stats[piece, cv2.CC_STAT_WIDTH] > 1.3 * share for piece in pieces):
        return raw
    first = tall[len(dollar)]
    if _has_crossbar(_glyph(labels, stats, first)):
        return raw
    return _replaced(raw, f"{dollar}1{rest}")


_NUMBER_LED_BY_ONE = re.compile(r"^1\d{5,}$")  # digits with no separator: an identifier, not a limit


def _with_leading_l(image: Gray, raw: _Raw) -> _Raw:
    labels, stats, tall = _tall_pieces(image, raw)
    if len(tall) != len(raw.text) or not _l_shaped(_glyph(labels, stats, tall[0])):
        return raw
    return _replaced(raw, f"L{raw.text[1:]}")


# A policy number led by a T and digits (`T49RKA81251`): a 7 OCR may read as the T it resembles.
_NUMBER_LED_BY_T = re.compile(r"^T\d{2}[A-Z\d-]{3,}$")


def _with_leading_seven(image: Gray, raw: _Raw) -> _Raw:
    labels, stats, tall = _tall_pieces(image, raw)
    glyphs = [ch for ch in raw.text if ch.isalnum()]
    if len(tall) != len(glyphs) or not _slanting_stem(_glyph(labels, stats, tall[0])):
        return raw
    return _replaced(raw, f"7{raw.text[1:]}")


def _slanting_stem(glyph: npt.NDArray[np.bool_]) -> bool:
    """A 7's stem runs down and to the left from its bar; a T's stands plumb under the bar's middle."""
    h, w = glyph.shape
    middle, foot = glyph[round(0.45 * h)], glyph[h - 1 - round(0.05 * h)]
    if not middle.any() or not foot.any():
        return False
    return bool(np.nonzero(middle)[0].mean() - np.nonzero(foot)[0].mean() >= _SLANT * w)


_SLANT = 0.1  # of the glyph's width, between the stem's middle and its foot


def _l_shaped(glyph: npt.NDArray[np.bool_]) -> bool:
    """An L: its stem alone down the left of the glyph, its foot along the whole bottom. A 1 stands
    its stem right of its flag, or in the middle over a serif's foot."""
    h, w = glyph.shape
    upper, foot = glyph[: round(0.75 * h)], glyph[round(0.88 * h) :]
    columns = np.nonzero(foot.any(axis=0))[0]
    return bool(
        w >= _L_WIDEST_STEM * h
        and not upper[:, round(0.4 * w) :].any()
        and columns.size
        and columns.min() <= 0.1 * w
        and columns.max() >= 0.9 * w
    )


_L_WIDEST_STEM = 0.3  # an L's foot makes it at least this wide for its height


def _has_crossbar(glyph: npt.NDArray[np.bool_]) -> bool:
    """A 4's bar runs across most of the glyph a little below its middle; a 1 there is its stem
    alone (its flag is above, a serif's foot below)."""
    h, w = glyph.shape
    middle = glyph[round(0.45 * h) : round(0.85 * h)]
    spans = [np.nonzero(row)[0] for row in middle]
    return any(len(span) and span.max() + 1 - span.min() >= 0.6 * w for span in spans)


def _tall_pieces(image: Gray, raw: _Raw) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], list[int]]:
    """The word's pieces of ink (connected components) at least 0.6 of its tallest one's height,
    left to right: its letters and digits, not its commas, stops or hyphens. (Not of the word's
    box: a re-reading may box the word taller than its print.) Labels, stats, piece indexes."""
    crop = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
    count, labels, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    tallest = max((int(stats[i, cv2.CC_STAT_HEIGHT]) for i in range(1, count)), default=0)
    tall = sorted(
        (int(stats[i, cv2.CC_STAT_LEFT]), i)
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_HEIGHT] >= 0.6 * min(tallest, raw.height)
    )
    return np.asarray(labels, dtype=np.int32), np.asarray(stats, dtype=np.int32), [i for _, i in tall]


def _replaced(raw: _Raw, text: str) -> _Raw:
    return (
        raw
        if text == raw.text
        else _Raw(text, raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line)
    )
