"""Ticks standing on their own, told by their shape: an X or a check mark with no box round it
(the real form's PER STATUTE tick), where Tesseract reads nothing, a stroke or an unsure V.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from services.intake.extraction.imaging import Gray


def crossed(gray: Gray) -> bool:
    """Whether the print in a cut-out is an X on its own: ink along both diagonals of its box and
    through its middle, none left and right of the middle (an N's or H's stems), none above and
    below it at the top or a little lower (serifs). A ring, a blob, a letter or a check fails."""
    glyph = _mark_sized_glyph(gray)
    if glyph is None:
        return False
    h, w = glyph.shape
    reach = max(1, round(min(h, w) * 0.06))

    def inked(down: float, across: float) -> bool:
        top, left = round(down * (h - 1)), round(across * (w - 1))
        return bool(
            glyph[max(0, top - reach) : top + reach + 1, max(0, left - reach) : left + reach + 1].any()
        )

    steps = [i / 10 for i in range(1, 10)]
    diagonals = min(sum(inked(t, t) for t in steps), sum(inked(t, 1 - t) for t in steps)) / len(steps)
    stems = inked(0.5, 0.15) or inked(0.5, 0.85)
    # Looked for down the middle column itself: a bold typewriter x's serifs reach within a
    # pixel or two of it; a stem's ink fills it, a z's bars cross it at both ends.
    middle = np.asarray(glyph[:, (w - 1) // 2 : w // 2 + 1].any(axis=1), dtype=bool)
    stem = middle[: round(0.2 * h) + 1].all() or middle[round(0.8 * h) :].all()
    capped = bool(stem or middle[[0, -1]].all())
    return diagonals >= 0.8 and inked(0.5, 0.5) and not stems and not capped


def checked(gray: Gray) -> bool:
    """Whether the print in a cut-out is a check mark on its own (a dingbat ✓ with no box round
    it): a short stroke from the left side down to a point left of the middle of the bottom, and
    a long one from there up to the top right corner. A V inks its top left, a J its bottom
    right; a check mark neither."""
    glyph = _mark_sized_glyph(gray)
    if glyph is None:
        return False
    h, w = glyph.shape
    bottom = np.nonzero(glyph[h - max(1, h // 10) :].any(axis=0))[0]
    top = np.nonzero(glyph[: max(1, h // 10)].any(axis=0))[0]
    point = (bottom.min() + bottom.max()) / 2 / w
    return bool(
        0.15 <= point <= 0.6
        and top.min() >= 0.55 * w
        and not glyph[: round(0.3 * h), : round(0.3 * w)].any()
        and not glyph[round(0.7 * h) :, round(0.75 * w) :].any()
        and glyph[round(0.3 * h) : round(0.8 * h), : max(1, round(0.2 * w))].any()
    )


def ticked(gray: Gray) -> bool:
    """Whether the print in a cut-out is a tick on its own, an X or a check mark."""
    return crossed(gray) or checked(gray)


def _mark_sized_glyph(gray: Gray) -> npt.NDArray[np.bool_] | None:
    """The largest piece of print in a cut-out when it could be a mark: about as wide as tall,
    and more than a speck."""
    glyph = _largest_glyph(gray)
    if glyph is None:
        return None
    h, w = glyph.shape
    return glyph if 0.6 <= w / h <= 1.6 and min(h, w) >= 8 else None


def _largest_glyph(gray: Gray) -> npt.NDArray[np.bool_] | None:
    """The largest piece of print in a cut-out, trimmed to its box (a rule's stub may stand beside
    a mark); None for a speck. A box's frame standing apart from the mark inside it is no glyph:
    printed thin, it can hold more ink than the mark."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 128).astype(np.uint8), connectivity=8)
    pieces = [i for i in range(1, count) if not _frame(labels[_bounds(stats[i])] == i)]
    if not pieces:
        return None
    largest = max(pieces, key=lambda i: int(stats[i, cv2.CC_STAT_AREA]))
    if stats[largest, cv2.CC_STAT_AREA] < 12:
        return None
    return np.asarray(labels[_bounds(stats[largest])] == largest)


def _bounds(stat: npt.NDArray[np.int32]) -> tuple[slice, slice]:
    x, y, w, h = (int(v) for v in stat[:4])
    return slice(y, y + h), slice(x, x + w)


def _frame(piece: npt.NDArray[np.bool_]) -> bool:
    """A hollow box: ink at its four sides and none in its middle half."""
    h, w = piece.shape
    if min(h, w) < _SMALLEST_FRAME:
        return False
    middle = piece[h // 4 : h - h // 4, w // 4 : w - w // 4]
    sides = piece[:, 0].any() and piece[:, -1].any() and piece[0].any() and piece[-1].any()
    return bool(sides and not middle.any() and piece[:, 0].mean() > _SIDE and piece[0].mean() > _SIDE)


_SMALLEST_FRAME, _SIDE = 12, 0.6
