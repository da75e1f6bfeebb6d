"""Policy dates the page reading broke, read again one by one.

A date printed tight in a serif face (`11/24/24` in Times) comes out of the whole-page reading as
`1/2424` or `05/2505.`: the slashes run into the digits beside them, and the re-reading of doubtful
words takes the neighbouring cells in with them. Each broken date is cut out on its own, the cut-outs
stacked into one image read with only digits and date separators allowed, and a reading replaces the
broken one only when it is a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from services.intake.extraction.imaging import Gray, stacked
from services.intake.extraction.ocr_fragments import same_line
from services.intake.extraction.ocr_words import NOTHING_SEEN, _Raw
from services.intake.extraction.values import parse_date

DATE_CHARACTERS = "0123456789/-."
_GAP = 30  # white pixels round each cut-out in the stacked image
_MAX_DATES = 24  # a certificate prints a dozen or so dates
# A hyphen read as a dash or doubled (`2—11=2096` for 03-11-2026) is a separator still.
_SEPARATORS = re.compile(r"[/\-.—–=]")
_UNSEEN = 10.0  # Tesseract's confidence (0-100) in a word it could hardly see at all
_SPECKS = ".,:;'`"  # read from dust or a rule's edge beside a word
_DIGIT_GAP = 0.6  # wider than a glyph gap, narrower than a word space, in line heights


def reread_broken_dates(image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]) -> list[_Raw]:
    """`raws` with each broken date replaced by its re-reading where that is a date."""
    broken = [
        _with_the_digits_before(raw, raws)
        for raw in raws
        if _broken_date(raw.text) or _date_with_slashes_unseen(raw) or _date_shaped_unseen(raw)
    ]
    groups = broken + _broken_into_pieces(raws)
    groups = groups[:_MAX_DATES]
    if not groups:
        return raws
    boxed = [(group, union(group)) for group in groups]
    return reread_groups(image, raws, boxed, read, lambda _, text: parse_date(text) is not None)


def _with_the_digits_before(raw: _Raw, raws: list[_Raw]) -> list[_Raw]:
    """A broken date with the digit or two boxed apart right before it on its line (`0` of
    `03-11-2026`, read `0` `2—11=2096`): the cut-out takes in the whole date."""
    before = [piece for piece in raws if _digits_just_before(piece, raw)]
    return [*before[-1:], raw]


def _digits_just_before(piece: _Raw, word: _Raw) -> bool:
    """A digit or two on the word's line, closer before it than a word space."""
    gap = word.left - (piece.left + piece.width)
    return (
        piece.line == word.line
        and len(piece.text) <= 2
        and piece.text.isdigit()
        and 0 <= gap <= _DIGIT_GAP * word.height
    )


def reread_groups(
    image: Gray,
    raws: list[_Raw],
    groups: list[tuple[list[_Raw], _Raw]],
    read: Callable[[Gray], list[_Raw]],
    accept: Callable[[list[_Raw], str], bool],
) -> list[_Raw]:
    """Each group of words cut out by its box, the cut-outs read in one stacked image; a group is
    replaced by its reading (one word over the box) where `accept(group, reading)` takes it."""
    sheet, rows = stacked_cutouts(image, [box for _, box in groups])
    reread = read(sheet)
    replaced: dict[int, _Raw | None] = {}
    for (group, box), (top, bottom) in zip(groups, rows, strict=True):
        words = sorted((r for r in reread if top <= r.top + r.height / 2 < bottom), key=lambda r: r.left)
        text = "".join(r.text for r in words)
        if words and accept(group, text):
            confidence = min(r.confidence for r in words)
            replaced[id(group[0])] = _Raw(
                text, confidence, box.left, box.top, box.width, box.height, box.line
            )
            replaced.update((id(r), None) for r in group[1:])
    out = [replaced.get(id(raw), raw) for raw in raws]
    return [raw for raw in out if raw is not None]


def rejoin_split_dates(raws: list[_Raw]) -> list[_Raw]:
    """A month's first digit split off its date by a wide gap (`1` `1/22/2026` for 11/22/2026, the
    two ones of a serif face set apart): a digit or two right before a date on its line, closer than
    a word space, is the date's, when together they still read as a date."""
    ordered = sorted(raws, key=lambda r: (r.line, r.left))
    joined: dict[int, _Raw] = {}
    gone: set[int] = set()
    for piece, word in pairwise(ordered):
        if (
            _digits_just_before(piece, word)
            and abs(piece.height - word.height) <= 0.3 * word.height
            and parse_date(word.text) is not None
            and parse_date(piece.text + word.text) is not None
        ):
            joined[id(word)] = union([piece, word])
            gone.add(id(piece))
    return [joined.get(id(raw), raw) for raw in raws if id(raw) not in gone]


def reread_dates_after_glued_pieces(
    image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]
) -> list[_Raw]:
    """A date with a piece of print closer before it than a word space that does not join it as
    digits (`o7` `1/19/2026` for 07/19/2026: the month read apart and its slash as a 1). Nothing
    is printed that tight before a date, so the two are read again as one; a reading that is no
    date, or no longer than the date alone, leaves both as they were. (After the broken dates are
    read again: the date may be the reading of one.)"""
    groups = _dates_after_a_glued_piece(raws)[:_MAX_DATES]
    if not groups:
        return raws
    boxed = [(group, union(group)) for group in groups]
    return reread_groups(image, raws, boxed, read, _longer_date)


