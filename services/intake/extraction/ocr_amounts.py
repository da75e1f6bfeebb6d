"""Limit amounts (and, before them, dates) the page reading broke into pieces, read again.

A faint or blurred `2,000,000` can come out of the whole-page reading as `00` `0` `?` `0` `0` `0`:
its first digit and commas lost, the rest in pieces. Each such run of pieces is cut out with room on
its left for the lost digits, the cut-outs stacked into one image read with only digits and money
punctuation allowed, and a reading replaces the pieces only when it is an amount holding at least
their digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_dates import (
    DATE_CHARACTERS,
    rejoin_split_dates,
    reread_broken_dates,
    reread_dates_after_glued_pieces,
    reread_groups,
    runs_of_pieces,
    union,
)
from services.intake.extraction.ocr_words import _Raw
from services.intake.extraction.values import parse_money

AMOUNT_CHARACTERS = "0123456789,.$"
_MIN_DIGITS = 4  # pieces holding fewer digits are no amount worth re-reading
_MAX_NOISE = 2  # characters in the pieces that are neither digits nor money punctuation (or a third
# of the characters in a long run: `2D:` `¢` before six zeros is a `2,` read as junk)
_LOST_COMMA_GAP = 2.0  # the widest gap a lost comma leaves between pieces of one amount, in line heights
# Punctuation of an amount (a comma read as `;`, `:` or a bracket, `(QQ` for `,000,`), and the
# strokes OCR reads for its ones.
_AMOUNT_LIKE = ",;:.()[]$|lI"
_LOST_DIGITS = 2.0  # room left of the pieces for digits the page reading lost, in line heights
_MAX_RUNS = 12
# The longest piece of a broken amount: its last group with cents (`1` `(00` `000.00`, the comma and
# a zero of `1,000,000.00` lost) is one.
_LONGEST_PIECE = 6
# An amount as certificates print limits: thousands separated by commas (`$2,000,000`, `25,000`).
_PRINTED_AMOUNT = re.compile(r"\$?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d{2})?")


def reread_broken_values(
    image: Gray, raws: list[_Raw], read: Callable[[Gray, str], list[_Raw]]
) -> list[_Raw]:
    """Broken dates, then broken amounts, each read again with only their own characters allowed
    (`read(cut, allowed)`)."""
    raws = reread_broken_dates(image, raws, lambda cut: read(cut, DATE_CHARACTERS))
    raws = rejoin_split_dates(raws)
    raws = reread_dates_after_glued_pieces(image, raws, lambda cut: read(cut, DATE_CHARACTERS))
    return reread_broken_amounts(image, raws, lambda cut: read(cut, AMOUNT_CHARACTERS))


def reread_broken_amounts(image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]) -> list[_Raw]:
    """`raws` with each run of amount pieces replaced by its re-reading where that is an amount."""
    pieces = runs_of_pieces(raws, _LONGEST_PIECE)
    runs = [run for run in _amount_runs(pieces) if _broken_amount(run)]
    in_runs = {id(raw) for run in runs for raw in run}
    whole = [
        [raw]
        for raw in raws
        if id(raw) not in in_runs
        and (
            _headless_or_garbled(raw.text)
            or _too_wide_for_its_glyphs(raw)
            or _misshapen_amount(raw)
            or _wider_than_its_peers(raw, raws)
        )
    ]
    runs = (runs + whole)[:_MAX_RUNS]
    if not runs:
        return raws
    # Digits lost before the pieces lie after the `$` when it was read: the cut-out starts there.
    groups = [(run, union(run) if run[0].text == "$" else _widened_left(union(run))) for run in runs]
    return reread_groups(image, raws, groups, read, _amount_holding_the_pieces)


def _amount_holding_the_pieces(run: list[_Raw], text: str) -> bool:
    """An amount printed with thousands commas holding at least the pieces' digits (numbers in
    running text, `CG 20 01 04 13`, read again are no amount). A piece half as tall as the others
    is a comma read as a digit (`7` boxed at the foot of `1,000,000`), no digit the amount holds."""
    if _PRINTED_AMOUNT.fullmatch(text) is None:
        return False
    heights = sorted(r.height for r in run)
    typical = heights[len(heights) // 2]
    pieces = "".join(r.text for r in run if r.height > _COMMA_HEIGHT * typical)
    return _digits(text) >= _digits(pieces) or _same_groups(pieces, text)


def _same_groups(read: str, reread: str) -> bool:
    """One misgrouped word (`14.000,000`: a comma read as a 4 beside a stop) read again as an
    amount of as many groups, the same but for its first (`1,000,000`): a separator was read as a
    digit, no digit lost."""
    before, after = re.split(r"[.,]", read.lstrip("$")), reread.lstrip("$").split(",")
    return (
        _PRINTED_AMOUNT.fullmatch(read) is None
        and len(before) == len(after) > 1
        and before[1:] == after[1:]
        and before[0].startswith(after[0])
    )


_COMMA_HEIGHT = 0.5  # of the run's typical piece: a comma or a stop stands no taller


def _amount_runs(runs: list[list[_Raw]]) -> list[list[_Raw]]:
    """Runs of pieces joined across a thousands comma OCR lost: a typewriter face sets its digits
    apart, and the gap a lost comma leaves (`ne` `0 0 0` `0 0 0` for `1,000,000`) is wider than a
    word space. A joined chain is taken only where it looks like a broken amount."""
    chains: list[list[list[_Raw]]] = []
    for run in [part for whole in runs for part in _without_words(whole)]:
        last = chains[-1][-1] if chains else None
        if (
            last is not None
            and last[-1].line == run[0].line
            and run[0].left - (last[-1].left + last[-1].width)
            <= _LOST_COMMA_GAP * max(last[-1].height, run[0].height)
        ):
            chains[-1].append(run)
        else:
            chains.append([run])
    out: list[list[_Raw]] = []
    for chain in chains:
        joined = [piece for run in chain for piece in run]
        out += [joined] if len(chain) > 1 and _broken_amount(joined) else chain
    return out


def _without_words(run: list[_Raw]) -> list[list[_Raw]]:
    """A run split at its words (`SINGLE` `LIMIT` run into a limit's pieces: three letters or more
    are no misread digits), each part without the signs OCR read before it from a rule or a
    smudge (`—`); a `$` stays, where the amount starts."""
    parts: list[list[_Raw]] = [[]]
    for raw in run:
        if sum(ch.isalpha() for ch in raw.text) >= _WORD_LETTERS:
            parts.append([])
        elif parts[-1] or "$" in raw.text or any(ch.isalnum() for ch in raw.text):
            parts[-1].append(raw)
    return [part for part in parts if part]


_WORD_LETTERS = 3


def _broken_amount(run: list[_Raw]) -> bool:
    """Three pieces or more, mostly digits, that do not read as an amount together; or two that
    start with a 0 (`00.` `000` for `100,000`: its first digit lost; `O00;` `000`, the zero read as
    its letter)."""
    text = "".join(r.text for r in run)
    digits = _digits(text)
    noise = sum(not (ch.isdigit() or ch in _AMOUNT_LIKE) for ch in text)
    headless = text.lstrip("$")[:1] in _ZEROS
    return (
        (len(run) >= 3 or (len(run) == 2 and headless))
        and digits >= _MIN_DIGITS
        and noise <= max(_MAX_NOISE, digits // 2)
        and (parse_money(text) is None or headless)  # its first digit lost
    )


_ZEROS = ("0", "O", "o")


def _headless_amount(text: str) -> bool:
    """An amount read whole but for its first digit (`,000,000`; `(00,000`, the `1,` read as a
    bracket; `000.000`, a comma read as a stop): thousands groups after a stray sign or a leading
    zero, which no limit is printed with (`$00,000`: a 5 read as the sign)."""
    body = text.removeprefix("$")
    return (
        _HEADLESS.fullmatch(body) is not None
        and (not body[:1].isdigit() or body[:1] == "0")
        and _digits(body) >= _HEADLESS_DIGITS  # `,000` alone is a piece the limit reader joins
    )


def _headless_or_garbled(text: str) -> bool:
    """`,000,000`, or an amount read whole with brackets or a rule among its digits (`$_2.(000,000.00`,
    `4,(()0,000.00`: a zero read as brackets)."""
    garbled = _GARBLED.fullmatch(text) is not None and any(ch in "()[]{}_|" for ch in text) and "," in text
    return _headless_amount(text) or (garbled and _digits(text) >= _HEADLESS_DIGITS)


def _too_wide_for_its_glyphs(raw: _Raw) -> bool:
    """An unsure amount boxed wider than its glyphs could print (`60.000` over a clean `1,000,000`:
    a digit is little more than half as wide as it is tall, a comma half that): glyphs were lost."""
    text = raw.text
    return (
        _AMOUNT_READ.fullmatch(text) is not None
        and _digits(text) >= _MIN_DIGITS
        and raw.confidence < _UNSURE
        and raw.width > _WIDEST_GLYPH * raw.height * len(text)
    )


def _wider_than_its_peers(raw: _Raw, raws: list[_Raw]) -> bool:
    """An unsure amount boxed as wide as the page's sure amounts of more glyphs (`400,000` at 72 as
    wide as a `4,000,000` beside `500,000`s a fifth narrower, in the same face): a group was lost."""
    if raw.confidence >= _SURE_PEER or _PRINTED_AMOUNT.fullmatch(raw.text) is None:
        return False
    peers = sorted(
        other.width
        for other in raws
        if other is not raw
        and other.confidence >= _SURE_PEER
        and len(other.text) == len(raw.text)
        and _PRINTED_AMOUNT.fullmatch(other.text) is not None
        and abs(other.height - raw.height) <= _SAME_FACE * raw.height
    )
    return bool(peers) and raw.width > _WIDER * peers[len(peers) // 2]


_SURE_PEER = 90  # Tesseract's confidence (0-100) in an amount that sets the page's glyph width
_SAME_FACE = 0.2  # heights within this share of each other: amounts printed in one face
_WIDER = 1.15  # a box this much wider than its peers' holds a glyph or more its text lacks


def _misshapen_amount(raw: _Raw) -> bool:
    """An unsure amount with a sign or a colon among its digits (`-9:900,000` for a clean
    `2,000,000`): no limit prints so, and OCR doubted its own reading."""
    text = raw.text
    return (
        raw.confidence < _UNSURE
        and _MISSHAPEN.fullmatch(text) is not None
        and _PRINTED_AMOUNT.fullmatch(text) is None
        and "," in text
        and _digits(text) >= _HEADLESS_DIGITS
    )


_MISSHAPEN = re.compile(r"[-:;$]?\d[\d,.:;-]*")
_AMOUNT_READ = re.compile(r"\$?\d[\d,.]*")
_UNSURE = 70
_WIDEST_GLYPH = 0.8  # of the box's height: a typewriter face's digit, the widest any amount prints
_GARBLED = re.compile(r"\$?[\d,.()\[\]{}_|]+")
_HEADLESS_DIGITS = 5
# Thousands groups, maybe with cents, after at most one stray sign and up to three digits (`°` for
# a 5 whose top alone was read).
_HEADLESS = re.compile(r"[,.(\[{|°]?\d{0,3}(?:[,.]\d{3})+(?:\.\d{2})?")


def _widened_left(box: _Raw) -> _Raw:
    room = round(_LOST_DIGITS * box.height)
    left = max(0, box.left - room)
    return _Raw(box.text, box.confidence, left, box.top, box.width + box.left - left, box.height, box.line)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)
