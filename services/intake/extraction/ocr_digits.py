"""Digits Tesseract misreads in limit amounts, told apart by the printed glyph's shape.

A `1` with its flag is read as `4` with high confidence (`4,000,000` for the `1,000,000` in
plain sight), which quadruples a limit. A 4 has a bar across its lower half; a 1 has its stem
alone there.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import numpy.typing as npt

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw

_LEADING_FOUR = re.compile(r"^(\$?)4([\d.,]{3,})$")


def leading_ones_read_as_fours(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """Amounts whose leading `4` is printed as narrow as a 1, with that digit made a `1`."""
    return [_with_leading_one(image, raw) if _LEADING_FOUR.match(raw.text) else raw for raw in raws]


def _with_leading_one(image: Gray, raw: _Raw) -> _Raw:
    dollar, rest = _LEADING_FOUR.match(raw.text).groups()  # type: ignore[union-attr]
    crop = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
    count, labels, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    tall = sorted(
        (int(stats[i, cv2.CC_STAT_LEFT]), i)
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_HEIGHT] >= 0.6 * raw.height
    )
    if len(tall) <= len(dollar):
        return raw
    first = tall[len(dollar)][1]
    x, y, w, h = (int(v) for v in stats[first, :4])
    # No wider than a glyph's share of the word, or the first digit touches the next one.
    if w > 1.3 * raw.width / (len(raw.text) - 0.5 * sum(ch in ",." for ch in raw.text)):
        return raw
    glyph = labels[y : y + h, x : x + w] == first
    if _has_crossbar(glyph):
        return raw
    return _Raw(f"{dollar}1{rest}", raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line)


def _has_crossbar(glyph: npt.NDArray[np.bool_]) -> bool:
    """A 4's bar runs across most of the glyph a little below its middle; a 1 there is its stem
    alone (its flag is above, a serif's foot below)."""
    h, w = glyph.shape
    middle = glyph[round(0.45 * h) : round(0.85 * h)]
    spans = [np.nonzero(row)[0] for row in middle]
    return any(len(span) and span.max() + 1 - span.min() >= 0.6 * w for span in spans)