def _longer_date(group: list[_Raw], text: str) -> bool:
    return len(text) > len(group[-1].text) and parse_date(text) is not None


def _dates_after_a_glued_piece(raws: list[_Raw]) -> list[list[_Raw]]:
    ordered = sorted(raws, key=lambda r: (r.line, r.left))
    return [
        [piece, word]
        for piece, word in pairwise(ordered)
        if piece.line == word.line
        and len(piece.text) <= _GLUED_PIECE
        and any(ch.isdigit() for ch in piece.text)
        and not piece.text.isdigit()
        and 0 <= word.left - (piece.left + piece.width) <= _DIGIT_GAP * word.height
        and abs(piece.height - word.height) <= 0.3 * word.height
        and parse_date(word.text) is not None
    ]


_GLUED_PIECE = 3


def _broken_into_pieces(raws: list[_Raw]) -> list[list[_Raw]]:
    """Runs of pieces that together look like a broken date (`05` `js` `2` `4` `/` `9)` `0` `>` `6`);
    pieces carry more noise than a word (`js` for a slash, `9)` for a 2; a typewriter's spaced
    `06/08/2025` read `0)` `6` `y` `@)` `8` `/` `y)` `0` `2` `5`). Only a re-reading that is a date
    replaces them."""
    return [
        run
        for run in runs_of_pieces(raws)
        if len(run) >= 3 and _broken_date("".join(r.text for r in run), noise=_PIECES_NOISE)
    ]


_PIECES_NOISE = 8


def runs_of_pieces(raws: list[_Raw], longest: int = 3) -> list[list[_Raw]]:
    """Runs of pieces of one to `longest` characters, side by side on a line with no word space
    between (measured by the taller of two neighbours: a comma read as a speck is short). The line
    is the print's, not the page reading's: pieces found in print it skipped carry lines of their
    own (`0)` and `2` `5` of a typewriter's spaced date around the page reading's `6` ... `0`)."""
    runs: list[list[_Raw]] = []
    for piece in sorted((r for r in raws if len(r.text) <= longest), key=lambda r: r.left):
        run = next((run for run in reversed(runs) if _next_in_run(run[-1], piece)), None)
        if run is None:
            runs.append([piece])
        else:
            run.append(piece)
    return sorted(runs, key=lambda run: (run[0].line, run[0].left))


def _next_in_run(last: _Raw, piece: _Raw) -> bool:
    gap = piece.left - (last.left + last.width)
    return same_line(last, piece) and gap <= 0.6 * max(piece.height, last.height)


def union(group: list[_Raw]) -> _Raw:
    left, top = min(r.left for r in group), min(r.top for r in group)
    right = max(r.left + r.width for r in group)
    bottom = max(r.top + r.height for r in group)
    return _Raw(
        "".join(r.text for r in group),
        group[0].confidence,
        left,
        top,
        right - left,
        bottom - top,
        group[0].line,
    )


def _date_with_slashes_unseen(raw: _Raw) -> bool:
    """`(132025` at no confidence for 7/13/2025: a date's digits with its slashes lost, so faint
    OCR could not say what it read. (A surely read run of digits is a number, not a date.)"""
    digits = sum(ch.isdigit() for ch in raw.text)
    return (
        raw.confidence < _UNSEEN
        and 5 <= digits <= 8
        and len(raw.text) - digits <= 2
        and not any(ch.isalpha() for ch in raw.text)
        and parse_date(raw.text) is None
    )


def _date_shaped_unseen(raw: _Raw) -> bool:
    """`Oa/iay202!` at no confidence for 02/14/2025: a date's length with a separator and some
    digits, read from a line OCR could not make out (a stacked label beside it merged the lines);
    or with no digits at all where OCR gave the word nothing (`OT/ABFROZE` for 07/03/2026, its last
    digit on the cell's rule)."""
    text = raw.text.strip()
    digits = sum(ch.isdigit() for ch in text)
    return (
        raw.confidence < _UNSEEN
        and _DATE_LENGTH[0] <= len(text) <= _DATE_LENGTH[1]
        and _SEPARATORS.search(text) is not None
        and (digits >= _SOME_DIGITS or raw.confidence < NOTHING_SEEN)
        and parse_date(text) is None
    )


_DATE_LENGTH, _SOME_DIGITS = (8, 11), 3


def _broken_date(text: str, noise: int = 4) -> bool:
    """Mostly digits with a date's separator, up to a date's length give or take `noise`
    characters that are not digits, that does not read as a date (specks either side of it, as
    `.10/04/262G:` boxed over the cell's rule, are no part of it)."""
    text = text.strip(_SPECKS)
    digits = sum(ch.isdigit() for ch in text)
    return (
        4 <= digits <= 8
        and len(text) <= 8 + noise
        and _SEPARATORS.search(text) is not None
        and digits >= len(text) - noise
        and parse_date(text) is None
    )


def stacked_cutouts(image: Gray, raws: list[_Raw]) -> tuple[Gray, list[tuple[int, int]]]:
    """Each word's print cut out with a margin, stacked one under another on white."""
    page_h, page_w = image.shape
    crops = []
    for raw in raws:
        pad_x, pad_y = max(6, raw.height // 2), max(4, raw.height // 3)
        top, bottom = max(0, raw.top - pad_y), min(page_h, raw.top + raw.height + pad_y)
        left, right = max(0, raw.left - pad_x), min(page_w, raw.left + raw.width + pad_x)
        crops.append(image[top:bottom, left:right])
    return stacked(crops, _GAP)
