"""The auto types marked in the AUTOMOBILE LIABILITY block: by their printed labels, or, where
OCR lost a label's first line (`OWNED` over `AUTOS ONLY`), by where its box stands.

Every edition of the form sets the types out the same way under ANY AUTO, one grid row apart:
OWNED then HIRED in ANY AUTO's column, SCHEDULED then NON-OWNED in the column to its right. A type
found by place alone is listed for a person to confirm.
"""

from __future__ import annotations

import re

from services.intake.extraction.acord25.columns import _limit_row_pitch, label_pair_pitch
from services.intake.extraction.acord25.reader import _AUTO_TYPES, _Grid, _Reader
from services.intake.extraction.ir import Word
from services.intake.extraction.values import is_mark

# (rows below ANY AUTO, in ANY AUTO's own column)
_PLACES = {"owned": (1, True), "hired": (2, True), "scheduled": (1, False), "non_owned": (2, False)}
# Under review_paths.REVIEW_THRESHOLD.
_BY_PLACE_CONFIDENCE = 0.45


def marked_auto_types(
    r: _Reader, grid: _Grid, type_region: tuple[float, float, float, float], path: str
) -> list[str]:
    marked = {name: r.option_marked(phrases, type_region) for name, phrases in _AUTO_TYPES}
    lost = {name for name, value in marked.items() if value is None}
    by_place = _marked_by_place(r, grid, type_region) & lost
    by_shape = _unread_boxes(r, type_region) if r.ocr else set()
    if by_place or by_shape or (r.ocr and _label_run_into_a_box(r, type_region)):
        r.conf[f"{path}.auto_types"] = _BY_PLACE_CONFIDENCE
    return [name for name, _ in _AUTO_TYPES if marked[name] or name in by_place | by_shape]


def _marked_by_place(r: _Reader, grid: _Grid, region: tuple[float, float, float, float]) -> set[str]:
    any_auto = r.label("ANY AUTO", region=region)
    # Where the page prints too few amounts to measure a row by (an auto and a workers' comp
    # policy alone), the block's own label over ANY AUTO does.
    pitch = _limit_row_pitch(r, grid) or label_pair_pitch(r, region, (("AUTOMOBILE LIABILITY", "ANY AUTO"),))
    if any_auto is None or pitch is None:
        return set()
    found: set[str] = set()
    for word in r.page.words_in(region[0], any_auto.bottom, region[2], region[3]):
        if not is_mark(word.text):
            continue
        offset = word.box.center_y - any_auto.center_y
        rows = round(offset / pitch)
        if abs(offset - rows * pitch) > pitch * 0.35:
            continue
        place = (rows, word.box.center_x < any_auto.right)
        found |= {name for name, where in _PLACES.items() if where == place}
    return found


def _label_run_into_a_box(r: _Reader, region: tuple[float, float, float, float]) -> bool:
    """`ONL` with a mark right after it: an option's label printed on into the next type's box
    (`OWNED AUTOS ONLY` over SCHEDULED's), its last letter inside the box read as a tick there."""
    words = r.page.words_in(*region)
    return any(
        is_mark(mark.text)
        and 0 <= mark.box.left - cut.box.right <= r.h * _TOUCHING
        and abs(mark.box.center_y - cut.box.center_y) <= r.h
        for cut in words
        if _CUT_LABEL_END.fullmatch(cut.text)
        for mark in words
    )


# `ONLY` short of its last letter, `AUTOS` of two (`AUTO` is ANY AUTO's own word)
_CUT_LABEL_END = re.compile(r"ONL|AUT")
_TOUCHING = 0.5  # of a line's height: no blank between the label and the box


def _unread_boxes(r: _Reader, region: tuple[float, float, float, float]) -> set[str]:
    """The types whose box holds print OCR could not read as a mark (`0%` at no confidence, a
    check mark's dingbat as `a`, `Sd`) in one glyph's ink of neither a Y's nor an N's shape: a
    type's box holds nothing but its mark, so it is taken as one, and a person looks (a smudge
    would read so too)."""
    return {
        name
        for name, phrases in _AUTO_TYPES
        for phrase in phrases
        for match in r.option_labels(phrase, region)
        if r.mark_left_of(match, accept=_unread_cross)
    }


def _unread_cross(word: Word) -> bool:
    unread = word.confidence < _UNREAD or len(word.text.strip()) <= _ONE_GLYPH
    return word.glyph == "X" and unread and not is_mark(word.text)


_UNREAD = 0.3  # a word's confidence under which OCR did not read the print at all
_ONE_GLYPH = 2  # characters OCR makes of one glyph it misread (`a`, `0%`)
