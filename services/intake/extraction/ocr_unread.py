"""Print the page reading returned no word for: where it lies, and which of its re-readings to keep."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_words import _Raw, typical_word_height

MAX_UNREAD_CROPS = 60  # print with no word, read in one extra call (more is noise, not text)
_UNREAD_INK_CONFIDENCE = 60.0  # a word found in print the page reading skipped must be a sure one
# ... or a word of letters, a neighbour's edge read as a sign before it (`'INC`): kept, to be looked at
_UNREAD_WORD_CONFIDENCE, _LETTERS_WORD = 40.0, re.compile(r"\W?([A-Za-z]{3,})\W?")
_AMOUNT_GROUPS = re.compile(r"[^\w$]?(\$?\d{0,3}(?:[,.]\d{3})+)")
_SLIVER_SURE = 50.0  # under this, a one-glyph sliver is no reading of the print around it


def unread_ink(
    gray: Gray, covered: list[tuple[int, int, int, int]], line_height: int
) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of print no word was read from: a value Tesseract's page
    layout dropped, such as a row printed between two label lines.

    Ink outside every word box (padded) is joined into word-sized runs; runs of about a line's
    height and at least a letter or two wide are kept. Specks, leftover rule stubs and large
    drawings (a logo, a signature) are not print to read. Then the same without the form's rules:
    a bold tick close to its box's sides joins them into a run too tall to be print, and is found
    so where no run found first lies (the first runs keep a boxed mark whole, box and all, as it
    reads best).
    """
    ink = (gray < 128).astype(np.uint8)
    pad = max(2, line_height // 4)
    for left, top, width, height in covered:
        ink[max(0, top - pad) : top + height + pad, max(0, left - pad) : left + width + pad] = 0
    ink = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)), dtype=np.uint8)
    boxes = _print_runs(ink, line_height)
    without_rules = _print_runs(np.where(_rules(ink, line_height) > 0, 0, ink).astype(np.uint8), line_height)
    return boxes + [box for box in without_rules if not any(_overlap(box, other) for other in boxes)]


