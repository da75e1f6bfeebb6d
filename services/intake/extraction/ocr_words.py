"""Tesseract's words on a certificate page, cleaned: rule fragments stripped, glued ticks split,
marks and strokes read as what they are, flat specks dropped, tall boxes fitted to their ink, and
the doubtful words grouped for a second, enlarged reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from services.intake.extraction.imaging import CheckBox, Gray
from services.intake.extraction.ir import Word


@dataclass(frozen=True)
class _Raw:
    """One Tesseract word in pixels of the image it was read from."""

    text: str
    confidence: float  # 0..100
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line numbers


def _line_height_punctuation(raws: list[_Raw]) -> list[_Raw]:
    """Give flat marks (`-`, `.`, `,`) the height of the printed line they sit on.

    Tesseract boxes a dash by its ink, one or two pixels tall, centred below the line's middle;
    layout code that groups words into lines by their vertical centre then starts a new line
    at the dash and tears the sentence apart.
    """
    by_line: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        by_line.setdefault(raw.line, []).append(raw)
    out: list[_Raw] = []
    for line_words in by_line.values():
        heights = sorted(r.height for r in line_words)
        typical = heights[len(heights) // 2]
        tops = sorted(r.top for r in line_words if r.height >= 0.6 * typical)
        top = tops[len(tops) // 2] if tops else line_words[0].top
        for raw in line_words:
            if raw.height < 0.6 * typical and not any(ch.isalnum() for ch in raw.text):
                out.append(_Raw(raw.text, raw.confidence, raw.left, top, raw.width, typical, raw.line))
            else:
                out.append(raw)
    return out


def _digits_right_after(raw: _Raw, neighbours: list[_Raw]) -> bool:
    """A word starting with a digit right against this one: a serif 1 read as a bracket (`]` `1/1`)."""
    right = raw.left + raw.width
    return any(
        0 <= r.left - right <= 0.5 * raw.height and r.text[:1].isdigit() for r in neighbours if r is not raw
    )


def _lone_strokes_as_ones(raws: list[_Raw]) -> list[_Raw]:
    """A lone `|` as tall as the print beside it is the digit 1 (`REVISION NUMBER: 1`, `| 00,000`),
    and so is a bracket right before a number (a serif 1 with its foot, `]` `1/1` `1/2026`), or a
    stroke's width of print Tesseract saw nothing in there (`s|` at 0 for the 1 of `15,000`).

    Tesseract reads an isolated serif or sans 1 as a bar; table rules, which it also reads as
    bars, were already taken out of the image, and what is left of one is taller or shorter
    than the letters around it. The print beside it is the nearest word on its line, else the
    line's typical word.
    """
    by_line: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        if any(ch.isalnum() for ch in raw.text):
            by_line.setdefault(raw.line, []).append(raw)
    out: list[_Raw] = []
    for raw in raws:
        neighbours = [r for r in by_line.get(raw.line, []) if r is not raw]
        unseen = len(raw.text) <= _TWO_GLYPHS and raw.confidence < NOTHING_SEEN
        stroke = raw.text == "|" or ((raw.text in "[]" or unseen) and _digits_right_after(raw, neighbours))
        if not stroke or not neighbours or raw.width > 0.5 * raw.height or raw.left <= _PAPER_EDGE:
            out.append(raw)  # (a bar against the image's left edge is the edge of the paper)
            continue
        if any(r.left < raw.left + raw.width and raw.left < r.left + r.width for r in neighbours):
            out.append(raw)  # a rule's stub running into a word (`| COMMERCIAL`), not a digit beside it
            continue
        heights = sorted(r.height for r in neighbours)
        nearest = min(neighbours, key=lambda r: _gap(raw, r))
        close = _gap(raw, nearest) <= raw.height
        beside = nearest.height if close else heights[len(heights) // 2]
        # A digit's top is level with the print beside it; a rule's stub left in a cell is not.
        level = not close or abs(raw.top - nearest.top) <= _LEVEL_TOPS * nearest.height
        if level and _SMALLER_PRINT * beside <= raw.height <= 1.35 * beside:
            out.append(_Raw("1", raw.confidence, raw.left, raw.top, raw.width, raw.height, raw.line))
        else:
            out.append(raw)
    return out


_PAPER_EDGE = 2  # pixels from the image's left edge: no print starts there
NOTHING_SEEN = 1.0  # Tesseract's confidence (0-100) in print it made nothing of
_TWO_GLYPHS = 2
# A value's 1 printed in a face shrunk to fit its cell, beside the label's capitals (19 px by 26).
_SMALLER_PRINT = 0.7
_LEVEL_TOPS = 0.3  # how far a digit's top may lie from its neighbour's, in that neighbour's heights
SURE_REREAD = 70.0  # a re-reading this sure may stand for fragments of the first reading


def typical_word_height(raws: list[_Raw]) -> int | None:
    """The median height of the words of two letters or digits or more (specks and marks aside)."""
    heights = sorted(r.height for r in raws if sum(ch.isalnum() for ch in r.text) >= 2)
    return heights[len(heights) // 2] if heights else None


def _gap(a: _Raw, b: _Raw) -> int:
    """Horizontal distance between two boxes (0 when they overlap)."""
    return max(0, b.left - (a.left + a.width), a.left - (b.left + b.width))


def _fit_tall_boxes_to_ink(image: Gray, raws: list[_Raw]) -> list[_Raw]:
    """Shrink a word box several lines tall to the band of ink that is the word.

    On photos Tesseract sometimes boxes a word from the line above to the line below; layout
    code would then put it on the wrong line. Rows of the box are inked or blank; the band of
    consecutive inked rows level with the other words of its Tesseract line (else the band holding
    the most ink) is the word itself. A box level with its line-mates is taken as tall from twice
    a line's height (the word under the line above it); one without them from a little more.
    """
    typical = typical_word_height(raws)
    if typical is None:
        return raws
    # Where Tesseract put each line's words of ordinary height: a tall box's word is on its line.
    line_words: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        if raw.height <= 1.5 * typical:
            line_words.setdefault(raw.line, []).append(raw)
    out: list[_Raw] = []
    for raw in raws:
        line_mates = line_words.get(raw.line, [])
        if raw.height <= (1.8 if line_mates else 2.2) * typical:
            out.append(raw)
            continue
        box = image[raw.top : raw.top + raw.height, raw.left : raw.left + raw.width]
        ink = np.count_nonzero(box < 128, axis=1)
        bands = _ink_bands(ink >= max(2, raw.width // 50))
        if len(bands) < 2:
            out.append(raw)
            continue
        if spelt := [band for band in bands if _band_spells_it(raw, band, raws)]:
            # `CONSTRUCTION` boxed over two lines, `CONS` `CTION` read in one of them: its print
            start, end = spelt[0]
        elif mates := _nearest_mates_centres(raw, line_mates):
            # Both bands may be whole lines of print: the one level with the line-mates is the word,
            # unless other words already fill that band under it (Tesseract put `Kowalski` on the
            # line below it, where `435 Industrial` is printed), or the band is too thin to be a
            # word's print (the tops of the next line's letters, cut by the box's foot).
            centre = mates[len(mates) // 2] - raw.top
            free = [
                band
                for band in bands
                if band[1] - band[0] >= 0.5 * typical and not _band_taken(raw, band, raws)
            ] or bands
            start, end = min(free, key=lambda band: abs((band[0] + band[1]) / 2 - centre))
        else:
            start, end = max(bands, key=lambda band: int(ink[band[0] : band[1]].sum()))
        if end - start < 0.4 * typical:
            out.append(raw)
            continue
        out.append(
            _Raw(raw.text, raw.confidence, raw.left, raw.top + start, raw.width, end - start, raw.line)
        )
    return out


def _nearest_mates_centres(raw: _Raw, mates: list[_Raw]) -> list[float]:
    """The vertical centres of the line-mates nearest the word across the page, sorted: a Tesseract
    line can join print across columns, and a photo's lines bend, so far mates (`SHOULD ANY OF THE
    ABOVE` beside a holder's name) say little of where the word's own line runs."""
    nearest = sorted(mates, key=lambda mate: _gap(raw, mate))[:3]
    return sorted(mate.top + mate.height / 2 for mate in nearest)


def _band_taken(raw: _Raw, band: list[int], raws: list[_Raw]) -> bool:
    """Whether other words are boxed over most of `raw`'s width in that band of it: its ink is theirs."""
    top, bottom = raw.top + band[0], raw.top + band[1]
    covered = sum(
        max(0, min(raw.left + raw.width, other.left + other.width) - max(raw.left, other.left))
        for other in raws
        if other is not raw
        and min(bottom, other.top + other.height) - max(top, other.top) >= (bottom - top) / 2
    )
    return covered > 0.5 * raw.width


def _band_spells_it(raw: _Raw, band: list[int], raws: list[_Raw]) -> bool:
    """Whether pieces read in that band of `raw` spell its text's parts (three characters or more
    each, with a letter: digits repeat from row to row) over a third of its width: the word's own
    print, read again in pieces."""
    top, bottom = raw.top + band[0], raw.top + band[1]
    spelt = sum(
        max(0, min(raw.left + raw.width, other.left + other.width) - max(raw.left, other.left))
        for other in raws
        if other is not raw
        and _PIECE_LETTERS <= len(other.text) < len(raw.text)
        and other.text in raw.text
        and any(ch.isalpha() for ch in other.text)
        and min(bottom, other.top + other.height) - max(top, other.top) >= (bottom - top) / 2
    )
    return spelt > raw.width / 3


_PIECE_LETTERS = 3  # a shorter piece (`I`, `N`) is as likely another word's


def _ink_bands(inked: np.ndarray) -> list[list[int]]:
    """Runs of inked rows, a blank row or two inside a glyph bridged: [start, end) each."""
    bands: list[list[int]] = []
    for row, on in enumerate(inked):
        if not on:
            continue
        if bands and row - bands[-1][1] <= 3:
            bands[-1][1] = row + 1
        else:
            bands.append([row, row + 1])
    return bands


_GLUED_TICK = re.compile(r"^(\[?[Xx][\]|]|\(?[Xx]\)|KX)([A-Za-z][A-Za-z'\-]+)$")


def _split_paired_marks(raws: list[_Raw]) -> list[_Raw]:
    """`YY` or `NN` two glyphs wide: the ADDL INSD and SUBR WVD answers read as one word.

    The two narrow columns sit side by side; once their rule is gone Tesseract joins the two
    letters. Only identical pairs are split, so `NY` (New York) stays whole.
    """
    out: list[_Raw] = []
    for raw in raws:
        text = raw.text.strip("|[]")
        glued = _GLUED_TICK.match(raw.text)
        if glued and raw.width >= 1.4 * raw.height:
            # `X]EXCESS`, `X|EER` (PER): a ticked box the box finder missed, glued to its label.
            mark_width = round(raw.width * len(glued.group(1)) / len(raw.text))
            out.append(_Raw("X", raw.confidence, raw.left, raw.top, mark_width, raw.height, raw.line))
            out.append(
                _Raw(
                    glued.group(2),
                    raw.confidence,
                    raw.left + mark_width,
                    raw.top,
                    raw.width - mark_width,
                    raw.height,
                    raw.line,
                )
            )
        elif len(text) == 2 and text[0] == text[1] and text[0] in "YNX" and raw.width >= 1.4 * raw.height:
            half = raw.width // 2
            out.append(_Raw(text[0], raw.confidence, raw.left, raw.top, half, raw.height, raw.line))
            out.append(
                _Raw(
                    text[1], raw.confidence, raw.left + raw.width - half, raw.top, half, raw.height, raw.line
                )
            )
        else:
            out.append(raw)
    return out


def _overlap(a: _Raw, b: _Raw) -> float:
    """Intersection over the smaller box's area."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    return (width * height) / max(1, min(a.width * a.height, b.width * b.height))


def _keeps_neighbours(candidate: _Raw, under: list[_Raw]) -> bool:
    """A sure re-reading that spells each neighbour it took in at that neighbour's end of it."""
    if candidate.confidence < SURE_REREAD:
        return False
    middle = candidate.left + candidate.width / 2
    text = candidate.text
    return all(
        text.startswith(o.text) if o.left + o.width / 2 < middle else text.endswith(o.text) for o in under
    )


def _only_digits_differ(before: list[_Raw], after: list[_Raw]) -> bool:
    if len(before) != len(after):
        return False
    return all(
        re.sub(r"\d", "", a.text) == re.sub(r"\d", "", b.text) for a, b in zip(before, after, strict=True)
    )


def _doubled_print(raws: list[_Raw]) -> set[int]:
    """Words overlapping a word of another Tesseract line: the same print read twice.

    Single-block segmentation fits lines across the whole page; where the columns' rows do not
    line up it can read one printed line as two, in fragments (`Redli lati` over `edline
    Insulation Compan pany`).
    """
    doubled: set[int] = set()
    ordered = sorted(raws, key=lambda r: r.left)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.left > first.left + first.width:
                break
            comparable = min(first.height, second.height) >= 0.5 * max(first.height, second.height)
            if first.line != second.line and comparable and _overlap(first, second) > 0.3:
                doubled.update((id(first), id(second)))
    return doubled


def _uncertain_groups(raws: list[_Raw], below: float, doubled: set[int], limit: int = 90) -> list[list[_Raw]]:
    """Doubtful words, neighbours on one printed row taken together.

    Doubtful: below the confidence threshold, read twice (`doubled`), or a number (policy
    numbers, dates, limits) Tesseract is not quite sure of: read across a whole page row,
    `1000000` can come out as `41000000`; cut out on its own it reads right.
    """
    groups: list[list[_Raw]] = []
    bounds: list[list[int]] = []  # left, top, right, bottom of each group
    for raw in sorted(raws, key=lambda r: (r.top, r.left)):
        digits = sum(ch.isdigit() for ch in raw.text)
        doubtful = raw.confidence < below or id(raw) in doubled or (digits >= 3 and raw.confidence < 93)
        if not doubtful or (set(raw.text) <= {"|"} and id(raw) not in doubled):
            continue  # a lone bar (a rule's stub, or a 1 told later by its height) would join two cells
        right, bottom = raw.left + raw.width, raw.top + raw.height
        for group, box in zip(groups, bounds, strict=True):
            shared = min(bottom, box[3]) - max(raw.top, box[1])
            gap = max(raw.left - box[2], box[0] - right)
            if shared >= 0.5 * min(raw.height, box[3] - box[1]) and gap < 2 * raw.height:
                group.append(raw)
                box[:] = [
                    min(box[0], raw.left),
                    min(box[1], raw.top),
                    max(box[2], right),
                    max(box[3], bottom),
                ]
                break
        else:
            groups.append([raw])
            bounds.append([raw.left, raw.top, right, bottom])
    # Fragments of one printed line can start groups on either side of a gap: join groups on
    # a shared row that touch, until none do.
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                a, b = bounds[i], bounds[j]
                shared = min(a[3], b[3]) - max(a[1], b[1])
                gap = max(b[0] - a[2], a[0] - b[2])
                # The lower group's height: a tall box (a stacked label read as one word) would
                # reach across a column rule to the next cell's words.
                height = min(a[3] - a[1], b[3] - b[1])
                if shared >= 0.5 * height and gap < 2 * height:
                    groups[i].extend(groups.pop(j))
                    other = bounds.pop(j)
                    bounds[i] = [
                        min(a[0], other[0]),
                        min(a[1], other[1]),
                        max(a[2], other[2]),
                        max(a[3], other[3]),
                    ]
                    merged = True
                    break
            if merged:
                break
    return [sorted(group, key=lambda r: r.left) for group in groups[:limit]]


_ONE_GLYPH = 0.9  # a box no wider than this many heights holds one glyph, not a bracket pair
# Table rules read as these characters when Tesseract glues them to a word (`|04/01/2026`).
_RULE_CHARS = "|[]{}_\u2014\u2018\u2019\u201c\u201d!'`"
_RULE_ONLY = re.compile(r"^[|\[\]{}_\u2014\-=~.,:;'`!\u2018\u2019\u201c\u201d]+$")


