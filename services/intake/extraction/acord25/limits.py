"""The LIMITS column of a coverage block: amounts by their printed labels, words instead of an
amount (`Included`, `Statutory`). The umbrella's retention is read in `retention`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from services.intake.extraction.acord25.amount_glyphs import (
    digits_read_one_by_one,
    glyphs_lost_between,
    print_read_twice,
    texts_read_once,
)
from services.intake.extraction.acord25.reader import _conf, _Grid, _holds, _Reader, _text
from services.intake.extraction.acord25.vocabulary import limit_label_vocabulary
from services.intake.extraction.ir import Word
from services.intake.extraction.textgeom import WHOLE_AMOUNT, group_lines, token
from services.intake.extraction.values import parse_money, snake, strip_rules


@dataclass(frozen=True)
class LimitRows:
    """What a block's limits are read by: its printed limit labels (none: an `other` row, whose
    labels are free text), and its rows' keys top to bottom with the first row's centre and the
    row pitch, to place an amount whose label OCR lost."""

    labels: tuple[tuple[str, str], ...]
    row_keys: tuple[str | None, ...] = ()
    first_row_center: float = 0.0
    pitch: float = 0.0


def _limits(
    r: _Reader, grid: _Grid, extent: tuple[float, float], rows: LimitRows, path: str
) -> dict[str, int]:
    """Limits of one coverage block: by printed label, else (label unreadable) by the row it is on."""
    top, bottom = extent
    labels, free_keys = rows.labels, not rows.labels
    # key (None: label unread), amount, centre, confidence
    read: list[tuple[str | None, int, float, float]] = []
    worded: set[str] = set()  # keys whose cell holds words (`Included`) instead of an amount
    region_words = r.page.words_in(grid.limits_left, top, 1.0, bottom)
    taken: set[int] = set()  # amount pieces already read with another line
    for line in group_lines(region_words):
        words = digits_read_one_by_one(_with_amount_pieces(line.words, region_words))
        amount_words = _amount_words(words)
        if any(id(w) in taken for w in amount_words):
            continue
        taken.update(id(w) for w in amount_words)
        if not amount_words:
            if not free_keys and (worded_key := _words_instead_of_amount(r, words, labels, path)):
                worded.add(worded_key)
            continue
        as_read = [w.text for w in amount_words]
        texts = texts_read_once(amount_words) if r.ocr else as_read
        joined = _joined_amount(texts)
        amount = parse_money(joined)
        if amount is None or (amount < 1_000 and not free_keys):
            # "$4": a smudge or half an amount, not a printed limit; beside a limit's label, the
            # amount printed there was lost (`$11` for $1,000,000): its key is listed unread
            if not free_keys:
                _listed_unread(r, words, amount_words, labels, path)
            elif amount is None:
                # An `other` row's amount in ruins: which of its free limits it was is unknown,
                # so the whole map is listed (`Per Occurrence` beside an unreadable `$5M`).
                r.conf[f"{path}.limits"] = min(r.conf.get(f"{path}.limits", 1.0), _BROKEN_AMOUNT)
            continue
        # The label is whatever sits left of the amount within its height (small labels form their own line).
        a_top = min(w.box.top for w in amount_words)
        a_bottom = max(w.box.bottom for w in amount_words)
        a_left = min(w.box.left for w in amount_words)
        label_words = sorted(
            (
                w
                for w in region_words
                if w.box.right <= a_left + 0.001
                and a_top <= w.box.center_y <= a_bottom
                and not _holds(amount_words, w)
                and strip_rules(w.text) not in ("$", "")
            ),
            key=lambda w: w.box.left,
        )
        label_text = _text(label_words)
        # `EachClaim`: OCR lost the space of a free label; the case change shows where it was.
        free_label = re.sub(r"([a-z])([A-Z])", r"\1 \2", label_text)
        confidence = min(_conf(amount_words), _conf(label_words) if label_words else 1.0)
        if (
            _MISGROUPED.search(joined)
            or _junk_after_the_sign(words, amount_words)
            or texts != as_read  # a glyph read in two pieces, kept once
            or (r.ocr and (glyphs_lost_between(amount_words) or print_read_twice(amount_words)))
        ):
            # `5000,000`: `2,` read as a 5, its comma lost; `$ iD 5 0 0 0 0`: `250,000` in ruins;
            # `50  0  0` for a typewriter's 500,000: glyphs lost in the blanks between the pieces;
            # pieces over each other: a glyph read twice
            confidence = min(confidence, _BROKEN_AMOUNT)
        if free_keys:
            free_label = re.sub(r"\s+[S$]$", "", free_label)  # `Deductible S`: the amount's `$` read as S
            if r.ocr:  # `Employee Theft I$`: the cell's rule read as a letter after the label
                free_label = re.sub(r"(?<=[A-Za-z]{3})\s+[Iil|][S$]?$", "", free_label)
            free_label, completed = _completed_label(free_label)
            free_label, spelt = _spelt_label(free_label)
            free_label, guessed = limit_label_vocabulary(free_label) if r.ocr else (free_label, False)
            confidence = min(confidence, 0.6) if completed or spelt or guessed else confidence
            if guessed:
                # A word of the label spelt anew or none the labels print (`Proj)` for `Prop`): the
                # limit's very name is unsure, so the truth may stand under another key: the whole
                # map is doubted.
                r.conf[f"{path}.limits"] = min(r.conf.get(f"{path}.limits", 1.0), _NAME_GUESSED)
        key = _limit_key(label_text, labels) if not free_keys else (snake(free_label) or None)
        read.append((key, amount, (a_top + a_bottom) / 2, confidence))
    return _place_limits(r, read, rows, path, worded)


# Digits grouped as no amount is printed: four before a comma, or one or two between commas; or a
# thousands group after a stop (`50.000` for 250,000: the comma read as a stop, a digit lost beside)
_MISGROUPED = re.compile(r"\d{4,},|,\d{1,2}(?:,|$)|\d\.\d{3}(?:[.,]|$)")
# An amount read in ruins (or none where a limit's label stands): under what a customary amount
# may lift (calibrate._MIN_ENGINE_SCORE)
_BROKEN_AMOUNT = 0.2
_WORDED_CELL = 0.4  # `Included` in a limit's cell: a person reads what it covers
_NAME_GUESSED = 0.6  # a free limit label with a word spelt anew or none the labels print


def _before_the_amount(line: list[Word], amount_words: list[Word]) -> list[Word]:
    start = next((i for i, w in enumerate(line) if w is amount_words[0]), 0)
    return line[:start]


def _junk_after_the_sign(words: list[Word], amount_words: list[Word]) -> bool:
    """Print between the cell's `$` and the amount read: a piece of the amount read as junk."""
    before = [strip_rules(w.text) for w in _before_the_amount(words, amount_words)]
    sign = max((i for i, text in enumerate(before) if text in ("$", "S")), default=None)
    return sign is not None and any(text for text in before[sign + 1 :])


