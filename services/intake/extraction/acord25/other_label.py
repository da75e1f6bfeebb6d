"""The free label of an `other` policy row (`Contractors Pollution Liab`, `Installation Floater`)."""

from __future__ import annotations

import re

from services.intake.extraction.acord25.letters import label_without_letter
from services.intake.extraction.acord25.reader import _Grid, _Reader, _text
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Line
from services.intake.extraction.values import is_mark

_WORD_OF_A_LABEL = re.compile(r"[A-Za-z][A-Za-z&/.-]{2,}")  # `Liab`, not a mark or an `N/A`
_WIDEST_GAP = 8  # line heights between a label's last word and a word it ran on into
_SAME_LINE = 0.5  # line heights between the centres of a line's words


def other_label(r: _Reader, grid: _Grid, top: float, bottom: float) -> tuple[str, float] | None:
    """The label's first line in the type column, with the words a label too long for it ran on
    into the ADDL and SUBR columns (`Contractors Pollution` then `Liab` over the ADDL column),
    and its confidence."""
    lines = [ln for ln in r.block_lines(grid.type_left, top, grid.type_right, bottom) if _text(ln.words)]
    if not lines:
        return None
    words = [*lines[0].words, *_run_on(r, grid, lines[0])]
    label, trust = label_without_letter(_text(words), ocr=r.ocr)
    return label, min(*(w.confidence for w in words), trust)


def _run_on(r: _Reader, grid: _Grid, line: Line) -> list[Word]:
    """Words of letters centred right of the type column (a word run on over its edge too),
    level with the label and before the policy number's column, each near the one before it."""
    number = grid.centers.get("number", grid.dates_left)
    center = sum(w.box.center_y for w in line.words) / len(line.words)
    reach = r.h * _SAME_LINE
    beyond = sorted(
        r.page.words_in(grid.type_right, center - reach, number, center + reach), key=lambda w: w.box.left
    )
    right = max(w.box.right for w in line.words)
    out: list[Word] = []
    for word in beyond:
        if (
            is_mark(word.text)
            or not _WORD_OF_A_LABEL.fullmatch(word.text)
            or word.box.left - right > r.h * _WIDEST_GAP
        ):
            break
        out.append(word)
        right = word.box.right
    return out
