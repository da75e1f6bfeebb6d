"""One ADDL or SUBR cell's answer from the short token OCR read over it: a letter, junk that still
tells one, or a glyph whose shape does."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.intake.extraction.acord25.marks import _mark_value
from services.intake.extraction.acord25.reader import _Grid
from services.intake.extraction.ir import Word
from services.intake.extraction.values import yes_no

# Under review_paths.REVIEW_THRESHOLD: a mark cell with print OCR could not read as Y, N or X.
UNREAD_CELL = 0.3
MARK_COLUMNS = ("addl", "subr")


def _mark_in_junk(cleaned: str, shape: str | None) -> bool | None:
    """A mark cell holds Y, N or X, so junk there still tells one, for a person to confirm: a `4` is
    a serif Y read as the digit it looks like (or an X, a yes too), a `*` an X or a Y's three
    strokes (an N has none of its diagonals crossing), whatever specks were read with them (`».4`);
    `ey,` holds a Y and no N; `=X` or `=§=§x` an X among the specks and the rule beside it; `XX.`
    an X and its own edge. One or two letters, neither Y nor N nor of an N/A (`k`, `DK` for a serif
    X, `ps`), over one glyph of ink shaped as neither a Y nor an N (`shape`) are an X: the cell
    holds no other answer."""
    glyphs = "".join(ch for ch in cleaned if ch.isalnum())
    letters = {ch for ch in cleaned.upper() if ch in "YN"}
    if glyphs == "4" or cleaned == "*" or (glyphs and set(glyphs) <= {"X", "x"}):
        return True
    if (
        shape == "X"
        and 0 < len(glyphs) <= _SHAPED_JUNK
        and glyphs.isalpha()
        and not set(cleaned.upper()) & set("YN/A")
    ):
        return True  # (`/A` is what is left of an N/A, no answer; a `1` is a rule's stub)
    if len(cleaned) <= _SHORT_JUNK and len(letters) == 1:
        return "Y" in letters
    return None


_SHORT_JUNK = 3
_SHAPED_JUNK = 2
_SHAPE_SAYS = {"Y": True, "X": True, "N": False}
_SHAPE_AGREES = 0.6  # as sure as a mark read faintly but plainly (calibrate's `_FAINT_BUT_READ` lifts it)


def marks_parted_by_a_rule(cleaned: str) -> str:
    """`yoy` over both mark cells: their two marks with the rule between them read as a letter
    (`o`, `l`, `I`), the two marks alone; anything else as it was (`NIK` for `Y X` tells nothing)."""
    return cleaned[0] + cleaned[2] if _PARTED_MARKS.fullmatch(cleaned) else cleaned


_PARTED_MARKS = re.compile(r"[YyNnXx][oOlIi1|][YyNnXx]")


@dataclass
class RowMarks:
    """A row's answers read so far (by column: value, confidence), and the word each came from."""

    found: dict[str, tuple[object, float]]
    placed: dict[str, Word] = field(default_factory=dict)


def read_mark(row: RowMarks, near: Sequence[str], cleaned: str, word: Word, grid: _Grid) -> None:
    """A short token over the ADDL / SUBR columns: the mark of the nearest column."""
    found = row.found
    letters = re.sub("[^A-Za-z]", "", cleaned)
    if len(near) == 2 and len(letters) == 2:
        # Two marks read as one token ("YN", a speck after them: "YX."): one per column, left to
        # right. The word's one confidence does not say each glyph was read (`YN` for `Y` `Y`, the
        # rule between the cells lost): a person checks them.
        ordered = sorted(near, key=lambda k: grid.centers[k])
        for column, char in zip(ordered, letters, strict=True):
            if (column not in found or found[column][0] is None) and yes_no(char) is not None:
                found[column] = (yes_no(char), min(word.confidence * 0.8, UNREAD_CELL))
        return
    column = min(near, key=lambda k: abs(grid.centers[k] - word.box.center_x))
    mark = _mark_value(cleaned)
    confidence = word.confidence if yes_no(cleaned) is not None else word.confidence * 0.6
    if word.glyph in ("Y", "N") and yes_no(cleaned) is None:
        # OCR's text for one glyph is no answer (`bf`, `NY`), but its shape is a Y or an N.
        mark, confidence = word.glyph == "Y", min(word.confidence, UNREAD_CELL)
    elif mark is None and (told := _mark_in_junk(cleaned, word.glyph)) is not None:
        mark, confidence = told, min(word.confidence, UNREAD_CELL)
    elif mark is not None and _SHAPE_SAYS.get(word.glyph or "") == mark:
        # `Y:` read at 0.36, and the glyph's shape a Y too: two readings agree on a faint mark
        confidence = max(confidence, _SHAPE_AGREES)
    elif mark is not None and word.glyph in ("Y", "N"):
        # `N` read at 0.59 over a Y's ink: the text and the glyph's shape disagree, a person reads it
        confidence = min(confidence, UNREAD_CELL)
    if mark is not None and _side_by_side(row, column, (mark, confidence), word, grid):
        return
    if mark is not None and (column not in found or found[column][0] is None):
        found[column], row.placed[column] = (mark, confidence), word
    elif mark is None and column not in found and (_printed_glyph(cleaned) or word.glyph):
        # Print in the cell that reads as no mark at all (`a6` for a Y, `>` for half an X, a glyph
        # either way): the column is left unread, and listed for a person, rather than read as blank.
        found[column] = (None, min(word.confidence, UNREAD_CELL))


def _printed_glyph(cleaned: str) -> bool:
    """Letters or digits, or a sign as tall as a letter (`§` for a photo's serif Y): print of the
    mark's size, not a speck or a rule's stub (`.`, `'`, `-`)."""
    return any(ch.isalnum() for ch in cleaned) or bool(set(cleaned) & _TALL_SIGNS)


_TALL_SIGNS = frozenset("§$&%#@?")


def _side_by_side(row: RowMarks, column: str, answer: tuple[bool, float], word: Word, grid: _Grid) -> bool:
    """Two answers nearest the ADDL column, standing apart, the SUBR cell still unanswered: the
    left one is ADDL's and the right one SUBR's (`Y` and `.Y..`, the second boxed over the rule
    between the cells with the specks either side, its centre a hair short of SUBR's cell)."""
    found, placed = row.found, row.placed
    earlier = placed.get(column)
    both = all(k in grid.centers for k in MARK_COLUMNS)
    if earlier is None or found.get(column, (None, 0.0))[0] is None or not both:
        return False
    left, right = sorted(MARK_COLUMNS, key=lambda k: grid.centers[k])
    pitch = grid.centers[right] - grid.centers[left]
    apart = abs(word.box.center_x - earlier.box.center_x) >= _APART * pitch
    if column != left or not apart or found.get(right, (None, 0.0))[0] is not None:
        return False
    if word.box.center_x < earlier.box.center_x:
        found[right], placed[right] = found[left], earlier
        found[left], placed[left] = answer, word
    else:
        found[right], placed[right] = answer, word
    return True


_APART = 0.5  # of the columns' pitch: two glyphs, not one read twice