# Words of the free limit labels agencies print on `other` rows (crime, property, pollution,
# professional, inland marine): a last word OCR cut short at the cell's rule is completed from them.
_FREE_LABEL_WORDS = (
    "aggregate", "building", "business", "condition", "conveyance", "deductible", "equipment",
    "location", "occurrence", "personal", "property", "prop", "retention", "scheduled", "unscheduled",
)  # fmt: skip


def _completed_label(label: str) -> tuple[str, bool]:
    """`Scheduled Equipmen` -> `Scheduled Equipment`: a last word of five letters or more that
    starts exactly one known label word, one or two letters short of it (the end OCR lost), or a
    shorter one a letter short (`Pro` -> `Prop`)."""
    head, _, last = label.rpartition(" ")
    last = last.rstrip(":.,;")  # `Equipmen:`: the lost letter's stem read as a colon
    lowered = last.lower()
    if len(lowered) < 3 or not lowered.isalpha() or lowered in _FREE_LABEL_WORDS:
        return label, False
    # A short word is completed only by its one lost letter (`Pro` of `Business Personal Prop`).
    lost = 2 if len(lowered) >= 5 else 1
    matches = [w for w in _FREE_LABEL_WORDS if w.startswith(lowered) and 0 < len(w) - len(lowered) <= lost]
    if len(matches) != 1:
        return label, False
    completed = last + matches[0][len(lowered) :]
    return (f"{head} {completed}" if head else completed), True


