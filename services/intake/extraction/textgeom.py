"""Words on a page as lines, regions and printed labels found by (fuzzy) phrase matching.

Labels are matched on normalised tokens (upper case, letters and digits only) and on the
concatenation of consecutive tokens, so `INSURER A :`, `INSURERA:` and `INSURER A:` all match the
same label; OCR misspellings of long labels are matched by similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from services.intake.extraction.ir import Word
from shared.contracts.certificate import TEXT_LAYER_ENGINES

_NON_ALNUM = re.compile(r"[^A-Z0-9]")


def norm_phrase(phrase: str) -> str:
    return _NON_ALNUM.sub("", phrase.upper())


def token(text: str) -> str:
    return _NON_ALNUM.sub("", text.upper())


@dataclass
class Line:
    words: list[Word]

    @cached_property
    def top(self) -> float:
        return min(w.box.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.box.bottom for w in self.words)

    @cached_property
    def left(self) -> float:
        return min(w.box.left for w in self.words)

    @cached_property
    def right(self) -> float:
        return max(w.box.right for w in self.words)

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=1.0)


@dataclass(frozen=True)
class Match:
    words: tuple[Word, ...]

    @property
    def left(self) -> float:
        return min(w.box.left for w in self.words)

    @property
    def right(self) -> float:
        return max(w.box.right for w in self.words)

    @property
    def top(self) -> float:
        return min(w.box.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.box.bottom for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines by vertical centre, each line sorted left to right, lines top to bottom.

    A word joins a line when its centre is within half the smaller of the two heights, or when
    most of the smaller of the two lies within the other's height (OCR boxes one word of a line
    taller than the rest; when much taller, all of the smaller must lie within it). A small
    label and the larger value printed just below it stay on separate lines: they do not overlap.
    """
    ordered = sorted(words, key=lambda w: (w.box.center_y, w.box.left))
    lines: list[list[Word]] = []
    centers: list[float] = []
    heights: list[float] = []
    for word in ordered:
        cy, h = word.box.center_y, word.box.height
        if lines:
            smaller = min(h, heights[-1])
            shared = min(word.box.bottom, centers[-1] + heights[-1] / 2) - max(
                word.box.top, centers[-1] - heights[-1] / 2
            )
            # Next to a box several lines tall, only words wholly inside it join its line.
            inside = 0.6 if max(h, heights[-1]) <= 2 * smaller else 0.95
            if abs(cy - centers[-1]) < 0.5 * smaller or shared >= inside * smaller:
                lines[-1].append(word)
                centers[-1] += (cy - centers[-1]) / len(lines[-1])
                continue
        lines.append([word])
        centers.append(cy)
        heights.append(h)
    return [Line(sorted(line, key=lambda w: w.box.left)) for line in lines]


_SHORT_PRINT = 2  # letters of a word short enough to sit inside a neighbour's over-wide box


def distinct_lines(words: list[Word]) -> list[Line]:
    """`group_lines`, with words read twice on a line dropped."""
    return [Line(_without_duplicates(line.words)) for line in group_lines(words)]


def _without_duplicates(words: list[Word]) -> list[Word]:
    """Drop a word that overlaps another on the same line (OCR passes merged, fake-bold text drawn twice)."""
    kept: list[Word] = []
    for word in words:  # sorted left to right: only the last few kept words can overlap this one
        duplicate = None
        for other in kept[-3:]:
            overlap = min(word.box.right, other.box.right) - max(word.box.left, other.box.left)
            # Two lines of a stacked label joined by a taller word beside them overlap across but
            # barely up and down: both are kept.
            rise = min(word.box.bottom, other.box.bottom) - max(word.box.top, other.box.top)
            if (
                overlap > 0.6 * min(word.box.width, other.box.width)
                and rise > 0.5 * min(word.box.height, other.box.height)
                and not _joining_symbol_inside(word, other)
                and not _different_printed_words(word, other)
                and not _letters_of_another_print(word, other)
                and not _word_inside_a_glued_run(word, other)
                and not _box_run_on_over_the_next(word, other)
            ):
                duplicate = other
                break
        if duplicate is None:
            kept.append(word)
            continue
        winner, loser = duplicate, word
        if (
            _read_again_in_part(duplicate, word)
            or _glyph_inside_an_amount(duplicate, word)
            or (
                not _read_again_in_part(word, duplicate)
                and not _glyph_inside_an_amount(word, duplicate)
                and (word.confidence, len(word.text)) > (duplicate.confidence, len(duplicate.text))
            )
        ):
            winner, loser = word, duplicate
        if _covers_more_print(loser, winner):
            # `SeUnion` over `National` reaching on over `Union`: what the loser alone covered is
            # lost with it, so the reading kept is no surer than the one dropped.
            winner = winner.model_copy(update={"confidence": min(winner.confidence, loser.confidence)})
        kept[kept.index(duplicate)] = winner
    return kept


