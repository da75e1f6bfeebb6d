"""Print the page reading returned no word for: where it lies, and which of its re-readings to keep."""

from __future__ import annotations

import re
from dataclasses import replace

from services.intake.extraction import imaging
from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw, typical_word_height

MAX_UNREAD_CROPS = 60  # print with no word, read in one extra call (more is noise, not text)
_UNREAD_INK_CONFIDENCE = 60.0  # a word found in print the page reading skipped must be a sure one
# ... or a word of letters, a neighbour's edge read as a sign before it (`'INC`): kept, to be looked at
_UNREAD_WORD_CONFIDENCE, _LETTERS_WORD = 40.0, re.compile(r"\W?([A-Za-z]{3,})\W?")
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


def kept_unread_words(words: list[_Raw]) -> list[_Raw]:
    """The re-readings of print with no word to keep: sure ones, and a word of letters however
    unsure, without a sign read at its edge (`-LLC` at 0 after a name: its end lost from the page
    reading). Its low confidence sends the value it joins to a person; junk read from a rule
    (`lll`) is no word."""
    kept: list[_Raw] = []
    for raw in words:
        letters = _LETTERS_WORD.fullmatch(raw.text)
        if sure_unread_word(raw):
            kept.append(raw)
        elif letters is not None and not set(letters.group(1)) <= set("lIi|"):
            # boxed on the letters' share, the sign's (a neighbour's edge) left out
            share = raw.width / len(raw.text)
            left = raw.left + round(share * letters.start(1))
            width = round(share * len(letters.group(1)))
            kept.append(replace(raw, text=letters.group(1), left=left, width=width))
    return kept


def sure_unread_word(raw: _Raw) -> bool:
    if raw.confidence >= _UNREAD_INK_CONFIDENCE:
        return True
    return raw.confidence >= _UNREAD_WORD_CONFIDENCE and _LETTERS_WORD.fullmatch(raw.text) is not None
