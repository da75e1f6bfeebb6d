"""Words in a box flatter than their print: boxed again to it where read surely, else dropped.

Tesseract can box a word of capitals and stops (`L.L.C.` ending a name) a few pixels tall, on its
baseline or across its middle, though it read every letter surely. Boxed so it looks like a
rule's remnant read as text and would be dropped with them, and the name would lose it without
a trace. Where the print over the box's columns stands as tall as a line's words, the box is
fitted to that print; a remnant of a rule has no such print round it and stays flat.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw, typical_word_height

_FLAT = 0.3  # of the typical word height: a box under this is too flat for legible print
_SURE = 85.0  # Tesseract's confidence (0-100) in every letter of such a word
_WORD_HIGH = 0.6  # the print round it must stand at least this share of a word's height
_MIN_LETTERS = 2


def fit_flat_words_to_ink(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """`raws` with each surely read word in a box too flat for print boxed over the band of ink
    its box lies in, where that band is as tall as a word."""
    typical = typical_word_height(raws)
    if typical is None:
        return raws
    return [_fitted(image, raw, typical) if _flat_and_sure(raw, typical) else raw for raw in raws]


def _flat_and_sure(raw: _Raw, typical: int) -> bool:
    letters = sum(ch.isalnum() for ch in raw.text)
    return raw.height < _FLAT * typical and raw.confidence >= _SURE and letters >= _MIN_LETTERS


def _fitted(image: Gray, raw: _Raw, typical: int) -> _Raw:
    """The box grown up and down over the rows inked under its columns, run on from its own rows
    (a line of print ends at the blank rows between lines)."""
    top = max(0, raw.top - typical)
    bottom = min(image.shape[0], raw.top + raw.height + typical)
    inked = np.count_nonzero(image[top:bottom, raw.left : raw.left + raw.width] < 128, axis=1) > 0
    first, last = raw.top - top, raw.top - top + raw.height - 1
    if not inked[first : last + 1].any():
        return raw
    while first > 0 and inked[first - 1]:
        first -= 1
    while last + 1 < len(inked) and inked[last + 1]:
        last += 1
    height = last + 1 - first
    if height < _WORD_HIGH * typical or height > 1.5 * typical:
        return raw  # no word's print round it, or print of two lines run together
    return replace(raw, top=top + first, height=height)


def drop_flat_words(raws: list[_Raw]) -> list[_Raw]:
    """Letters or digits in a box a few pixels tall are a rule's remnant Tesseract read as text
    (`9006-` glued onto a policy number): no legible print is under a third of the line height.
    Punctuation (a dash, a full stop) is flat by nature and stays; a lone letter stays unless it
    is a speck in both directions (the `i` Tesseract makes of the dot over an i) or lies inside
    another word's box (`x` under the end of a policy number, glued onto it)."""
    typical = typical_word_height(raws)
    if typical is None:
        return raws
    floor = _FLAT * typical

    def inside_another(raw: _Raw) -> bool:
        return any(
            other is not raw
            and other.left <= raw.left
            and raw.left + raw.width <= other.left + other.width
            and other.top <= raw.top + raw.height
            and raw.top <= other.top + other.height
            for other in raws
        )

    return [
        r
        for r in raws
        if (r.height >= floor and not _echo_of_a_number(r, typical, raws))
        or _letters(r) == 0
        or (_letters(r) == 1 and r.width >= floor and not inside_another(r))
    ]


def _echo_of_a_number(raw: _Raw, typical: int, raws: list[_Raw]) -> bool:
    """Digits a third of the line height boxed inside a number of full height (`1,900,` seven
    pixels tall over the foot of a `14.000,000` twenty-one tall): that number read again off its
    foot. Alone, such a box is Tesseract's flat box round a real amount, and stays."""
    if _digits(raw) < _NUMBER_DIGITS or raw.height >= _FLAT_DIGITS * typical:
        return False
    return any(
        other is not raw
        and _digits(other) >= _NUMBER_DIGITS
        and other.height > 2 * raw.height
        and other.top <= raw.top + raw.height / 2 <= other.top + other.height
        and min(raw.left + raw.width, other.left + other.width) - max(raw.left, other.left) > raw.width / 2
        for other in raws
    )


def _digits(raw: _Raw) -> int:
    return sum(ch.isdigit() for ch in raw.text)


_NUMBER_DIGITS, _FLAT_DIGITS = 3, 0.4


def _letters(raw: _Raw) -> int:
    return sum(ch.isalnum() for ch in raw.text)
