"""Groups of words cut out of the page, enlarged and stacked into one image for a second reading."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from services.intake.extraction import imaging
from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _overlap, _Raw

REREAD_SCALE = 2.5  # enlargement of a re-read crop
REREAD_GAP = 24  # white pixels between crops in the mosaic
Crop = tuple[list[_Raw], int, int, Gray]  # a group, its crop's page origin x and y, the enlarged crop


def mosaic(image: Gray, groups: list[list[_Raw]]) -> tuple[list[Crop], Gray, list[tuple[int, int]]]:
    """The groups cut out enlarged and stacked into one image, with each crop's rows in it."""
    page_h, page_w = image.shape
    crops: list[Crop] = []
    for group in groups:
        tallest = max(r.height for r in group)
        pad_x, pad_y = max(8, int(tallest * 0.6)), max(6, int(tallest * 0.45))
        x0 = max(0, min(r.left for r in group) - pad_x)
        x1 = min(page_w, max(r.left + r.width for r in group) + pad_x)
        y0 = max(0, min(r.top for r in group) - pad_y)
        y1 = min(page_h, max(r.top + r.height for r in group) + pad_y)
        scale = REREAD_SCALE
        crop = np.asarray(
            cv2.resize(image[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC),
            dtype=np.uint8,
        )
        crops.append((group, x0, y0, crop))
    stacked, rows = imaging.stacked([crop for _, _, _, crop in crops], REREAD_GAP)
    return crops, stacked, rows


def surer_first_readings(
    image: Gray, crops: list[Crop], replaced: dict[int, list[_Raw]], below: float
) -> dict[int, list[_Raw]]:
    """A group's re-reading is accepted on its average; word for word, an unsure first reading with
    digits stays where the one re-read word that alone covers it is less sure and has lost them all
    (`S1M` at 47, a `$1M` limit, had become `ga` at 46 because the junk beside it was read better).
    Where both readings have digits, or neither, later checks of the value's shape decide. A first
    reading also stays, as sure as the re-reading, where the re-reading only adds a glyph its ink
    does not hold (`ZB0759871` re-read `2ZB0759871`: nine glyphs printed)."""
    out: dict[int, list[_Raw]] = {}
    for index, new in replaced.items():
        originals = crops[index][0]
        words: list[_Raw] = []
        for candidate in new:
            under = [o for o in originals if _overlap(candidate, o) > 0.4]
            alone = len(under) == 1 and not any(
                _overlap(o, under[0]) > 0.4 for o in new if o is not candidate
            )
            digits_lost = alone and _digits(under[0]) and not _digits(candidate)
            surer = digits_lost and candidate.confidence < under[0].confidence < below
            if alone and _glyph_invented(image, under[0], candidate):
                words.append(replace(under[0], confidence=candidate.confidence))
                continue
            words.append(under[0] if surer else candidate)
        out[index] = words
    return out


def _glyph_invented(image: Gray, first: _Raw, reread: _Raw) -> bool:
    """The re-reading is the first one with one glyph more, and the ink shows as many glyphs
    standing apart as the first reading spells, over both readings' boxes."""
    before, after = _glyphs(first.text), _glyphs(reread.text)
    one_more = len(after) == len(before) + 1
    if not one_more or all(after[:i] + after[i + 1 :] != before for i in range(len(after))):
        return False
    # Over both boxes: a re-reading may rightly take in a glyph beside the first one's box.
    left, top = min(first.left, reread.left), min(first.top, reread.top)
    right = max(first.left + first.width, reread.left + reread.width)
    bottom = max(first.top + first.height, reread.top + reread.height)
    cut = image[top:bottom, left:right]
    count, _, stats, _ = cv2.connectedComponentsWithStats((cut < INK).astype(np.uint8), connectivity=8)
    # Glyphs stand as tall as the print; a dot, comma or speck does not.
    standing = sum(1 for index in range(1, count) if stats[index, cv2.CC_STAT_HEIGHT] >= first.height / 2)
    return standing == len(before)


def _glyphs(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


INK = 128  # darker than this is ink


def _digits(raw: _Raw) -> bool:
    return any(ch.isdigit() for ch in raw.text)