def clean_word(text: str, left: int, width: int, height: int = 0) -> tuple[str, int, int] | None:
    """Strip table-rule fragments off a Tesseract word; None when nothing but rule is left.

    The box shrinks in proportion to the characters removed, which is close enough for the
    mapper's layout logic (it works on column and row positions, not on exact glyph edges).
    Also undoes two other Tesseract habits on certificates: one glyph read twice (`XX`, `Y¥`
    for a lone X or Y in the narrow ADDL INSD / SUBR WVD columns) and a speck read as a full
    stop after a date or phone number (`5/5/2025.`).
    """
    text = text.strip()
    if text in ("\u2013", "\u2014"):
        return "-", left, width  # a spaced dash in running text (`Job No. 31473 - Oak Avenue`)
    if text == "()" and 0 < width <= _ONE_GLYPH * height:
        return "0", left, width  # a zero read as its two sides (a revision number `0`)
    if _RULE_ONLY.match(text) and not _keep_punctuation(text):
        return None
    if text in _BOXED_X:
        # A ticked box the box finder missed (blurred photo), read with its frame: keep the X's own
        # place, since the mapper looks for a mark just left of its label.
        per_char = width / len(text)
        index = text.upper().rindex("X") if text[0] in "KX" and text[-1] in "KX" else text.upper().index("X")
        return "X", left + round(per_char * index), max(1, round(per_char))
    if len(text) > 2 and text[0] == "|" and text[1].islower() and text[1] != "l":
        # In sans-serif print a lower-case l is a bare stroke: `|uis.walsh` is `luis.walsh`
        # (but `|linda` is a rule before `linda`).
        text = "l" + text[1:]
    stripped_left = text.lstrip(_RULE_CHARS)
    stripped = stripped_left.rstrip(_RULE_CHARS)
    # A closing quote or bracket that belongs to the word stays, so only strip when a rule is likely.
    if stripped and stripped != text and _looks_like_value(stripped):
        per_char = width / max(1, len(text))
        removed_left = len(text) - len(stripped_left)
        removed_right = len(stripped_left) - len(stripped)
        text = stripped
        left += round(per_char * removed_left)
        width = max(1, round(width - per_char * (removed_left + removed_right)))
    elif not stripped:
        return None
    if height and width < 1.4 * height:
        single = _single_glyph(text)
        if single:
            text = single
    if height and width < height and re.fullmatch(r"\(\d\)", text):
        # `(0)` in a box one digit wide: a letter-spaced digit, its sides read as brackets; its box
        # narrowed to the digit's third, as it would overlap the next digit's.
        text, left, width = text[1], left + width // 3, max(1, width // 3)
    if text.endswith(".") and _DATE_OR_PHONE.match(text[:-1]):
        text = text[:-1]
    # Tesseract loses a small y's descender and reads `v` (`Companv`, `Casualtv`); no English word
    # or name ends in a consonant and v, while `-ov` / `-ev` names keep their vowel.
    text = _Y_READ_AS_V.sub("y", text)
    return text, left, width


