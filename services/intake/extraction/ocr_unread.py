"""Print the page reading returned no word for: where it lies, and which of its re-readings to keep."""

from __future__ import annotations

import re

from services.intake.extraction import imaging
from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw, typical_word_height

MAX_UNREAD_CROPS = 60  # print with no word, read in one extra call (more is noise, not text)
_UNREAD_INK_CONFIDENCE = 60.0  # a word found in print the page reading skipped must be a sure one
# ... or a word of letters, a neighbour's edge read as a sign before it (`'INC`): kept, to be looked at
_UNREAD_WORD_CONFIDENCE, _LETTERS_WORD = 40.0, re.compile(r"\W?[A-Za-z]{3,}\W?")
_SLIVER_SURE = 50.0  # under this, a one-glyph sliver is no reading of the print around it


def unread_boxes(image: Gray, raws: list[_Raw]) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of print outside every word read. An unsure sliver (`b`
    7 px wide over a photo's faint rule, beside the `Y` it was boxed against) covers no print."""
    typical = typical_word_height(raws)
    if typical is None:
        return []
    read = [r for r in raws if not _unsure_sliver(r)]
    return imaging.unread_ink(image, [(r.left, r.top, r.width, r.height) for r in read], typical)


def _unsure_sliver(raw: _Raw) -> bool:
    return len(raw.text) == 1 and raw.confidence < _SLIVER_SURE and raw.width * 4 < raw.height


def sure_unread_word(raw: _Raw) -> bool:
    if raw.confidence >= _UNREAD_INK_CONFIDENCE:
        return True
    return raw.confidence >= _UNREAD_WORD_CONFIDENCE and _LETTERS_WORD.fullmatch(raw.text) is not None