def _covers_more_print(loser: Word, winner: Word) -> bool:
    """A dropped reading whose box runs on well past the kept one's, with letters it does not hold,
    or with the same letters and a glyph's width of print past the kept box's end (`Fun` read
    twice, once boxed over the whole of `Fund`: its `d` read by neither)."""
    past_end = max(0.0, loser.box.right - winner.box.right, winner.box.left - loser.box.left)
    beyond = max(0.0, loser.box.right - winner.box.right) + max(0.0, winner.box.left - loser.box.left)
    letters = "".join(ch for ch in loser.text.upper() if ch.isalpha())
    if beyond <= 0.3 * loser.box.width or len(letters) < 3:
        return False
    return letters not in winner.text.upper() or past_end >= winner.box.width / max(len(winner.text), 1)


def _read_again_in_part(part: Word, whole: Word) -> bool:
    """A shorter word inside another's box that spells part of it (`1` inside `$100,000`): that
    print read again in part, however surely; the whole reading is the one to keep."""
    letters = "".join(ch for ch in part.text if ch.isalnum())
    return (
        len(part.text) < len(whole.text)
        and whole.box.left <= part.box.left
        and part.box.right <= whole.box.right
        and bool(letters)
        and letters in "".join(ch for ch in whole.text if ch.isalnum())
    )


def _glyph_inside_an_amount(part: Word, whole: Word) -> bool:
    """A glyph or two read again inside an amount printed whole (`41` a tenth as wide inside
    `1,000,000.00`, or `¢` for its `$` boxed a hair past its start): however sure, a piece cannot
    stand for the amount, which no other print shares."""
    hair = part.box.width / 2
    return (
        len(part.text.strip()) <= _SHORT_PRINT
        and part.box.width < 0.3 * whole.box.width
        and whole.box.left - hair <= part.box.left
        and part.box.right <= whole.box.right + hair
        and WHOLE_AMOUNT.fullmatch(whole.text.strip()) is not None
    )


# An amount printed whole: thousands commas, maybe a dollar sign and cents (`$1,000,000.00`).
WHOLE_AMOUNT = re.compile(r"\$?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d{2})?")


def _different_printed_words(a: Word, b: Word) -> bool:
    """Two different words of a text layer: both printed, however they overlap (a value squeezed
    under the end of the stacked `CONTACT` label above `NAME:`). A text layer repeats a word only
    to fake bold, with the same text; OCR reads one print twice with different texts."""
    return a.source in TEXT_LAYER_ENGINES and b.source in TEXT_LAYER_ENGINES and a.text != b.text


def _letters_of_another_print(a: Word, b: Word) -> bool:
    """A short word inside a neighbour's over-wide box with letters the neighbour does not hold
    (`A:` in the box OCR drew for `INSURER` on a photo): no re-reading of that print, a print of
    its own."""
    short, long = sorted((a, b), key=lambda w: len(w.text))
    letters = {ch for ch in short.text.upper() if ch.isalnum()}
    # (one letter the neighbour lacks is enough: `OF` inside the box OCR ran on over it from
    # DESCRIPTION; a digit is not, an amount's glyph may be misread: `41` inside `1,000,000.00`)
    alien = letters - set(long.text.upper())
    return 0 < len(letters) <= _SHORT_PRINT and (alien == letters or any(ch.isalpha() for ch in alien))


def _word_inside_a_glued_run(a: Word, b: Word) -> bool:
    """A word OCR boxed apart, a little above the line, inside the box of the words either side of
    it run together (`GENERAL` over `COMMERCIALIABILITY`): not that run read twice, which would
    spell it. Both are print."""
    short, long_ = sorted((a, b), key=lambda w: w.box.width)
    letters = "".join(ch for ch in short.text.upper() if ch.isalnum())
    return (
        len(letters) >= _GLUED_RUN_WORD
        and long_.box.width >= _GLUED_RUN_WIDTH * short.box.width
        and letters not in "".join(ch for ch in long_.text.upper() if ch.isalnum())
    )


