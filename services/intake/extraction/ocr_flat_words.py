"""Words read surely in a box flatter than their print, boxed again to it.

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
