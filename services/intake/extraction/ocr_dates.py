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

import numpy as np

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw
from services.intake.extraction.values import parse_date

DATE_CHARACTERS = "0123456789/-."
_GAP = 30  # white pixels round each cut-out in the stacked image
_MAX_DATES = 24  # a certificate prints a dozen or so dates
_SEPARATORS = re.compile(r"[/\-.]")


def reread_broken_dates(image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]) -> list[_Raw]:
    """`raws` with each broken date replaced by its re-reading where that is a date."""
    broken = [raw for raw in raws if _broken_date(raw.text)][:_MAX_DATES]
    if not broken:
        return raws
    stacked, rows = _stacked(image, broken)
    found: dict[int, _Raw] = {}
    reread = read(stacked)
    for raw, (top, bottom) in zip(broken, rows, strict=True):
        words = sorted((r for r in reread if top <= r.top + r.height / 2 < bottom), key=lambda r: r.left)
        text = "".join(r.text for r in words)
        if words and parse_date(text) is not None:
            confidence = min(r.confidence for r in words)
            found[id(raw)] = _Raw(text, confidence, raw.left, raw.top, raw.width, raw.height, raw.line)
    return [found.get(id(raw), raw) for raw in raws]


def _broken_date(text: str) -> bool:
    """Mostly digits with a date's separator, up to a date's length, that does not read as a date."""
    digits = sum(ch.isdigit() for ch in text)
    return (
        4 <= digits <= 8
        and len(text) <= 12
        and _SEPARATORS.search(text) is not None
        and digits >= len(text) - 4
        and parse_date(text) is None
    )


def _stacked(image: Gray, raws: list[_Raw]) -> tuple[Gray, list[tuple[int, int]]]:
    """Each word's print cut out with a margin, stacked one under another on white."""
    page_h, page_w = image.shape
    crops = []
    for raw in raws:
        pad_x, pad_y = max(6, raw.height // 2), max(4, raw.height // 3)
        top, bottom = max(0, raw.top - pad_y), min(page_h, raw.top + raw.height + pad_y)
        left, right = max(0, raw.left - pad_x), min(page_w, raw.left + raw.width + pad_x)
        crops.append(image[top:bottom, left:right])
    width = max(c.shape[1] for c in crops) + 2 * _GAP
    height = sum(c.shape[0] + _GAP for c in crops) + _GAP
    stacked = np.full((height, width), 255, np.uint8)
    rows: list[tuple[int, int]] = []
    y = _GAP
    for crop in crops:
        stacked[y : y + crop.shape[0], _GAP : _GAP + crop.shape[1]] = crop
        rows.append((y, y + crop.shape[0]))
        y += crop.shape[0] + _GAP
    return stacked, rows
