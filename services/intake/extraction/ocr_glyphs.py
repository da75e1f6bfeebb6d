"""Marks told by their shape where OCR's text for them is no answer.

A mark column's `Y` comes out of Tesseract as `bf`, `a`, `NY` or nothing at all, yet its ink still
mirrors left to right and widens at the top; a lone X or check mark with no box round it (the PER
STATUTE tick) is no text to Tesseract at all. The shapes say what they are.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from services.intake.extraction.imaging import Gray, boxed_letter, edge_lines
from services.intake.extraction.ocr_dates import union
from services.intake.extraction.ocr_words import _Raw, typical_word_height
from services.intake.extraction.tick_shapes import ticked

_UNSURE_GLYPH = 90.0  # below this Tesseract confidence (0-100) a lone glyph's shape is kept beside its text
_ONE_GLYPH_WIDTH = 1.4  # the widest box of one glyph (a W), in its heights
_SURE_PIECE = 70.0  # a piece read at least this surely is print of its own, not part of a glyph
_PIECE_GAP = 0.4  # the widest gap between the pieces of one glyph, in their heights
_LEAST_GLYPH_INK = 12  # pixels: fewer are specks, no glyph (as `boxed_letter` counts)
DRAWN_X_CONFIDENCE = 70.0  # an X told by its shape alone: sure enough not to be listed by itself


def one_glyph(raw: _Raw) -> bool:
    """A box no wider than one glyph, holding at most two letters or digits of text."""
    return raw.width <= _ONE_GLYPH_WIDTH * raw.height and sum(ch.isalnum() for ch in raw.text) <= 2


def glyph_reread(raw: _Raw, reread: list[_Raw]) -> bool:
    """Whether a re-reading may stand for `raw`: one glyph read again as two pieces (a serif `Y` as
    `»` `4`) or as a sign (`=`, its letter lost) is no better reading of it."""
    if not one_glyph(raw):
        return True
    lettered = any(ch.isalnum() for ch in raw.text)
    return len(reread) == 1 and (not lettered or any(ch.isalnum() for ch in reread[0].text))


def signs_for_print(group: list[_Raw], found: list[_Raw]) -> bool:
    """A re-reading of signs alone (`=` for a scan's ADDL `Y` and the rule stub beside it, `!`)
    is no reading of a group with a letter or digit in it."""
    return any(ch.isalnum() for r in group for ch in r.text) and not any(
        ch.isalnum() for r in found for ch in r.text
    )


def lone_glyph(image: Gray, raw: _Raw) -> str | None:
    """The shape (`Y`, `N`, else `X`) of a word that is one glyph OCR was unsure of; None for
    longer or surely read words. The box is first fitted to its ink: a re-read can box one glyph
    with white paper either side of it (an `N` between a box's rules read as `a`)."""
    if raw.confidence >= _UNSURE_GLYPH or raw.height < 12:
        return None
    if raw.width * 2 < raw.height:
        raw = _widened_to_its_glyph(image, raw)
    ink = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width] < 128
    # A box's rule the word was boxed over (an `N` between two rules, boxed with the lower one) is
    # no part of the glyph: with it, a bar alone read as a letter had the shape of a Y.
    ink[edge_lines(np.where(ink, 255, 0).astype(np.uint8))] = False
    if np.count_nonzero(ink) < _LEAST_GLYPH_INK:
        return None
    columns = np.nonzero(ink.any(axis=0))[0]
    if columns.size:
        raw = replace(raw, width=int(columns[-1] - columns[0]) + 1)
    if not one_glyph(raw):
        return None
    return boxed_letter(np.where(ink, 255, 0).astype(np.uint8))


def _widened_to_its_glyph(image: Gray, raw: _Raw) -> _Raw:
    """A box on one stroke of a glyph (`b` ten pixels wide on a `Y`'s stem): widened over the ink
    joined to that stroke on its line, so the whole glyph's shape is told."""
    left = max(0, raw.left - raw.height)
    window = (image[raw.top : raw.top + raw.height, left : raw.left + raw.width + raw.height] < 128).astype(
        np.uint8
    )
    _, labels, stats, _ = cv2.connectedComponentsWithStats(window, connectivity=8)
    touching = set(np.unique(labels[:, raw.left - left : raw.left - left + raw.width])) - {0}
    if not touching:
        return raw
    start = left + min(int(stats[i][0]) for i in touching)
    end = left + max(int(stats[i][0] + stats[i][2]) for i in touching)
    return replace(raw, left=start, width=end - start)


def join_glyph_pieces(raws: list[_Raw]) -> list[_Raw]:
    """Unsure pieces side by side on a line that together are no wider than one glyph (`>` `i` for
    a `Y`) are that glyph read in pieces: joined, so its shape can be told whole."""
    out: list[_Raw] = []
    for raw in sorted(raws, key=lambda r: (r.line, r.left)):
        if out and _pieces_of_one_glyph(out[-1], raw):
            out[-1] = replace(union([out[-1], raw]), confidence=min(out[-1].confidence, raw.confidence))
            continue
        out.append(raw)
    return out


def _pieces_of_one_glyph(a: _Raw, b: _Raw) -> bool:
    if a.line != b.line or max(a.confidence, b.confidence) >= _SURE_PIECE:
        return False
    both = union([a, b])
    return (
        sum(ch.isalnum() for ch in both.text) <= 2
        and b.left - (a.left + a.width) <= _PIECE_GAP * both.height
        and both.width <= _ONE_GLYPH_WIDTH * both.height
    )


def marks_by_shape(
    image: Gray, boxes: dict[int, tuple[int, int, int, int]], unsure: dict[int, list[_Raw]]
) -> list[_Raw]:
    """Marks in print no sure word was read from (`boxes` by index, with the unsure readings of
    each): a tick as `X`; a lone `Y` or `N` as that letter at its reading's low confidence, for a
    person to check."""
    marks: list[_Raw] = []
    for index, (x, y, w, h) in boxes.items():
        line = (-1, index, 0)
        if ticked(image[y : y + h, x : x + w]):
            marks.append(_Raw("X", DRAWN_X_CONFIDENCE, x, y, w, h, line))
            continue
        readings = unsure.get(index, [])
        letter = lone_glyph(image, _Raw("", 0.0, x, y, w, h, line)) if len(readings) == 1 else None
        if letter in ("Y", "N"):
            marks.append(_Raw(letter, readings[0].confidence, x, y, w, h, line))
    return marks


def letters_read_as_signs(raws: list[_Raw]) -> set[int]:
    """Print read as signs alone in a box as tall as the words: a dash in a box wider than tall
    (`—` for a smudged INSURED; a dash or a rule is flat), or bars in a box wider than a stroke
    (`||` for an insurer letter `B`). The box holds letters, to be read again surely."""
    typical = typical_word_height(raws) or 0
    signs: set[int] = set()
    for raw in raws:
        text = raw.text.strip()
        if not text or any(ch.isalnum() for ch in text) or raw.height < 0.7 * typical or typical == 0:
            continue
        bars = set(text) <= {"|"}
        if (bars and raw.width >= 0.5 * raw.height) or (
            not bars and "|" not in text and raw.width >= 1.5 * raw.height
        ):
            signs.add(id(raw))
    return signs


# What Tesseract makes of a lone tick: strokes (an X with a rule's stub beside it, or half of it:
# `<`; a check over its box's foot: `\/_`), a V or a J (a check mark).
_STROKES = frozenset("|/\\lI1![](){}<>_")
# A check mark Tesseract was unsure of comes out as one of these, its box on the long stroke only.
_CHECK_READINGS = frozenset({"V", "v", "J", "j", "√", "/"})
_UNSURE_TICK = 70.0  # below this Tesseract confidence (0-100) such a reading may be a tick
# ... and a check mark read as one letter of its look (`J` at 70) up to this, the shape test deciding
# (a `v` at 79 as tall as the words beside it is a letter).
_UNSURE_CHECK = 75.0
# A letter this many times the page's typical print height is no letter of it (typed values stand
# about one and a half times as tall as the form's labels).
_TOWERING = 1.8
_TALL_AND_UNSURE = 1.5  # an unsure reading (`ar` at 29) need not stand so tall


def _unsure_sign(text: str, confidence: float) -> bool:
    """One sign Tesseract was unsure of, or one no certificate prints alone, however sure (`=` at
    72 for a typewriter's bold `x`)."""
    return len(text) == 1 and not text.isalnum() and (confidence < _UNSURE_TICK or text in _ODD_SIGNS)


_ODD_SIGNS = frozenset("=+*~^°")


def _unsure_four(text: str, raw: _Raw) -> bool:
    """A lone `4` Tesseract was unsure of: an X's crossing strokes read as the digit's (`4` at 25
    beside PER STATUTE). Only the shape test makes it a mark; a printed 4 has a stem no X has."""
    return text == "4" and raw.confidence < _UNSURE_TICK


def ticks_read_as_strokes(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """A lone X or check mark read as `|` or `V` (the PER STATUTE tick with no box round it): a
    box as wide as it is tall holds more than a stroke, and its largest print is a tick; an unsure
    `V` is looked at with half its height to either side, where a check mark's short stroke lies."""
    out: list[_Raw] = []
    typical = typical_word_height(raws)
    for raw in raws:
        text = raw.text.strip()
        left, right = raw.left, raw.left + raw.width
        # `VJ`, or unsure `JY`, `JS` at 70: a check read as its strokes (unsure as a lone `J` is)
        strokes = set(text) & _CHECK_READINGS
        pair = len(text) == 2 and (strokes == set(text) or (bool(strokes) and raw.confidence < _UNSURE_CHECK))
        # A check mark in a box can be read surely as a letter (`v` at 79, `A` at 69, `ar`).
        tall = _TOWERING if raw.confidence >= _UNSURE_TICK else _TALL_AND_UNSURE
        towering = typical is not None and len(text) <= 2 and text.isalpha() and raw.height >= tall * typical
        if (text in _CHECK_READINGS and raw.confidence < _UNSURE_CHECK) or pair or towering:
            left, right = max(0, left - raw.height // 2), right + raw.height // 2
        # Strokes, or one sign Tesseract was unsure of (`&` at 33 for a photo's PER STATUTE tick) or
        # that no certificate prints alone, or an unsure `4` (a cross's strokes read as the digit's):
        # looked at where a box as wide as it is tall holds more than a stroke.
        elif not (
            (
                (text and set(text) <= _STROKES)
                or _unsure_sign(text, raw.confidence)
                or _unsure_four(text, raw)
            )
            and raw.width >= 0.7 * raw.height
        ):
            out.append(raw)
            continue
        tick = ticked(image[raw.top : raw.top + raw.height, left:right])
        out.append(
            _Raw("X", max(raw.confidence, 70.0), raw.left, raw.top, raw.width, raw.height, raw.line)
            if tick
            else raw
        )
    return out
