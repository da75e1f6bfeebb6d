"""The INSURED label where OCR misread it: a letter or two off, its start read as a guess at a
glyph before its end, or smudged past reading over the indented insured block."""

from __future__ import annotations

from difflib import SequenceMatcher

from services.intake.extraction.acord25.reader import _Reader
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import Match, same_line_words


def misread_insured(
    r: _Reader, region: tuple[float, float, float, float], producer: Match | None
) -> Match | None:
    """The INSURED label a letter or two off (`INSURES`, `lNSURED`, `SURED`), alone at the left
    edge where PRODUCER starts: no value of the producer block is a word like it. Its end may be
    read apart as a guess at a glyph or two (`INSUF` `ad`)."""
    left = producer.left if producer is not None else 0.0
    for word in sorted(r.page.words_in(*region), key=lambda w: w.box.top):
        if abs(word.box.left - left) >= r.h * 2:
            continue
        rest = same_line_words(r.page, Match((word,)), left=word.box.right, right=region[2])
        if _speck_then_label_end(word, rest):
            return Match((word, *rest))
        if len(word.text.strip(":. ")) < _LABEL_LETTERS:
            continue
        if any(w.confidence >= _GUESSED_GLYPHS or len(w.text) > _GUESSED_END for w in rest):
            continue
        text = "".join(w.text for w in (word, *rest)).strip(":. ").upper()
        if SequenceMatcher(None, text, "INSURED").ratio() >= (_INSURED_LIKENESS if not rest else _WITH_END):
            return Match((word, *rest))
    return _unreadable_label_over_indented_block(r, region, left)


def _speck_then_label_end(word: Word, rest: list[Word]) -> bool:
    """`ae URED`: the label's first letters read as a guess at a glyph or two, its end read plainly,
    nothing else on the line."""
    end = rest[0].text.strip(":. ").upper() if len(rest) == 1 else ""
    guessed = word.confidence < _GUESSED_GLYPHS and len(word.text) <= _GUESSED_END
    return guessed and len(end) >= _LABEL_END and "INSURED".endswith(end)


_LABEL_END = 4
# `NEURED`, `INSURES`, `SURED`: the label a glyph or two off, alone where it belongs.
_INSURED_LIKENESS, _WITH_END, _LABEL_LETTERS, _GUESSED_END = 0.75, 0.7, 5, 3
# Under this an OCR word is a guess at glyphs, not a reading (`Sr` for a smudged INSURED).
_GUESSED_GLYPHS = 0.5


def _unreadable_label_over_indented_block(
    r: _Reader, region: tuple[float, float, float, float], left: float
) -> Match | None:
    """INSURED smudged past reading (`Sr`, 16% sure): a guessed word alone at PRODUCER's left edge
    with the next line starting well right of it, where the insured's name is printed indented."""
    for word in sorted(r.page.words_in(*region), key=lambda w: w.box.top):
        if abs(word.box.left - left) >= r.h * 2 or word.confidence >= _GUESSED_GLYPHS:
            continue
        if same_line_words(r.page, Match((word,)), left=word.box.right, right=region[2]):
            continue
        below = [
            w
            for w in r.page.words_in(0.0, word.box.bottom, region[2], word.box.bottom + r.h * 3)
            if w.box.top > word.box.center_y
        ]
        if below and min(w.box.left for w in below) > word.box.left + r.h * 3:
            return Match((word,))
    return None