_BOXED_X = frozenset(
    {"KX", "XK", "[X", "X]", "[X]", "(X", "X)", "(X)", "|X", "X|", "|X|", "[x]", "(x)", "x]", "[x"}
)
_GLYPH_LOOKALIKES = str.maketrans({"¥": "Y", "y": "Y", "x": "X", "×": "X", "n": "N"})
_Y_READ_AS_V = re.compile(r"(?<=[A-Za-z][bcdfghklmnprstxz])v(?=[.,;:]?$)")
_DATE_OR_PHONE = re.compile(r"^(\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\(?\d{3}\)?[ .-]?\d{3}[.-]\d{4})$")


def _single_glyph(text: str) -> str | None:
    """`XX`, `xX`, `Y¥` in a box one character wide: the one letter Tesseract saw twice."""
    if len(text) not in (2, 3):
        return None
    letters = set(text.translate(_GLYPH_LOOKALIKES))
    if len(letters) == 1 and letters <= {"X", "Y", "N"}:
        return letters.pop()
    return None


def _keep_punctuation(text: str) -> bool:
    # A lone dash is a common "none" marker in limit cells; keep it, drop everything else rule-like.
    return text in {"-", "--"}


def _looks_like_value(text: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9$]", text))


_YES_NO_LABEL = re.compile(r"^Y\s*[/|1I]?\s*I?N$", re.IGNORECASE)


# The ADDL INSD column's printed `N / A` on the workers' comp row, right beside the answer box.
_NOT_APPLICABLE = re.compile(r"^N\s*[/|1Il]\s*A$", re.IGNORECASE)


def _answer_box(
    box: CheckBox, labels: list[Word], not_applicable: list[Word], width: int, height: int
) -> bool:
    """The officers-excluded answer box: just below a printed `Y / N` (overlapping it across), or,
    when OCR misread that label, the box with the next column's `N / A` right beside it."""
    left, right = box.left / width, (box.left + box.width) / width
    top, bottom = box.top / height, (box.top + box.height) / height
    reach = 2.5 * box.height / height
    if any(
        label.box.left < right and label.box.right > left and 0 <= top - label.box.bottom < reach
        for label in labels
    ):
        return True
    return any(
        0 <= word.box.left - right < 2 * box.width / width and top < word.box.center_y < bottom
        for word in not_applicable
    )