_GLUED_RUN_WORD, _GLUED_RUN_WIDTH = 3, 2.5


def _box_run_on_over_the_next(a: Word, b: Word) -> bool:
    """A word boxed on over the next one to its end (`maria.okafor` boxed to the end of
    `heffernan.com` after its `@`): its print starts well before the next one's and the two
    readings spell nothing alike, so they are two prints, not one read twice."""
    first, second = sorted((a, b), key=lambda w: w.box.left)
    first_letters = "".join(ch for ch in first.text.upper() if ch.isalnum())
    second_letters = "".join(ch for ch in second.text.upper() if ch.isalnum())
    tail = first_letters[-len(second_letters) :]
    return (
        second.box.left > first.box.left + _OWN_PRINT_BEFORE * first.box.width
        and second.box.right <= first.box.right + _OWN_PRINT_BEFORE * second.box.width
        and min(len(first_letters), len(second_letters)) >= _GLUED_RUN_WORD
        and SequenceMatcher(None, tail, second_letters).ratio() < _ALIKE
    )


# Of a box run on over the next word, the share printed before that word starts; readings at
# least this alike are one print read twice.
_OWN_PRINT_BEFORE, _ALIKE = 0.3, 0.5


def _joining_symbol_inside(a: Word, b: Word) -> bool:
    """An `@` or `&` OCR boxed on its own inside a neighbour's over-wide box (`karen.lopez` `@`
    `heffernan.com`): a character of its own, not the neighbour read twice."""
    short, long_ = (a, b) if len(a.text) <= len(b.text) else (b, a)
    return short.text in ("@", "&") and short.text not in long_.text


def segments(line: Line, gap_factor: float = 2.5) -> list[Line]:
    """Split a line where the horizontal gap is much larger than the text height (another column)."""
    out: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:], strict=False):
        height = max(previous.box.height, word.box.height)
        if word.box.left - previous.box.right > gap_factor * height:
            out.append([word])
        else:
            out[-1].append(word)
    return [Line(words) for words in out]