def _overlap(one: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    return (
        one[0] < other[0] + other[2]
        and other[0] < one[0] + one[2]
        and one[1] < other[1] + other[3]
        and other[1] < one[1] + one[3]
    )


def _print_runs(ink: npt.NDArray[np.uint8], line_height: int) -> list[tuple[int, int, int, int]]:
    joined = cv2.dilate(ink, np.ones((max(3, line_height // 3), max(3, line_height)), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes: list[tuple[int, int, int, int]] = []
    row_blank, word_blank = max(2, line_height // 6), max(3, line_height // 2)
    for index in range(1, count):
        x, y, w, h, _ = stats[index]
        inside = ink[y : y + h, x : x + w] * (labels[y : y + h, x : x + w] == index)
        rows, cols = np.nonzero(inside)
        if rows.size < line_height:
            continue
        # The ends of two printed lines the page reading cut short (`INC` over `MENT`) join into
        # one run: each line of it is read on its own.
        for band_top, band_bottom in _runs(rows, row_blank):
            in_band = (rows >= band_top) & (rows < band_bottom)
            # A tick in its box beside the label's unread second line: runs parted by a blank
            # wider than a space are read apart, each as high as its own ink (less its box's
            # rule stubs, parted from it by a blank).
            for run_left, run_right in _narrow_runs_joined(_runs(cols[in_band], word_blank), line_height):
                in_run = in_band & (cols >= run_left) & (cols < run_right)
                for run_top, run_bottom in _runs(rows[in_run], row_blank):
                    top, bottom = y + run_top, y + run_bottom
                    tall = 0.5 * line_height <= bottom - top <= 1.8 * line_height
                    if tall and run_right - run_left >= 0.6 * line_height:
                        boxes.append((x + run_left, top, run_right - run_left, bottom - top))
    return boxes


def _rules(ink: npt.NDArray[np.uint8], line_height: int) -> npt.NDArray[np.uint8]:
    """The form's rules and boxes' sides: thin straight runs of ink half as long again as a line
    is high, which no letter's stroke is (a photo's slant leaves a box's side no longer than two
    lines in any one column)."""
    reach, thick = round(_RULE_LINES * line_height), max(3, line_height // 3)
    across = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, reach), np.uint8)), dtype=bool)
    down = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((reach, 1), np.uint8)), dtype=bool)
    # (thin ones: a bar as thick as a third of a line is a block of print, a bold glyph's bar)
    blocks_across = cv2.morphologyEx(across.astype(np.uint8), cv2.MORPH_OPEN, np.ones((thick, 1), np.uint8))
    blocks_down = cv2.morphologyEx(down.astype(np.uint8), cv2.MORPH_OPEN, np.ones((1, thick), np.uint8))
    rules = (across & ~np.asarray(blocks_across, dtype=bool)) | (down & ~np.asarray(blocks_down, dtype=bool))
    return rules.astype(np.uint8)


_RULE_LINES = 1.5


def _narrow_runs_joined(runs: list[tuple[int, int]], line_height: int) -> list[tuple[int, int]]:
    """A run too narrow to keep alone (a typewriter face's `1`, parted from its `00,` by the wide
    blank the face sets either side of a narrow glyph) joined to the run after it, within half a
    line's height more than a space."""
    narrowest, reach = 0.6 * line_height, line_height
    out: list[tuple[int, int]] = []
    for left, right in runs:
        if out and out[-1][1] - out[-1][0] < narrowest and left - out[-1][1] <= reach:
            out[-1] = (out[-1][0], right)
        else:
            out.append((left, right))
    return out


def _runs(positions: npt.NDArray[Any], blank: int) -> list[tuple[int, int]]:
    """Runs of inked rows or columns (`positions`: the row or column of each inked pixel) parted by
    more than `blank` pixels without ink: the printed lines of one run of ink, or its words;
    [start, end) each."""
    inked = np.unique(positions)
    breaks = np.nonzero(np.diff(inked) > blank)[0]
    starts = [int(inked[0]), *(int(inked[i + 1]) for i in breaks)]
    ends = [*(int(inked[i]) + 1 for i in breaks), int(inked[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def unread_boxes(image: Gray, raws: list[_Raw]) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of print outside every word read. An unsure sliver (`b`
    7 px wide over a photo's faint rule, beside the `Y` it was boxed against) covers no print."""
    typical = typical_word_height(raws)
    if typical is None:
        return []
    read = [r for r in raws if not _unsure_sliver(r) and not _glyph_read_as_a_rule(r)]
    signs = [(r.left, r.top, r.width, r.height) for r in raws if _glyph_read_as_a_rule(r)]
    return unread_ink(image, [(r.left, r.top, r.width, r.height) for r in read], typical) + signs


def _unsure_sliver(raw: _Raw) -> bool:
    return len(raw.text) == 1 and raw.confidence < _SLIVER_SURE and raw.width * 4 < raw.height


def _glyph_read_as_a_rule(raw: _Raw) -> bool:
    """`=` boxed as wide as it is tall (a photo's `Y` in a mark cell): a sign no certificate prints
    alone, which the words' cleaning drops as a rule's remnant; its box is read again as unread
    print (its thin strokes may be too faint for the search for unread ink to keep)."""
    return raw.text in _RULE_SIGNS and raw.width >= _GLYPH_WIDTH * raw.height


_RULE_SIGNS = frozenset({"=", "~", "=="})
_GLYPH_WIDTH = 0.5  # of its height: a glyph's box, not a stroke's


def kept_unread_words(words: list[_Raw]) -> list[_Raw]:
    """The re-readings of print with no word to keep: sure ones, and a word of letters however
    unsure, without a sign read at its edge (`-LLC` at 0 after a name: its end lost from the page
    reading), or the thousands groups of an amount (`!.000,000` at 27 after the `1` the page
    reading kept of `1,000,000`). Its low confidence sends the value it joins to a person; junk
    read from a rule (`lll`) is no word."""
    kept: list[_Raw] = []
    for raw in words:
        if _glyph_read_as_a_rule(raw):
            continue  # (`=` again: a glyph for its shape to tell)
        letters = _LETTERS_WORD.fullmatch(raw.text)
        if letters is not None and set(letters.group(1)) <= set("lIi|"):
            letters = None
        found = letters or _AMOUNT_GROUPS.fullmatch(raw.text)
        if sure_unread_word(raw):
            kept.append(raw)
        elif found is not None:
            # boxed on the word's share, the sign's (a neighbour's edge) left out
            share = raw.width / len(raw.text)
            left = raw.left + round(share * found.start(1))
            width = round(share * len(found.group(1)))
            kept.append(replace(raw, text=found.group(1), left=left, width=width))
    return kept


def sure_unread_word(raw: _Raw) -> bool:
    if raw.confidence >= _UNREAD_INK_CONFIDENCE:
        return True
    return raw.confidence >= _UNREAD_WORD_CONFIDENCE and _LETTERS_WORD.fullmatch(raw.text) is not None
