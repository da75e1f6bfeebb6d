"""Words whose box stops inside their own print, read again whole.

Tesseract sometimes gives a word's first letters to the box of a label beside it (`CONTACT` boxed
over both lines of `CONTACT / NAME:` and the `Su` of `Susan` after it) and keeps only the rest
(`san`); when that box is re-read, the letters it held are lost. The print left of such a word runs
on from its box with no word space: the box is widened over that print, up to the next word's box,
and the widened cut-outs are read again in one call. A re-reading replaces the word only when it
ends with the word as first read and is longer.
"""

from __future__ import annotations

from collections.abc import Callable

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_dates import stacked_cutouts
from services.intake.extraction.ocr_fragments import same_line
from services.intake.extraction.ocr_words import _Raw

_WORD_SPACE = 0.3  # of the word's height: white columns this wide end a word
_MAX_REACH = 3.0  # of the word's height: how far left a cut-off start may reach
_MAX_WORDS = 40


def reread_cut_words(image: Gray, raws: list[_Raw], read: Callable[[Gray], list[_Raw]]) -> list[_Raw]:
    """`raws` with words whose print runs on left of their box read again, widened."""
    widened = [w for w in (_widened(image, raw, raws) for raw in raws) if w is not None][:_MAX_WORDS]
    if not widened:
        return raws
    stacked, rows = stacked_cutouts(image, [wide for _, wide in widened])
    reread = read(stacked)
    replaced: dict[int, _Raw] = {}
    for (raw, wide), (top, bottom) in zip(widened, rows, strict=True):
        words = sorted((r for r in reread if top <= r.top + r.height / 2 < bottom), key=lambda r: r.left)
        text = " ".join(r.text for r in words)
        if (
            words
            and len(text) > len(raw.text)
            and text.lower().endswith(raw.text.lower())
            and " " not in text
        ):
            confidence = min(r.confidence for r in words)
            replaced[id(raw)] = _Raw(text, confidence, wide.left, raw.top, wide.width, raw.height, raw.line)
    return [replaced.get(id(raw), raw) for raw in raws]


def _widened(image: Gray, raw: _Raw, raws: list[_Raw]) -> tuple[_Raw, _Raw] | None:
    """The word and its box stretched left over print that runs on from it, if any does."""
    if len(raw.text) < 2 or not raw.text[0].isalpha() or raw.height < 8:
        return None
    band = image[raw.top : raw.top + raw.height]
    space = max(2, round(_WORD_SPACE * raw.height))
    if not (band[:, max(0, raw.left - space) : raw.left] < 128).any():
        return None  # a word space before the box: most words, settled without the search below
    # Nothing of another word's box may be taken in.
    stop = max(
        (r.left + r.width for r in raws if r is not raw and r.left < raw.left and same_line(r, raw)),
        default=0,
    )
    reach = max(stop, raw.left - round(_MAX_REACH * raw.height))
    left, white = raw.left, 0
    for column in range(raw.left - 1, reach - 1, -1):
        if (band[:, column] < 128).any():
            left, white = column, 0
        else:
            white += 1
            if white >= space:
                break
    else:
        return None  # print runs on to the neighbour: not a word of its own start
    if raw.left - left < 0.3 * raw.height:
        return None
    return raw, _Raw(
        raw.text, raw.confidence, left, raw.top, raw.left + raw.width - left, raw.height, raw.line
    )
