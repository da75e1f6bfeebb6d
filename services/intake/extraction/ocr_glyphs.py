"""Marks told by their shape where OCR's text for them is no answer.

A mark column's `Y` comes out of Tesseract as `bf`, `a`, `NY` or nothing at all, yet its ink still
mirrors left to right and widens at the top; a lone X or check mark with no box round it (the PER
STATUTE tick) is no text to Tesseract at all. The shapes say what they are.
"""

from __future__ import annotations

import numpy as np

from services.intake.extraction.imaging import Gray, boxed_letter
from services.intake.extraction.ocr_words import _Raw
from services.intake.extraction.tick_shapes import ticked

_UNSURE_GLYPH = 90.0  # below this Tesseract confidence (0-100) a lone glyph's shape is kept beside its text
_ONE_GLYPH_WIDTH = 1.4  # the widest box of one glyph (a W), in its heights
DRAWN_X_CONFIDENCE = 70.0  # an X told by its shape alone: sure enough not to be listed by itself


def one_glyph(raw: _Raw) -> bool:
    """A box no wider than one glyph, holding at most two letters or digits of text."""
    return raw.width <= _ONE_GLYPH_WIDTH * raw.height and sum(ch.isalnum() for ch in raw.text) <= 2


def lone_glyph(image: Gray, raw: _Raw) -> str | None:
    """The shape (`Y`, `N`, else `X`) of a word that is one glyph OCR was unsure of; None for
    longer or surely read words."""
    if raw.confidence >= _UNSURE_GLYPH or raw.height < 12 or not one_glyph(raw):
        return None
    crop = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
    return boxed_letter(np.where(crop < 128, 255, 0).astype(np.uint8))


def marks_by_shape(
    image: Gray, boxes: dict[int, tuple[int, int, int, int]], unsure: dict[int, list[_Raw]]
) -> list[_Raw]:
    """Marks in print no sure word was read from (`boxes` by index, with the unsure readings of
    each): a tick as `X`; a lone `Y` or `N` as that letter at its reading's low confidence, for a
    person to check."""
    marks: list[_Raw] = []
    for index, (x, y, w, h) in boxes.items():
        line = (-1, index, 0)
        if ticked(image[y : y + h, x : x + w]):
            marks.append(_Raw("X", DRAWN_X_CONFIDENCE, x, y, w, h, line))
            continue
        readings = unsure.get(index, [])
        letter = lone_glyph(image, _Raw("", 0.0, x, y, w, h, line)) if len(readings) == 1 else None
        if letter in ("Y", "N"):
            marks.append(_Raw(letter, readings[0].confidence, x, y, w, h, line))
    return marks
