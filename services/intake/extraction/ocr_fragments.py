"""Fragments of words a scan's reading leaves behind: pieces a re-read did not take away, words
read in two overlapping halves, a number split where no space is printed, and words split where
the print leaves less than a space (listed, as the reading cannot tell). Printed words never
overlap, nor touch without a space.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from services.intake.extraction.ocr_words import _Raw


def drop_echoes(raws: list[_Raw]) -> list[_Raw]:
    """Short fragments a re-read left beside the word it replaced: the start of the next word over
    or against that word's own first letters (`Cc` `Company`, `Mé` `Masonry`, `D` `Dr`), or the
    end of the word before, right against it (`Redline` `ine`). The fragment goes (and the word
    before takes its width). So does the end of a word read whole in a box over its first letters
    alone (`Any` boxed on its A, then `ny`; `One` on its O, then `One`)."""
    raws = _without_tails_of_narrow_words(raws)
    echoes: set[int] = set()
    widened: dict[int, int] = {}
    for short in raws:
        text = short.text.strip().lower()
        letters = sum(ch.isalnum() for ch in text)
        # A lone letter only as the start of the word it touches: a single glyph is often a mark.
        if not 1 <= letters <= 3 or (letters == 1 and not text.isalpha()):
            continue
        if letters == 1 and short.width > short.height:
            # A box wider than one glyph holds more than the letter (the rule a re-read took in with
            # an insurer letter `A` before `AUTOMOBILE`): the letter is printed, not an echo.
            continue
        touch = 0.15 * short.height
        for word in raws:
            # Where the word stands is checked first: it rules out nearly every pair, cheaply.
            starts_after = short.left < word.left <= short.left + short.width + touch
            gap = short.left - (word.left + word.width)
            ends_before = letters > 1 and -short.width < gap <= touch
            if word is short or not (starts_after or ends_before):
                continue
            whole = word.text.strip().lower()
            if len(whole) < len(text) + min(letters, 2) or not same_line(short, word):
                continue
            before = starts_after and whole[0] == text[0]
            after = ends_before and whole.endswith(text)
            if before or after:
                echoes.add(id(short))
                if after:
                    widened[id(word)] = max(widened.get(id(word), 0), short.left + short.width)
                break
    return [
        _Raw(r.text, r.confidence, r.left, r.top, max(r.width, widened[id(r)] - r.left), r.height, r.line)
        if id(r) in widened
        else r
        for r in raws
        if id(r) not in echoes
    ]


def _without_tails_of_narrow_words(raws: list[_Raw]) -> list[_Raw]:
    """A word whose box is too narrow for its letters, with the word after it, against or over
    its box, reading its end (or all of it) again: one word, boxed over both. (The two are often
    on two lines of Tesseract's: it read the print twice.)"""
    widened: dict[int, int] = {}
    tails: set[int] = set()
    for word in raws:
        text = word.text.strip().lower()
        letters = sum(ch.isalpha() for ch in text)
        if letters < _NARROW_WORD_LETTERS or word.width >= _NARROWEST_LETTER * word.height * letters:
            continue
        reach = word.left + word.width + 0.3 * word.height
        after = min(
            (a for a in raws if a is not word and word.left < a.left <= reach and same_line(word, a)),
            key=lambda a: a.left,
            default=None,
        )
        tail = after.text.strip().lower() if after is not None else ""
        if after is not None and tail and text.endswith(tail) and id(word) not in tails:
            widened[id(word)] = after.left + after.width
            tails.add(id(after))
    return [
        replace(r, width=widened[id(r)] - r.left) if id(r) in widened else r
        for r in raws
        if id(r) not in tails
    ]


_NARROW_WORD_LETTERS, _NARROWEST_LETTER = 2, 0.45


def rejoin_split_words(raws: list[_Raw]) -> list[_Raw]:
    """A word read as two overlapping halves (`Keys` `stone`, `Cc` `ommerce`): one word, the
    letter both halves read once, a glyph read twice (`Cc`) once."""
    ordered = sorted(raws, key=lambda r: r.left)
    joined: dict[int, _Raw] = {}
    gone: set[int] = set()
    for index, first in enumerate(ordered):
        if id(first) in gone:
            continue
        head = joined.get(id(first), first)
        for second in ordered[index + 1 :]:
            if second.left >= head.left + head.width:
                break
            # Two letters at least each: a lone X or Y is a mark beside its label.
            halves = (
                len(head.text) >= 2
                and head.text.isalpha()
                and len(second.text) >= 2
                and second.text.rstrip(".,").isalpha()
            )
            # Halves of one word stand as tall as each other; a box over two lines holds another.
            alike = max(head.height, second.height) < 1.6 * min(head.height, second.height)
            if not alike or id(second) in gone or not same_line(head, second):
                continue
            number = _digits_read_twice(head, second)
            if number is not None:
                text, agreed = number, True
            elif not halves or second.left <= head.left + head.width // 2:
                continue
            elif not _text_overlap(head.text, second.text) and _starts_a_word(second.text):
                continue  # `INSURER` boxed on over `Ohio`: a capitalised word of its own
            else:
                text, agreed = _joined_text(
                    head.text, second.text, head.left + head.width - second.left, head.width
                )
            head = _Raw(
                text,
                # Halves that spell no letter alike where they overlap read that print differently:
                # the join is a guess (`Fite` `ire`), to be looked at.
                min(head.confidence, second.confidence, 100.0 if agreed else _GUESSED_JOIN),
                head.left,
                min(head.top, second.top),
                second.left + second.width - head.left,
                max(head.top + head.height, second.top + second.height) - min(head.top, second.top),
                head.line,
            )
            gone.add(id(second))
        joined[id(first)] = head
    return [joined.get(id(r), r) for r in raws if id(r) not in gone]


_GUESSED_JOIN = 50.0  # Tesseract's scale: below what the calibration vouches for
_NUMBER = re.compile(r"\$?[\d,.]*\d[\d,.]*")


def fit_run_on_numbers(raws: list[_Raw]) -> list[_Raw]:
    """`1,000` boxed on over the `,` `000` read after it (186 px for five glyphs where `000` takes
    52): its box is cut back to its own print, so the pieces read as one amount, not as the same
    print read twice."""
    numbers = [r for r in raws if _NUMBER.fullmatch(r.text)]
    fitted: dict[int, _Raw] = {}
    for first in numbers:
        # Pieces of three glyphs or more (a lone `1` is narrower than a digit) in the box's later part.
        inside = [
            r
            for r in numbers
            if r is not first
            and len(r.text) >= _GLYPHS_TO_MEASURE
            and first.left + _LATER_PART * first.width < r.left
            and r.left + r.width <= first.left + first.width + r.width // 4
            and same_line(first, r)
        ]
        if not inside:
            continue
        glyph = min(r.width / len(r.text) for r in inside)
        if first.width / len(first.text) >= _RUN_ON * glyph:
            own = min(round(glyph * len(first.text)), min(r.left for r in inside) - first.left)
            fitted[id(first)] = replace(first, width=max(1, own))
    return [fitted.get(id(r), r) for r in raws]


_RUN_ON = 1.6  # a number's box this many times as wide a glyph as the digits inside it runs on
_GLYPHS_TO_MEASURE, _LATER_PART = 3, 0.3


def _digits_read_twice(left: _Raw, right: _Raw) -> str | None:
    """`100` `0,000` for `100,000`: an amount read as two pieces whose boxes share a digit's width,
    and the digits under the shared width read alike in both; None for anything else."""
    if not (_NUMBER.fullmatch(left.text) and _NUMBER.fullmatch(right.text)):
        return None
    shared = round((left.left + left.width - right.left) / (left.width / len(left.text)))
    if not 1 <= shared < min(len(left.text), len(right.text)) or left.text[-shared:] != right.text[:shared]:
        return None
    return left.text + right.text[shared:]


def _joined_text(left: str, right: str, shared_px: int, left_px: int) -> tuple[str, bool]:
    """The two halves as one word, and whether they agree on the letters they share."""
    if len(left) == 2 and left[0].lower() == left[1].lower() and left[0] != left[1]:
        return left[0] + right, True  # `Cc`: one capital read twice
    # The letters both halves read (`Keys` `stone`), or the whole right half again (`Mutual` `tual`).
    overlap = _text_overlap(left, right)
    if overlap:
        return left + right[overlap:], True
    # Else the left half's letters under the right half's box go (`Fite` `ire`: `Fi` `ire`).
    cut = min(len(left) - 1, round(shared_px / max(1, left_px) * len(left)))
    kept = left[: len(left) - cut] if cut > 0 else left
    return kept + right[_text_overlap(kept, right) :], False


def _starts_a_word(text: str) -> bool:
    """`Ohio`: a capital before small letters begins a word; a word's second half does not."""
    return text[:1].isupper() and any(ch.islower() for ch in text[1:])


def _text_overlap(left: str, right: str) -> int:
    for overlap in range(min(len(left), len(right)), 0, -1):
        if left[-overlap:].lower() == right[:overlap].lower():
            return overlap
    return 0


def same_line(a: _Raw, b: _Raw) -> bool:
    """Boxes that share at least half the smaller one's height."""
    shared = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return shared >= 0.5 * min(a.height, b.height)


def join_touching_numbers(raws: list[_Raw]) -> list[_Raw]:
    """Runs of digits Tesseract split with no space between them (`8` `427` printed `8127`, the
    pieces a glyph's width apart): one word, as sure as its less sure piece."""
    numbers = sorted((r for r in raws if r.text.isdigit()), key=lambda r: r.left)
    joined: dict[int, _Raw] = {}
    gone: set[int] = set()
    for first in sorted(numbers, key=lambda r: (r.top, r.left)):
        if id(first) in gone:
            continue
        head = first
        for second in (r for r in numbers if r.left > head.left):
            gap = second.left - (head.left + head.width)
            if id(second) in gone or not same_line(head, second):
                continue
            if not 0 <= gap <= _TOUCHING * min(head.height, second.height):
                break
            top = min(head.top, second.top)
            bottom = max(head.top + head.height, second.top + second.height)
            width = second.left + second.width - head.left
            confidence = min(head.confidence, second.confidence)
            head = _Raw(head.text + second.text, confidence, head.left, top, width, bottom - top, head.line)
            gone.add(id(second))
        if head is not first:
            joined[id(first)] = head
    return [joined.get(id(r), r) for r in raws if id(r) not in gone]


_TOUCHING = 0.2  # a blank narrower than this share of the digits' height is inside a number, not a space


def last_ones_read_as_bars(raws: list[_Raw]) -> list[_Raw]:
    """A bar read apart inside the end of a number's own box (`WC-304333` boxed over ten glyphs,
    then `|` or `1` over the tenth): the number's last digit, a 1, read as a word of its own. The
    number takes it back, listed for a person (a rule's stub can stand so too); a number already
    ending in 1 read it twice."""
    bars = [r for r in raws if r.text in _ONE_READINGS]
    joined: dict[int, _Raw] = {}
    gone: set[int] = set()
    for bar in bars:
        middle = bar.left + bar.width / 2
        number = next(
            (
                r
                for r in raws
                if r.text[-1:].isdigit()
                and r.text[-1] != "1"
                and len(r.text) > 1
                and id(r) not in joined
                and same_line(r, bar)
                and r.left < bar.left
                and middle <= r.left + r.width
                and r.left + r.width - bar.left <= r.width / len(r.text) * _ONE_GLYPH
            ),
            None,
        )
        if number is not None:
            confidence = min(number.confidence, bar.confidence, _TAKEN_BACK)
            joined[id(number)] = replace(number, text=number.text + "1", confidence=confidence)
            gone.add(id(bar))
    return [joined.get(id(r), r) for r in raws if id(r) not in gone]


_ONE_READINGS = frozenset({"|", "1", "l", "I"})
_ONE_GLYPH = 1.5  # of the number's mean glyph width: the bar stands over its last glyph's place
_TAKEN_BACK = 60.0  # Tesseract's confidence (0-100): under review_paths.REVIEW_THRESHOLD


def doubt_tight_spaces(raws: list[_Raw]) -> list[_Raw]:
    """Both words of a pair Tesseract split where the print leaves less blank than a word space, or
    none (`TAM` `PA,` for `TAMPA,`, `016F` `W686`, `Pkw` `y`): one word may have been cut in two, and no
    rule downstream can tell, so a person checks. A single capital (a mark beside its label) is left
    alone."""
    by_line: dict[tuple[int, int, int], list[_Raw]] = {}
    for raw in raws:
        by_line.setdefault(raw.line, []).append(raw)
    tight: set[int] = set()
    for words in by_line.values():
        words.sort(key=lambda r: r.left)
        for first, second in pairwise(words):
            gap = second.left - (first.left + first.width)
            if (
                -_OVERLAP * min(first.height, second.height)
                <= gap
                < _TIGHT_SPACE * min(first.height, second.height)
                and _word_like(first)
                and (_word_like(second) or _small_letter(second))
                and same_line(first, second)
            ):
                tight.update((id(first), id(second)))
    return [
        _Raw(r.text, min(r.confidence, _TIGHT_SPACE_CONFIDENCE), r.left, r.top, r.width, r.height, r.line)
        if id(r) in tight
        else r
        for r in raws
    ]


def doubt_crowded_digits(raws: list[_Raw]) -> list[_Raw]:
    """Digits more than their box can hold (`14` in a box 0.4 times as wide as tall, one glyph's
    width: a revision number `1` read with a speck): however sure Tesseract was, a person checks."""
    return [
        replace(r, confidence=min(r.confidence, _TIGHT_SPACE_CONFIDENCE))
        if r.text.isdigit() and len(r.text) >= 2 and r.width < _NARROWEST_DIGIT * r.height * len(r.text)
        else r
        for r in raws
    ]


# The narrowest a digit is printed, with the space to the next, in its height: a `1`.
_NARROWEST_DIGIT = 0.3


def _word_like(raw: _Raw) -> bool:
    return sum(ch.isalnum() for ch in raw.text) >= 2 and any(ch.isalpha() for ch in raw.text)


def _small_letter(raw: _Raw) -> bool:
    """A word's last letter split off (`Liabilit` `y`): a mark is a capital, never a small letter."""
    return len(raw.text.strip(".,")) == 1 and raw.text.strip(".,").islower()


# Word spaces on certificates leave a blank of 0.3 to 0.5 of the words' height; the blank between
# two letters of one word (`M` `P` of TAMPA) is 0.2 to 0.27 (measured on development scans).
_TIGHT_SPACE = 0.28
# Boxes running a little into each other (`TUF` `IRNER-WALSH`): one word's glyphs read twice or cut;
# a box running far on over its neighbour is another case (a label boxed over the value after it).
_OVERLAP = 0.5
_TIGHT_SPACE_CONFIDENCE = 45.0  # under the review threshold, over the mapper's specks