# Lower-case letters OCR reads one for the other in small print (a single-storey `g` read as `a`;
# the descenders of g, p and q for one another).
_LABEL_LOOKALIKES = frozenset(
    frozenset(pair) for pair in ("ag", "ao", "ce", "il", "hn", "uv", "cg", "gq", "gp", "pq")
)
_MIN_SPELT_WORD, _MAX_LOOKALIKES = 5, 3


def _spelt_label(label: str) -> tuple[str, bool]:
    """`Aaareaate` -> `Aggregate`: a free label's word that differs from one known label word only
    in letters OCR confuses (at most three, and a third of the word), maybe with one glyph read as
    two (`Aaareaqate`: a g as `aq`), spelt as that word."""
    out, spelt = [], False
    for word in label.split(" "):
        lowered = word.lower()
        known = [
            w for w in _FREE_LABEL_WORDS if len(lowered) >= _MIN_SPELT_WORD and _lookalike_of(lowered, w)
        ]
        if len(known) == 1:
            out.append(known[0].capitalize() if word[:1].isupper() else known[0])
            spelt = True
        else:
            out.append(word)
    return " ".join(out), spelt


def _lookalike_of(read: str, known: str) -> bool:
    """`read` is `known` with letters OCR confuses (`aaareaate`), maybe with one glyph read as two
    (`aaareaqate`: a g as `aq`; a plural's `s` beside exact letters is no such glyph)."""
    if len(read) == len(known):
        return read != known and _lookalike_letters(read, known)
    dropped = (read[:i] + read[i + 1 :] for i in range(len(read)))
    return len(read) == len(known) + 1 and any(d != known and _lookalike_letters(d, known) for d in dropped)


