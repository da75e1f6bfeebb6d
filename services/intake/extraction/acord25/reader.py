"""The page reader the ACORD 25 mapper shares: printed labels found (fuzzy, stacked), values right of them,
marks before options, and the limit labels of each coverage block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from services.intake.extraction.ir import Box, Word
from services.intake.extraction.stacked_labels import find_stacked
from services.intake.extraction.textgeom import (
    Line,
    Match,
    PageText,
    distinct_lines,
    same_line_words,
    token,
)
from services.intake.extraction.values import is_mark, join_tokens, strip_text_rules
from shared.contracts.certificate import TEXT_LAYER_ENGINES

# `INSURER LA :`: a speck or the box's rule before the letter read as an L, I or 1.
_INSURER_ROW = re.compile(r"^INSURER[LI1]?([A-F])$")
# `£` and `€` are OCR's readings of a typewriter-face 5 and 6 (Courier on retyped copies); no
# policy number prints either, so they alone are safe to read as digits anywhere in a row.
_CURRENCY_DIGITS = {"£": "5", "€": "6"}
_CURRENCY_LOOKALIKES = str.maketrans(_CURRENCY_DIGITS)
_DATE_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", **_CURRENCY_DIGITS}
)
_REVISION_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
# A word box taller than this many typical heights was drawn over more than its own print.
_TALL_BOX_LINES = 1.5
_UNSURE_LABEL = 0.5  # an OCR confidence under which a label's box may hold more than its print
_MOSTLY_OUTSIDE = 0.4  # of a mark's width left of such a label's box: the mark before it

GL_LIMITS = (
    ("EACH OCCURRENCE", "each_occurrence"),
    ("DAMAGE TO RENTED PREMISES (Ea occurrence)", "damage_to_rented_premises"),
    ("FIRE DAMAGE (Any one fire)", "damage_to_rented_premises"),
    ("MED EXP (Any one person)", "medical_expense"),
    ("PERSONAL & ADV INJURY", "personal_advertising_injury"),
    ("GENERAL AGGREGATE", "general_aggregate"),
    ("PRODUCTS - COMP/OP AGG", "products_completed_operations_aggregate"),
)
AUTO_LIMITS = (
    ("COMBINED SINGLE LIMIT (Ea accident)", "combined_single_limit"),
    ("BODILY INJURY (Per person)", "bodily_injury_per_person"),
    ("BODILY INJURY (Per accident)", "bodily_injury_per_accident"),
    ("PROPERTY DAMAGE (Per accident)", "property_damage_per_accident"),
)
UMB_LIMITS = (("EACH OCCURRENCE", "each_occurrence"), ("AGGREGATE", "aggregate"))
WC_LIMITS = (
    ("E.L. EACH ACCIDENT", "el_each_accident"),
    ("E.L. DISEASE - EA EMPLOYEE", "el_disease_each_employee"),
    ("E.L. DISEASE - POLICY LIMIT", "el_disease_policy_limit"),
)
# Which limit each grid row of a block holds (row 0 is the row of the block's printed label).
_ROW_KEYS: dict[str, tuple[str | None, ...]] = {
    "gl": (
        "each_occurrence",
        "damage_to_rented_premises",
        "medical_expense",
        "personal_advertising_injury",
        "general_aggregate",
        "products_completed_operations_aggregate",
    ),
    "auto": (
        "combined_single_limit",
        "bodily_injury_per_person",
        "bodily_injury_per_accident",
        "property_damage_per_accident",
    ),
    "umb": ("each_occurrence", "aggregate"),
    "wc": (None, "el_each_accident", "el_disease_each_employee", "el_disease_policy_limit"),
}
_FUZZY_OPTION = 8  # letters of an option's label long enough to find fuzzily
_AUTO_TYPES = (
    ("any", ("ANY AUTO",)),
    ("owned", ("OWNED AUTOS ONLY", "ALL OWNED AUTOS", "OWNED AUTOS")),
    ("scheduled", ("SCHEDULED AUTOS",)),
    ("hired", ("HIRED AUTOS ONLY", "HIRED AUTOS")),
    ("non_owned", ("NON-OWNED AUTOS ONLY", "NON-OWNED AUTOS", "NON OWNED AUTOS")),
)


# The box before an auto option, ticked, read onto the end of the option printed left of it:
# `ONLY¥X` (OWNED AUTOS ONLY, then SCHEDULED AUTOS' X).
_MARK_GLUED_AFTER_OPTION = re.compile(r"(?:ONLY|AUTOS?)[^A-Za-z0-9]?[Xx]")


def _mark_glued_to(glued: str, target: str) -> bool:
    """OCR reads a ticked box and its label as one word: "XOCCUR", "XJEXCESS" (box edge as J or I)."""
    return glued.startswith("X") and glued.endswith(target) and 1 <= len(glued) - len(target) <= 2


def _mostly_capitals(match: Match) -> bool:
    letters = [ch for w in match.words for ch in w.text if ch.isalpha()]
    return not letters or sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def _holds(words: Iterable[Word], word: Word) -> bool:
    return any(w is word for w in words)


def _conf(words: Iterable[Word]) -> float:
    return min((w.confidence for w in words), default=1.0)


def _text(words: Iterable[Word]) -> str:
    words = _merged_overlaps(_without_read_starts(list(words)))
    tokens = [strip_text_rules(w.text) if len(w.text) > 1 else w.text for w in words]
    while tokens and not any(ch.isalnum() for ch in tokens[0]) and tokens[0] not in ("&", "#", "@"):
        tokens.pop(0)  # the colon after a label ("INSURER A :"), a stray rule
    return join_tokens(tokens)


def _merged_overlaps(words: list[Word]) -> list[Word]:
    """Two OCR'd words whose boxes overlap by one character are one print read in two pieces with
    that letter read twice (`Tur` `ener-Walsh`): one word, the shared letter once (`Turner-Walsh`).
    Print does not overlap, so this never joins two printed words."""
    merged: list[Word] = []
    for word in words:
        previous = merged[-1] if merged else None
        if previous is None or word.source in TEXT_LAYER_ENGINES or len(word.text) < 2:
            merged.append(word)
            continue
        overlap = previous.box.right - word.box.left
        shared = round(overlap / (word.box.width / len(word.text)))
        # One letter over, the rest of a word in lower case: a fragment read twice (`Mic`
        # `Midwest`) overlaps by more and is not this.
        if shared != 1 or len(previous.text) < 3 or not word.text[0].islower():
            merged.append(word)
            continue
        box = previous.box.model_copy(update={"width": word.box.right - previous.box.left})
        text = previous.text + word.text[shared:]
        merged[-1] = previous.model_copy(update={"text": text, "box": box})
    return merged


def _without_read_starts(words: list[Word]) -> list[Word]:
    """OCR's second reading of a word's start, left touching the word (`Mar` `Maria`, `Mi`
    `Midwest`: the same print read on two Tesseract lines) is dropped. A text layer prints what
    it says."""
    kept: list[Word] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if (
            following is not None
            and word.source not in TEXT_LAYER_ENGINES
            and len(word.text) >= 2
            and len(following.text) > len(word.text)
            and following.text.lower().startswith(word.text.lower())
            and following.box.left - word.box.right < 0.5 * following.box.height
        ):
            continue
        kept.append(word)
    return kept


def _value_start(anchor: Match) -> float:
    """Where a label's value may begin: right of the label, or right of the shorter line of a
    label stacked on two lines (`CONTACT` over `NAME:`: the value box starts after `NAME:`)."""
    first, last = anchor.words[0], anchor.words[-1]
    lower = [w for w in anchor.words if w.box.top > first.box.center_y]
    if not lower:
        if any(
            w is not last and w.box.left <= last.box.left and last.box.right <= w.box.right
            for w in anchor.words
        ):
            # `INSURER` boxed on over its row's letter `B` and the name's first word: the label
            # ends at its last word, wherever the over-wide box ends.
            return last.box.right
        return anchor.right
    upper = [w for w in anchor.words if w.box.top <= first.box.center_y]
    return min(max(w.box.right for w in upper), max(w.box.right for w in lower))


def _number_inside_label_end(word: Word, anchor: Match) -> bool:
    """`2` inside the end of `NUMBER:` boxed a fifth too wide, or `CN-1` inside the end of a label
    boxed on over it: printed labels hold no digit, so a short word with one is the value's."""
    last = anchor.words[-1]
    return (
        _SHORT_IDENTIFIER.fullmatch(word.text.strip(".,)")) is not None
        and word.box.left > last.box.left + _LABEL_END * last.box.width
        and last.box.top <= word.box.center_y <= last.box.bottom + last.box.height
    )


