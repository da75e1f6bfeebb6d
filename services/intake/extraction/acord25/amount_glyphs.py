"""The glyphs of a number OCR read in pieces: lone digits spaced as one word's glyphs, joined;
pieces spaced wider than the glyphs they hold, where print was lost between them; pieces lying
over each other, where the same print was read twice."""

from __future__ import annotations

from itertools import pairwise

from services.intake.extraction.ir import Word


def digits_read_one_by_one(words: list[Word]) -> list[Word]:
    """`2` `,` `0` `0` `0` `i` `0` `0` `0`: a photo's amount read a glyph at a time. Lone digits
    spaced as the glyphs of one word are joined into their group, so its separators show."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if (
            last is not None
            and word.text.isdigit()
            and last.text.isdigit()
            and len(word.text) == 1
            and -_OVERLAP <= (word.box.left - last.box.right) / word.box.height <= _GLYPH_GAP
            and abs(word.box.height - last.box.height) <= _GLYPH_GAP * word.box.height
        ):
            box = last.box.model_copy(update={"width": word.box.right - last.box.left})
            joined = {
                "text": last.text + word.text,
                "box": box,
                "confidence": min(last.confidence, word.confidence),
            }
            out[-1] = last.model_copy(update=joined)
            continue
        out.append(word)
    return out


_GLYPH_GAP = 0.6  # of a digit's height: the most two glyphs of one word stand apart, or differ in height
_OVERLAP = 0.2  # (boxes overlapping more are a digit read twice, not the next one)


def glyphs_lost_between(amount_words: list[Word]) -> bool:
    """Pieces of an amount with room for two glyphs or more between two of them (`50` `0` `0`,
    a typewriter's `500,000` whose comma and zeros OCR lost): what was read is not all that is
    printed. The pitch is the widest a piece's glyphs stand; the cell's `$` is set apart from the
    amount on the form, so only pieces holding digits are measured."""
    pieces = _digit_pieces(amount_words)
    if len(pieces) < _PIECES:
        return False
    pitch = _pitch(pieces)
    return any(b.box.left - a.box.right > _LOST_GLYPHS * pitch for a, b in pairwise(pieces))


def print_read_twice(number_words: list[Word]) -> bool:
    """Pieces of a number lying over each other by more than half a glyph (`2` `39` `16` for a
    NAIC `23396`: the `9` read in both of the last two pieces, as `9` and as `1`): joined, they
    spell a number that is not printed."""
    pieces = _digit_pieces(number_words)
    if len(pieces) < _PIECES:
        return False
    pitch = _pitch(pieces)
    return any(a.box.right - b.box.left > _READ_TWICE * pitch for a, b in pairwise(pieces))


def texts_read_once(number_words: list[Word]) -> list[str]:
    """The pieces' texts with a glyph read twice kept once: a piece lying over the next by more than
    0.4 of a glyph loses its last digit (`$4` over `1,000,000`: the 1 read as a 4 and again as a 1).
    Which reading of the glyph is right is unsure: a value read so is listed. (`number_words` in
    reading order, as they are joined.)"""
    texts = [w.text for w in number_words]
    pieces = _digit_pieces(number_words)
    if len(pieces) < _PIECES:
        return texts
    pitch = _pitch(pieces)
    for index, (a, b) in enumerate(pairwise(number_words)):
        text = a.text.strip()
        if a.box.right - b.box.left > _SHARED_GLYPH * pitch and len(text) > 1 and text[-1].isdigit():
            texts[index] = text[:-1]
    return texts


def _digit_pieces(words: list[Word]) -> list[Word]:
    return sorted((w for w in words if any(ch.isdigit() for ch in w.text)), key=lambda w: w.box.left)


def _pitch(pieces: list[Word]) -> float:
    """The widest any piece's glyphs stand."""
    return max(w.box.width / len(w.text.strip()) for w in pieces if w.text.strip())


_PIECES = 2
_LOST_GLYPHS = 2.0
_READ_TWICE = 0.5
_SHARED_GLYPH = 0.4
