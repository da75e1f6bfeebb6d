"""The insurer letter of a coverage row, printed in the narrow INSR LTR column left of the type of
insurance: one letter, or two when insurers share the policy, maybe misread or glued by OCR.
"""

from __future__ import annotations

import re

from services.intake.extraction.acord25.reader import _Grid, _Reader
from services.intake.extraction.ir import Word
from services.intake.extraction.values import strip_rules

# What the column holds: one letter, read twice by OCR (`Cc`), or the policy's insurer then the one
# sharing it (`B/C`, `C/B`, `B&C`, `A B`); OCR reads the thin slash as I, l, 1 or | (`BIC`), or
# joins two letters a space apart (`AB`). The first letter is the policy's insurer.
_PRINTED_LETTERS = re.compile(r"([A-F])(?:\1|\s*[/,&|IL1\\]?\s*[A-F])?")

# Single glyphs OCR reads for an insurer letter in the narrow INSR LTR column (a serif C's two
# terminals read as an S or its upper one as an e's bar, a serif A's top bar makes a 2).
_LETTER_LOOKALIKES = {
    **dict.fromkeys("€©¢(GSce&", "C"),
    **dict.fromkeys("8", "B"),
    **dict.fromkeys("0O", "D"),
    **dict.fromkeys("42", "A"),
}


def _read_letter(
    r: _Reader, grid: _Grid, extent: tuple[float, float], listed: set[str]
) -> tuple[str, float] | None:
    """The insurer letter in the INSR LTR column (on any line of the row's block), a letter OCR
    glued to the type-of-insurance text beside it, or a lookalike of a listed insurer's letter."""
    top, bottom = extent
    # A letter's box may run right of the column (the rule beside it taken in): it starts inside.
    letter_words = [
        w
        for w in r.page.words_in(0.0, top, 1.0, bottom)
        if (w.box.center_x <= grid.ltr_right or w.box.left < grid.ltr_right - r.h)
        and _PRINTED_LETTERS.fullmatch(strip_rules(w.text).strip(".,").upper() or "-")
    ]
    if letter_words:
        first = _first_printed(r, letter_words)
        return strip_rules(first.text).strip(".,").upper()[0], first.confidence
    return (
        _glued_letter(r, grid, top, bottom)
        or _letter_with_a_speck(r, grid, top, bottom, listed)
        or _letter_lookalike(r, grid, top, bottom, listed)
    )


def _letter_with_a_speck(
    r: _Reader, grid: _Grid, top: float, bottom: float, listed: set[str]
) -> tuple[str, float] | None:
    """A listed insurer's letter with a speck beside it: read as a digit or symbol (`7B`, whatever
    the box), or as a second letter (`AL`) in a box one glyph wide."""
    for word in _column_top_down(r, grid, top, bottom):
        text = strip_rules(word.text).strip(".,")
        letters = [ch for ch in text if ch in "ABCDEF"]
        speck = next((ch for ch in text if ch not in letters), "")
        if len(text) == 2 and len(letters) == 1 and letters[0] in listed and not speck.isalpha():
            return letters[0], word.confidence * 0.6  # low enough for a person to check
        if len(text) == 2 and text[0] in listed and word.box.width < r.h * 1.5:
            return text[0], word.confidence * 0.6
    return None


def _first_printed(r: _Reader, words: list[Word]) -> Word:
    """The first of the column's letters in reading order: `B C` printed as two words gives B."""
    top_line = min(words, key=lambda w: w.box.center_y)
    on_line = [w for w in words if abs(w.box.center_y - top_line.box.center_y) < r.h * 0.5]
    return min(on_line, key=lambda w: w.box.left)


def _glued_letter(r: _Reader, grid: _Grid, top: float, bottom: float) -> tuple[str, float] | None:
    """A letter OCR read as one word with the print right of it (`CAND` for `C` beside `AND
    EMPLOYERS' LIABILITY`, `BX` beside a marked box): the word starts well inside the letter
    column, where type-of-insurance text never starts, and runs into the type column."""
    for word in sorted(r.page.words_in(0.0, top, 1.0, bottom), key=lambda w: w.box.top):
        text = strip_rules(word.text)
        if (
            len(text) >= 2
            and text[0] in "ABCDEF"
            and word.box.left < grid.ltr_right - r.h * 1.5
            and word.box.right > grid.ltr_right
        ):
            return text[0], word.confidence * 0.8  # placed by splitting a word: a person checks it
    return None


def _letter_lookalike(
    r: _Reader, grid: _Grid, top: float, bottom: float, listed: set[str]
) -> tuple[str, float] | None:
    """A misread insurer letter (`€`, `(é:`, `GE` for C): taken only if that insurer is listed."""
    for word in _column_top_down(r, grid, top, bottom):
        text = word.text.strip()
        if not text or len(text) > 3:
            continue
        letter = _LETTER_LOOKALIKES.get(text[0])
        if letter is not None and letter in listed:
            return letter, word.confidence * 0.6  # low enough for a person to check
    return None


def _column_top_down(r: _Reader, grid: _Grid, top: float, bottom: float) -> list[Word]:
    """The words in the INSR LTR column of a row's extent, top to bottom."""
    return sorted(r.page.words_in(0.0, top, grid.ltr_right, bottom), key=lambda w: w.box.top)


def label_without_letter(label: str, *, ocr: bool) -> tuple[str, float]:
    """An `other` row's label read by OCR with the row's insurer letter glued before it (`APollution
    Liability`: a capital before a capitalised word starts no word), cut off; with the most the
    label's reading may then be trusted (a person checks the cut). A small letter alone before a
    label in capitals is a speck, and a capital alone before a capitalised word (`A Professional
    Liability`) the letter read apart from its column: each cut off the same way."""
    if ocr and _GLUED_TO_LABEL.match(label):
        return label[1:], _CUT_LABEL
    if ocr and _SPECK_BEFORE_LABEL.match(label):
        return label[2:], _CUT_LABEL  # `c INLAND MARINE`: a speck read as a small letter; `A Pro...`
    return label, 1.0


_GLUED_TO_LABEL = re.compile(r"[A-F](?=[A-Z][a-z]{2,})")
_SPECK_BEFORE_LABEL = re.compile(r"[a-z] (?=[A-Z]{2,})|[A-F] (?=[A-Z][a-z]{2,})")
_CUT_LABEL = 0.45  # under the review threshold