def _lookalike_letters(word: str, known: str) -> bool:
    apart = [frozenset((a, b)) for a, b in zip(word, known, strict=True) if a != b]
    return len(apart) <= min(_MAX_LOOKALIKES, len(known) // 3) and all(p in _LABEL_LOOKALIKES for p in apart)


def _amount_words(words: list[Word]) -> list[Word]:
    """The amount printed at the right end of a line, maybe in pieces (`$`, `1,000`, `,000`)."""
    amount_words: list[Word] = []
    words = _without_trailing_specks(words)
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        stripped = strip_rules(word.text)
        if amount_words and (stripped in ("$", "S") or amount_words[0].text.strip().startswith("$")):
            break  # an amount begins at its sign: nothing before it (a `1` before `$5M` is a rule stub)
        if amount_words and index > 0 and _separator_speck(word, amount_words[0], words[index - 1]):
            continue  # the comma read as a speck of a letter or digit: `1 i 000 7 000`
        if (
            amount_words
            and WHOLE_AMOUNT.fullmatch(amount_words[0].text)
            and (re.search(r"[A-Za-z()]", stripped) or re.search(r"\d[:;]", word.text))
        ):
            # before a whole amount only its `$` is printed: `5G` or `38:` is it misread; `4)` a
            # label's end
            break
        beside = _beside_the_amount(word, amount_words[0], stripped) if amount_words else None
        if beside == "other":
            break
        if beside == "same":
            continue
        if amount_words and word.text.strip() in ("/", ",", ".", "'", "`") and len(amount_words[0].text) == 3:
            continue  # a thousands comma OCR boxed on its own, as a slash or a point: `1 / 000 000`
        if any(ch.isdigit() for ch in stripped) or (amount_words and stripped in ("$",)):
            amount_words.insert(0, word)
            continue
        if _in_millions(stripped, last=not amount_words):
            amount_words.insert(0, word)
            continue
        if (
            not amount_words
            and _SCALE_END.fullmatch(stripped.upper())
            and _follows_digits(word, words[:index])
        ):
            # `$1M` read as `1` and `M`, `$10M` as `$1` and `OM`: the scale is the amount's end
            amount_words.insert(0, word)
            continue
        break
    return amount_words


def _beside_the_amount(word: Word, nearest: Word, stripped: str) -> str | None:
    """How a word left of an amount's first piece stands to it: `other` print (the amount begins
    after it), the `same` print read twice (skipped), or None (maybe a piece of the amount)."""
    if nearest.box.left - word.box.right > 3 * nearest.box.height:
        return "other"  # an amount is printed as one piece: a digit far left of it is another print
    # A lone digit boxed tall with the `$` before it (`1` of `$1` `000,000`) touches the amount.
    touching_digit = (
        len(stripped) == 1 and stripped.isdigit() and nearest.box.left - word.box.right < word.box.width
    )
    if word.box.height > 1.6 * nearest.box.height and not touching_digit:
        return "other"  # a smudge boxed two lines tall (`4).`), not a piece of the amount's print
    if stripped == "1" and word.box.width < 0.25 * nearest.box.width / max(1, len(nearest.text)):
        return "other"  # a hairline a tenth of a digit wide: the cell's rule stub, not a printed 1
    if word.box.right - nearest.box.left > 0.3 * min(word.box.width, nearest.box.width):
        return "same"  # overlapping it: the same print read twice (`$4` under `1,000,000`)
    return None


def _with_amount_pieces(words: list[Word], region_words: list[Word]) -> list[Word]:
    """A line's words with the pieces of its amount that line grouping put on another line: a
    squashed label box beside it sets the line's band too thin for `1,000,00` (its `0` joined)."""
    if not words or not any(ch.isdigit() for ch in words[-1].text):
        return words
    last = words[-1]
    pieces = [
        w
        for w in region_words
        if w not in words
        and any(ch.isdigit() for ch in w.text)
        and min(w.box.bottom, last.box.bottom) - max(w.box.top, last.box.top)
        >= _SAME_BAND * min(w.box.height, last.box.height)
        and abs(w.box.center_x - last.box.center_x) < _PIECE_REACH * (w.box.width + last.box.width)
    ]
    return sorted([*words, *pieces], key=lambda w: w.box.left) if pieces else words


_SAME_BAND = 0.6  # share of the smaller height two pieces of one printed amount overlap
_PIECE_REACH = 1.0  # how far apart the centres of two pieces of one amount lie, in their summed widths


def _in_millions(text: str, *, last: bool) -> bool:
    """`$1M`, `2MM`; as the line's last print also `$iM` (the 1 read as a letter), `SSM` (`$5M`),
    `SiN` (`$1M`, its M read as an N too)."""
    if text.upper().endswith("M") and any(ch.isdigit() for ch in text):
        return True
    return last and _SCALED.fullmatch(text) is not None


def _joined_amount(pieces: list[str]) -> str:
    """The pieces of one printed amount as one: a group of three digits (the last with its cents)
    after a digit was split off at a separator OCR lost (`2,000` `000`, `2` `000` `000.00`), or two
    after a thousands group (the cents), so the separator is put back."""
    joined = ""
    for piece in pieces:
        text = piece.strip()
        if joined[-1:].isdigit() and _SCALE_END.fullmatch(text.upper()):
            text = re.sub("[Oo]", "0", text)  # `$1` `OM`: zeros read as O before the scale
        if joined[-1:].isdigit() and _DIGIT_GROUP.fullmatch(text):
            joined += ","
        elif _THOUSANDS_END.search(joined) and re.fullmatch(r"\d{2}", text):
            joined += "."  # `500` `000` `00`: the cents after their lost stop
        joined += text
    return joined


_DIGIT_GROUP = re.compile(r"\d{3}(?:\.\d{2})?")
_THOUSANDS_END = re.compile(r"\d,\d{3}$")
_SCALE_END = re.compile(r"[O0]*(?:MM?|K)")  # a scale, maybe after zeros read as O (`OM`)
_SCALED = re.compile(r"[$S][Il|iS]M|[$S][Il|i]N", re.IGNORECASE)
_NUMBER_PIECE = re.compile(r"\$?\d[\d,.]*")


def _follows_digits(word: Word, before: list[Word]) -> bool:
    if not before or not _NUMBER_PIECE.fullmatch(before[-1].text.strip()):
        return False
    return word.box.left - before[-1].box.right < word.box.height


def _without_trailing_specks(words: list[Word]) -> list[Word]:
    """The line without specks of dirt after its amount (`ui`, hardly seen, half a digit tall), nor
    print of the amount read again inside its box (`,000,` a quarter of its height, a `1`)."""
    while len(words) > 1:
        last, before = words[-1], words[-2]
        small = last.box.height < 0.5 * before.box.height
        speck = small and last.confidence < 0.3 and not any(ch.isdigit() for ch in last.text)
        end = before.box.right + before.box.height / 4  # a hair past it: `700` over `.00` and the line above
        inside = before.box.left <= last.box.left and last.box.right <= end
        # Inside the amount's box: a sliver of its print, or a digit of it read again (`1` in `$100,000`),
        # or a smudge or glyph read again inside a whole amount (`"4` boxed twice its height, `41`
        # a tenth its width): no other print shares an amount's place.
        smudge = WHOLE_AMOUNT.fullmatch(before.text) is not None and last.box.width < 0.3 * before.box.width
        echo = inside and (small or smudge or _alnum(last.text) in _alnum(before.text))
        if not (speck or echo):
            break
        words = words[:-1]
    return words


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _separator_speck(word: Word, group: Word, before: Word) -> bool:
    """One glyph between two digit groups, the right one of three digits, that OCR hardly saw (no
    confidence), that is much shorter than the digits or that starts below their middle: the
    comma between them (read as one character, or as two no wider than a digit: `ry`)."""
    glyphs = 1 if word.box.width > group.box.width / 3 else 2
    if (
        not 0 < len(word.text.strip()) <= glyphs
        or len(group.text) != 3
        or not any(map(str.isdigit, before.text))
    ):
        return False
    low = word.box.top >= group.box.center_y
    return word.confidence < 0.3 or word.box.height < 0.6 * group.box.height or low


def _place_limits(
    r: _Reader, read: list[tuple[str | None, int, float, float]], rows: LimitRows, path: str, worded: set[str]
) -> dict[str, int]:
    """The amounts by key; one whose label was unread is placed by the row it is on. A key whose
    cell holds words (`Included`) takes no amount."""
    limits: dict[str, int] = {}
    row_keys, first_row_center, pitch = rows.row_keys, rows.first_row_center, rows.pitch
    # Rows whose label was read give the grid's real row positions; the others are placed by them.
    placed = sorted(
        (row_keys.index(key), center)
        for key, _, center, _ in read
        if key is not None and key in row_keys and key not in worded
    )
    if len(placed) >= 2 and placed[-1][0] > placed[0][0]:
        (i0, c0), (i1, c1) = placed[0], placed[-1]
        pitch = (c1 - c0) / (i1 - i0)
        first_row_center = c0 - i0 * pitch
    taken = {key for key, _, _, _ in read if key is not None} | worded
    for label_key, amount, center, label_confidence in read:
        key, confidence = label_key, label_confidence
        if key is not None and (key in limits or key in worded):
            # Two amounts under one label (`(Ea occurrence)`, the second line of DAMAGE TO RENTED
            # PREMISES, read as EACH OCCURRENCE), or an amount under a label whose own cell says
            # `Included`: the amount is placed by its row instead.
            key = None
        if key is None and row_keys and pitch > 0:
            index = round((center - first_row_center) / pitch)
            if 0 <= index < len(row_keys) and abs(center - first_row_center - index * pitch) < pitch * 0.35:
                key = row_keys[index] if row_keys[index] not in taken or label_key is None else None
                confidence *= 0.75  # placed by position only
        if key is None or key in limits:
            continue
        limits[key] = amount
        r.conf[f"{path}.limits.{key}"] = confidence
    return limits


# Words an agency prints in a limit cell instead of an amount: no amount is read, a person looks.
_LIMIT_WORDS = re.compile(
    r"^(?:INCLUDED|INCL\.?|STATUTORY|SEE ATTACHED|SEE SCHEDULE|EXCLUDED|NOT COVERED|NONE|N/?A|WAIVED)$", re.I
)


def _listed_unread(
    r: _Reader, line: list[Word], amount_words: list[Word], labels: tuple[tuple[str, str], ...], path: str
) -> None:
    """The limit whose label the line prints before an amount no limit is, listed with no amount."""
    _listed_without_amount(r, _before_the_amount(line, amount_words), labels, path, _BROKEN_AMOUNT)


def _listed_without_amount(
    r: _Reader, before: list[Word], labels: tuple[tuple[str, str], ...], path: str, confidence: float
) -> str | None:
    """The key of the limit labelled by the words before a cell's reading, listed for review with
    no amount; None when they name no limit."""
    label_words = [w for w in before if strip_rules(w.text) not in ("$", "")]
    key = _limit_key(_text(label_words), labels) if label_words else None
    if key is not None:
        r.conf.setdefault(f"{path}.limits.{key}", confidence)
    return key


def _words_instead_of_amount(
    r: _Reader, line: list[Word], labels: tuple[tuple[str, str], ...], path: str
) -> str | None:
    """`PERSONAL & ADV INJURY $ Included`: the limit's key, listed for review with no amount."""
    for cut in range(len(line) - 1, 0, -1):
        tail = _text(line[cut:])
        if not _LIMIT_WORDS.match(tail.strip("$ ")):
            continue
        return _listed_without_amount(r, line[:cut], labels, path, _WORDED_CELL)
    return None


def _limit_key(text: str, labels: tuple[tuple[str, str], ...]) -> str | None:
    target = token(text)
    if not target:
        return None
    best, score = None, 0.0
    for phrase, key in labels:
        candidate = token(phrase)
        if candidate == target:
            return key
        ratio = SequenceMatcher(None, candidate, target).ratio()
        if ratio > score:
            best, score = key, ratio
    return best if score >= 0.72 else _key_by_distinctive_word(text, labels)


_LONG_WORD = re.compile(r"[A-Z]{5,}")


def _key_by_distinctive_word(text: str, labels: tuple[tuple[str, str], ...]) -> str | None:
    """Part of a label read (`PREMISES occurrence)`, the rest lost or boxed over): the key of the
    one label its whole words of five letters or more belong to, where they belong to one only."""
    owner_of = _distinctive_words(labels)
    keys = {owner_of[word] for word in _LONG_WORD.findall(text.upper()) if word in owner_of}
    return keys.pop() if len(keys) == 1 else None


@lru_cache(maxsize=16)
def _distinctive_words(labels: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Each long word of a block's labels that one key's labels print, and that key (worked out
    once per label set: the sets are the module's constants)."""
    words_of: dict[str, set[str]] = {key: set() for _, key in labels}
    for phrase, key in labels:
        words_of[key] |= set(_LONG_WORD.findall(phrase.upper()))
    owners: dict[str, list[str]] = {}
    for key, words in words_of.items():
        for word in words:
            owners.setdefault(word, []).append(key)
    return {word: keys[0] for word, keys in owners.items() if len(keys) == 1}