@dataclass
class PageText:
    number: int
    words: list[Word]
    lines: list[Line] = field(init=False)
    _segments: list[tuple[Line, list[str]]] = field(init=False)
    _cache: dict[tuple[object, ...], list[Match]] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = distinct_lines(self.words)
        self.words = [w for line in self.lines for w in line.words]
        self._segments = [
            (seg, [token(w.text) for w in seg.words]) for line in self.lines for seg in segments(line)
        ]
        self._cache = {}
        # Where each token starts a possible match: by its first two letters (one-letter tokens
        # by their letter), so a phrase is tried only where its head is printed.
        self._heads: dict[str, list[int]] = {}
        for index, (_, tokens) in enumerate(self._segments):
            for t in set(tokens):
                if t:
                    heads = self._heads.setdefault(t[:2], [])
                    if not heads or heads[-1] != index:
                        heads.append(index)

    def find(
        self,
        phrase: str,
        *,
        region: tuple[float, float, float, float] | None = None,
        fuzzy: bool = True,
        exact_tokens: bool = False,
    ) -> list[Match]:
        """Every place `phrase` is printed, top to bottom. Region is (left, top, right, bottom) fractions."""
        key = (phrase, fuzzy, exact_tokens)
        everywhere = self._cache.get(key)
        if everywhere is None:
            everywhere = self._cache[key] = self._find(phrase, None, fuzzy, exact_tokens)
        if region is None:
            return everywhere
        return [m for m in everywhere if all(_inside(w, region) for w in m.words)]

    def _find(
        self, phrase: str, region: tuple[float, float, float, float] | None, fuzzy: bool, exact_tokens: bool
    ) -> list[Match]:
        target = norm_phrase(phrase)
        target_tokens = [t for t in (token(p) for p in phrase.split()) if t]
        if not target:
            return []
        head = target[:2]
        wanted = _Target(
            target,
            target_tokens,
            _SimilarTo(target, 0.86 if len(target) >= 12 else 0.9) if fuzzy else None,
            exact_tokens,
        )
        found: list[Match] = []
        candidates = sorted(set(self._heads.get(head, [])) | set(self._heads.get(head[:1], [])))
        for segment, all_tokens in (self._segments[i] for i in candidates):
            if region is not None and not _inside_line(segment, region):
                continue
            if region is None:
                words, tokens = segment.words, all_tokens
            else:
                kept = [i for i, w in enumerate(segment.words) if _inside(w, region)]
                words = [segment.words[i] for i in kept]
                tokens = [all_tokens[i] for i in kept]
            for i in range(len(words)):
                first = tokens[i]
                if not first or not (head.startswith(first) if len(first) < 2 else first[:2] == head):
                    continue
                best = self._match_at(words, tokens, i, wanted)
                if best is not None:
                    found.append(best)
        found.sort(key=lambda m: (m.top, m.left))
        return _dedupe(found)

    @staticmethod
    def _match_at(words: list[Word], tokens: list[str], i: int, wanted: _Target) -> Match | None:
        target, target_tokens, similar = wanted.text, wanted.tokens, wanted.similar
        joined = ""
        for j in range(i, min(len(words), i + len(target_tokens) + 2)):
            if not tokens[j] and j == i:
                return None
            joined += tokens[j]
            if wanted.exact_tokens:
                if [t for t in tokens[i : j + 1] if t] == target_tokens:
                    return Match(tuple(words[i : j + 1]))
                continue
            if joined == target:
                return Match(tuple(words[i : j + 1]))
            if len(joined) > len(target) + 3:
                break
            if (
                similar is not None
                and len(target) >= 6
                and joined[:2] == target[:2]
                and abs(len(joined) - len(target)) <= max(1, len(target) // 6)
                and similar(joined)
            ):
                return Match(tuple(words[i : j + 1]))
        return None

    def first(self, phrase: str, **kwargs: object) -> Match | None:
        matches = self.find(phrase, **kwargs)  # type: ignore[arg-type]
        return matches[0] if matches else None

    def words_in(self, left: float, top: float, right: float, bottom: float) -> list[Word]:
        return [w for w, cx, cy, _ in self.geometry if left <= cx <= right and top <= cy <= bottom]

    @cached_property
    def geometry(self) -> list[tuple[Word, float, float, float]]:
        """(word, centre x, centre y, height) computed once."""
        return [
            (w, w.box.left + w.box.width / 2, w.box.top + w.box.height / 2, w.box.height) for w in self.words
        ]


@dataclass(frozen=True)
class _Target:
    """A phrase searched for: its joined tokens, the tokens, a fuzzy matcher (None: exact) and
    whether tokens must match one by one."""

    text: str
    tokens: list[str]
    similar: _SimilarTo | None
    exact_tokens: bool


class _SimilarTo:
    """`SequenceMatcher(None, text, target).ratio() >= threshold` for many texts and one target: the
    matcher indexes the target once, and its cheap upper bound (shared letters) rules most texts out."""

    def __init__(self, target: str, threshold: float) -> None:
        self.target, self.threshold = target, threshold
        self.matcher: SequenceMatcher[str] | None = None

    def __call__(self, text: str) -> bool:
        if self.matcher is None:
            self.matcher = SequenceMatcher(None, "", self.target)
        self.matcher.set_seq1(text)
        return self.matcher.quick_ratio() >= self.threshold and self.matcher.ratio() >= self.threshold


def _inside(word: Word, region: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = region
    return left <= word.box.center_x <= right and top <= word.box.center_y <= bottom


def _inside_line(line: Line, region: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = region
    return line.right >= left and line.left <= right and line.bottom >= top and line.top <= bottom


def _dedupe(matches: list[Match]) -> list[Match]:
    out: list[Match] = []
    seen: set[int] = set()
    for match in matches:
        key = id(match.words[0])
        if key in seen:
            continue
        seen.add(key)
        out.append(match)
    return out


def same_line_words(
    page: PageText, anchor: Match, *, left: float, right: float, slack: float = 0.6
) -> list[Word]:
    """Words right of a label on the label's own line, between `left` and `right`."""
    ids = {id(w) for w in anchor.words}
    center, height = anchor.center_y, anchor.height
    return sorted(
        (
            w
            for w, cx, cy, h in page.geometry
            if left <= cx <= right and abs(cy - center) <= max(height, h) * slack * 0.7 and id(w) not in ids
        ),
        key=lambda w: w.box.left,
    )