_SHORT_IDENTIFIER, _LABEL_END = re.compile(r"\d{1,3}|[A-Z]{0,3}-?\d[\w-]{0,4}"), 0.8


def value_text(words: list[Word]) -> tuple[str | None, float]:
    """A value's text and confidence from its words (none: no value, and nothing in doubt)."""
    return (_text(words) or None, _conf(words)) if words else (None, 1.0)


def _value_glued_to_colon(anchor: Match) -> Word | None:
    """`NUMBER:0`: OCR read a value printed close to its label as one word with the label's colon;
    what follows the colon is the value's first word, boxed on its share of the letters."""
    last = anchor.words[-1]
    head, colon, tail = last.text.rpartition(":")
    if not colon or not head or not tail.strip():
        return None
    width = last.box.width * len(tail) / len(last.text)
    box = Box(left=last.box.right - width, top=last.box.top, width=width, height=last.box.height)
    return last.model_copy(update={"text": tail.strip(), "box": box})


class _Reader:
    def __init__(self, page: PageText) -> None:
        self.page = page
        self.conf: dict[str, float] = {}
        self.h = self._typical_height()
        # Read by OCR (a scan or photo), not from a text layer: the reading's repairs apply.
        self.ocr = any(w.source == "ocr" for w in page.words)

    def _typical_height(self) -> float:
        heights = sorted(w.box.height for w in self.page.words)
        return heights[len(heights) // 2] if heights else 0.008

    def label(
        self,
        phrase: str,
        *,
        region: tuple[float, float, float, float] | None = None,
        standalone: bool = False,
        fuzzy: bool = True,
        stacked: bool = False,
    ) -> Match | None:
        found = next(iter(self.labels(phrase, region=region, standalone=standalone, fuzzy=fuzzy)), None)
        if found is None and stacked:
            return find_stacked(self.page, phrase, region)
        return found

    def labels(
        self,
        phrase: str,
        *,
        region: tuple[float, float, float, float] | None = None,
        standalone: bool = False,
        fuzzy: bool = True,
    ) -> list[Match]:
        """Every print of the label `phrase`, in reading order."""
        capitals = phrase.upper() == phrase
        return [
            match
            for match in self.page.find(phrase, region=region, fuzzy=fuzzy)
            if not (standalone and not self._starts_segment(match))
            # "certificate holder" in running text is not the printed label
            and not (capitals and not _mostly_capitals(match))
        ]

    def _starts_segment(self, match: Match) -> bool:
        """A label printed on its own: no running text right before or after it on the line."""
        first, last = match.words[0], match.words[-1]
        ids = set(map(id, match.words))
        for word in self.page.words:
            if id(word) in ids or abs(word.box.center_y - first.box.center_y) >= first.box.height * 0.5:
                continue
            if not any(ch.isalnum() for ch in word.text):
                continue  # a speck or a dash is no running text
            if 0 <= first.box.left - word.box.right < first.box.height * 1.2 and not is_mark(word.text):
                return False
            if 0 <= word.box.left - last.box.right < first.box.height * 0.8:
                return False
        return True

    # -- generic value readers -------------------------------------------------------------
    def right_of(
        self, anchor: Match | None, stop: float = 1.0, slack: float = 0.6
    ) -> tuple[str | None, float]:
        return value_text(self.words_right_of(anchor, stop, slack)) if anchor is not None else (None, 0.0)

    def words_right_of(self, anchor: Match, stop: float = 1.0, slack: float = 0.6) -> list[Word]:
        """The words of the value printed right of a label, on its line."""
        start = _value_start(anchor)
        words = same_line_words(self.page, anchor, left=anchor.center_x, right=stop, slack=slack)
        # A value printed too far left runs into its label's last letters; labels never overlap.
        words = [
            w
            for w in words
            if w.box.left >= start - 0.002
            or (w.box.left > anchor.center_x and w.box.right > start + 0.01)
            or _number_inside_label_end(w, anchor)
        ]
        glued = _value_glued_to_colon(anchor)
        return [glued, *words] if glued is not None else words

    def block_lines(
        self, left: float, top: float, right: float, bottom: float, exclude: Iterable[Word] = ()
    ) -> list[Line]:
        """The lines of print in a region, without the `exclude` words (a block's own label,
        boxed down into its first value)."""
        if right <= left or bottom <= top:
            return []
        skip = set(map(id, exclude))
        return distinct_lines([w for w in self.page.words_in(left, top, right, bottom) if id(w) not in skip])

    def mark_left_of(
        self, match: Match, exclude: Iterable[Word] = (), *, accept: Callable[[Word], bool] | None = None
    ) -> bool:
        """A mark in the box before an option's label (`accept`: what counts as one there)."""
        accepted = accept or _reads_as_mark
        first = match.words[0]
        stacked = any(w.box.top > first.box.center_y for w in match.words)
        # A label on two lines: its box sits between them, half the pair's height around its centre.
        # One word OCR boxed over the line below too (`CLAIMS-MADE` over an empty box's edges) is
        # a line high, or the tick of the row above would count as its own.
        h = max(match.height / 2 if stacked else min(match.height, self.h * _TALL_BOX_LINES), self.h * 0.6)
        skip = set(map(id, exclude)) | set(map(id, match.words))
        center = match.center_y
        for word, _, cy, _ in self.page.geometry:
            if abs(cy - center) > h * 0.9 or id(word) in skip:
                continue
            if not accepted(word):
                continue
            # (its centre left of the label's edge, or nearly half of it, is enough where an unsure
            # label's box was stretched left over the mark: `SCHEDULED` at 0.19 boxed over its X,
            # `DED.` at 0.32 boxed over its X and the cell's rule)
            outside = match.left - word.box.left >= _MOSTLY_OUTSIDE * word.box.width
            stretched = first.confidence < _UNSURE_LABEL and outside
            before = word.box.right <= match.left + h * 0.4 or word.box.center_x < match.left or stretched
            if match.left - h * 3.5 <= word.box.right and before and word.box.left < match.left:
                return True
        return False

    def option_marked(
        self, phrases: tuple[str, ...], region: tuple[float, float, float, float]
    ) -> bool | None:
        """True: the box before the option is marked; False: printed, unmarked; None: not printed."""
        seen = False
        for phrase in phrases:
            for match in self.option_labels(phrase, region):
                before = self._word_before(match)
                if before is not None and token(before.text) in ("NON", "NONOWNED"):
                    continue
                if token(match.words[0].text).startswith("NON") and not token(phrase).startswith("NON"):
                    continue  # `OWNED AUTOS` found fuzzily in `NON-OWNED AUTOS`: another option
                seen = True
                if self.mark_left_of(match):
                    return True
                if self._glued_mark(match, phrase):
                    return True
        for word in self.page.words_in(*region):
            for phrase in phrases:
                target = token(phrase.split()[0])
                if len(target) >= 3 and _mark_glued_to(token(word.text), target):
                    return True
        return False if seen else None

    def option_labels(self, phrase: str, region: tuple[float, float, float, float]) -> list[Match]:
        """Where an option's label is printed: on one line, or (the real form's way) stacked on
        two (`SCHEDULED` over `AUTOS`)."""
        matches = self.page.find(phrase, region=region, fuzzy=len(phrase) > _FUZZY_OPTION)
        if not matches and " " in phrase:
            stacked = find_stacked(self.page, phrase, region)
            matches = [stacked] if stacked is not None else []
        if not matches and " " in phrase and self.ocr:
            matches = self._first_word_with_a_speck(phrase, region)
        return matches

    def _first_word_with_a_speck(self, phrase: str, region: tuple[float, float, float, float]) -> list[Match]:
        """`aANy AUTO`: the label's first word read with a glyph more at its start or end (a speck,
        a mark's edge glued to it), the rest as printed."""
        first, rest = phrase.split(maxsplit=1)
        wanted = token(first)
        found = []
        for tail in self.page.find(rest, region=region, fuzzy=False):
            before = self._word_before(tail)
            if before is None:
                continue
            read = token(before.text)
            if len(read) == len(wanted) + 1 and wanted in (read[1:], read[:-1]):
                found.append(Match((before, *tail.words)))
        return found

    def _glued_mark(self, match: Match, phrase: str) -> bool:
        return _mark_glued_to(token(match.words[0].text), token(phrase.split(maxsplit=1)[0]))

    def _word_before(self, match: Match) -> Word | None:
        first = match.words[0]
        best: Word | None = None
        first_cy = first.box.center_y
        for word, _, cy, _ in self.page.geometry:
            if word is first or abs(cy - first_cy) > first.box.height * 0.5:
                continue
            if (
                word.box.right <= first.box.left + 0.001
                and first.box.left - word.box.right < first.box.height * 1.5
            ) and (best is None or word.box.right > best.box.right):
                best = word
        return best


# --------------------------------------------------------------------------------------------
# The coverage grid


@dataclass
class _Grid:
    ltr_right: float
    type_left: float
    type_right: float
    limits_left: float
    centers: dict[str, float]  # middle columns: addl, subr, number, eff, exp
    officers_right: float  # the WC "Y / N" box sits at the right end of the type column
    # Where the date columns begin: a policy number never reaches past it (OCR'd dates that do
    # not parse, `07 /27 /202 6`, must not be glued onto the number).
    dates_left: float


def _nearest(x: float, centers: dict[str, float], keys: tuple[str, ...]) -> str | None:
    options = [(abs(centers[k] - x), k) for k in keys if k in centers]
    return min(options)[1] if options else None


def _reads_as_mark(word: Word) -> bool:
    # (a check mark read surely as a `V`, its ink shaped as a tick: a mark)
    ticked = word.glyph == "X" and word.text.strip() in _TICK_READINGS
    return is_mark(word.text) or ticked or _MARK_GLUED_AFTER_OPTION.fullmatch(word.text) is not None


_TICK_READINGS = frozenset({"V", "v", "√", "\\/"})
