"""The top of the ACORD 25: is this page one, the producer and insured blocks, the insurer rows
(`INSURER A :` name and NAIC number), the stacked contact labels and the description label.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import pairwise

from services.intake.extraction.acord25.address_lines import address_line_as_printed
from services.intake.extraction.acord25.amount_glyphs import print_read_twice
from services.intake.extraction.acord25.reader import _INSURER_ROW, _conf, _mostly_capitals, _Reader, _text
from services.intake.extraction.textgeom import Line, Match, PageText, group_lines, same_line_words, token
from services.intake.extraction.values import strip_rules

# A phone number's first word: a digit, maybe after `(` or `+`.
_NUMBER_START = re.compile(r"[(+]?\d")

# Printed labels that make a page an ACORD 25; a letter quoting one or two of them is not one.
_STRUCTURE = (
    "CERTIFICATE OF LIABILITY INSURANCE",
    "PRODUCER",
    "INSURED",
    "NAIC",
    "COVERAGES",
    "TYPE OF INSURANCE",
    "POLICY NUMBER",
    "LIMITS",
    "DESCRIPTION OF OPERATIONS",
    "CERTIFICATE HOLDER",
    "CANCELLATION",
    "AUTHORIZED REPRESENTATIVE",
    "INSURER(S) AFFORDING COVERAGE",
    "CERTIFICATE NUMBER",
)


def structure_score(page: PageText) -> tuple[int, int]:
    """(labels found, insurer rows found) on a page."""
    labels = sum(1 for phrase in _STRUCTURE if page.first(phrase) is not None)
    rows = len(_insurer_rows(page, (0.0, 0.0, 1.0, 1.0)))
    # OCR may lose the letters of "INSURER A :" rows; the bare row labels still count.
    bare = sum(1 for w in page.words if token(w.text) == "INSURER" and w.text.strip(":").isupper())
    return labels, max(rows, bare if bare >= 3 else 0)


def is_acord_page(page: PageText) -> bool:
    """The form's labels and insurer rows found; or nearly all its labels, however garbled the small
    `INSURER A :` print (a photo's `Ins Ley B`): other layouts print eight of them at most."""
    labels, rows = structure_score(page)
    return (labels >= _SOME_LABELS and rows >= _SOME_ROWS) or labels >= _NEARLY_ALL_LABELS


_SOME_LABELS, _SOME_ROWS, _NEARLY_ALL_LABELS = 8, 2, 12


def _insurer_rows(page: PageText, region: tuple[float, float, float, float]) -> dict[str, Match]:
    candidates: list[tuple[str, Match]] = []
    left, top, right, bottom = region
    for line in page.lines:
        if line.bottom < top or line.top > bottom:
            continue
        words = [w for w in line.words if left <= w.box.center_x <= right]
        for i in range(len(words)):
            joined = ""
            for j in range(i, min(i + 4, len(words))):
                joined += token(words[j].text)
                found = _INSURER_ROW.match(joined)
                if found:
                    # `INSURER A :` may be followed by a glued colon; the label ends at the letter.
                    candidates.append((found.group(1), Match(tuple(words[i : j + 1]))))
                    break
                if len(joined) > 8:
                    break
    rows = _in_letter_order(candidates)
    return rows if len(rows) >= _SOME_ROWS else {**_garbled_rows(page, region), **rows}


def _in_letter_order(candidates: list[tuple[str, Match]]) -> dict[str, Match]:
    """The rows whose letters run A to F down the page: the most labels that agree with each other.
    A speck read as a row's letter (`INSURER ie` for B's label, taken for E) breaks the order and
    is no row; the row it stands on is placed later by the pitch of the others."""
    ordered = sorted(candidates, key=lambda item: item[1].center_y)
    chains: list[list[tuple[str, Match]]] = [[]]
    for letter, match in ordered:
        before = [chain for chain in chains if not chain or chain[-1][0] < letter]
        chains.append([*max(before, key=len), (letter, match)])
    longest = max(chains, key=len)
    return dict(longest)


def _garbled_rows(page: PageText, region: tuple[float, float, float, float]) -> dict[str, Match]:
    """`INSURER A :` in small print garbled on a photo (`IN Le A`, `Ins Ley B`, `msureR C`): a label
    a word or two long starting at one left edge, its last word a lone capital, the row letters in
    order down the page; two such rows or more are the rows."""
    left, top, right, bottom = region
    found: dict[str, Match] = {}
    for line in page.lines:
        if line.bottom < top or line.top > bottom:
            continue
        words = [w for w in line.words if left <= w.box.center_x <= right]
        for end in (1, 2):
            if len(words) > end and re.fullmatch("[A-F]", words[end].text.strip(":;.")):
                head = token("".join(w.text for w in words[:end]))
                if head[:1] in "IM" and SequenceMatcher(None, head, "INSURER").ratio() >= _GARBLED_LABEL:
                    found.setdefault(words[end].text.strip(":;."), Match(tuple(words[: end + 1])))
                break
    aligned = sorted(
        (m for m in found.values() if abs(m.left - min(x.left for x in found.values())) < _SAME_LEFT),
        key=lambda m: m.top,
    )
    letters = [m.words[-1].text.strip(":;.") for m in aligned]
    in_order = len(letters) >= _SOME_ROWS and all(a < b for a, b in pairwise(letters))
    return dict(zip(letters, aligned, strict=True)) if in_order else {}


_GARBLED_LABEL, _SAME_LEFT = 0.3, 0.01


def _complete_insurer_rows(
    r: _Reader, rows: dict[str, Match], region: tuple[float, float, float, float]
) -> dict[str, Match]:
    """OCR drops the letter (or the whole label) of some `INSURER X :` rows: place them by the row pitch."""
    left, top, right, bottom = region
    labels = sorted(
        (
            w
            for w in r.page.words_in(left, top, right, bottom)
            if token(w.text) == "INSURER" or _INSURER_ROW.match(token(w.text))
        ),
        key=lambda w: w.box.top,
    )
    rows = _relettered_by_pitch(rows)
    known = sorted(((ord(k) - ord("A"), m) for k, m in rows.items()), key=lambda item: item[0])
    if len(known) >= 2:
        (i0, m0), (i1, m1) = known[0], known[-1]
        pitch = (m1.center_y - m0.center_y) / (i1 - i0)
        first_y = m0.center_y - i0 * pitch
        template = m0.words[0]
    elif len(labels) >= 2:
        gaps = sorted(b.box.center_y - a.box.center_y for a, b in pairwise(labels))
        pitch = gaps[len(gaps) // 2]
        first_y = labels[0].box.center_y
        template = labels[0]
    else:
        return rows
    if pitch <= 0:
        return rows
    completed = dict(rows)
    for index, letter in enumerate("ABCDEF"):
        if letter in completed:
            continue
        expected = first_y + index * pitch
        near = [w for w in labels if abs(w.box.center_y - expected) < pitch * 0.35]
        if near:
            completed[letter] = Match((near[0],))
            continue
        box = template.box.model_copy(update={"top": expected - template.box.height / 2})
        completed[letter] = Match((template.model_copy(update={"text": "", "box": box, "confidence": 0.5}),))
    return completed


def _relettered_by_pitch(rows: dict[str, Match]) -> dict[str, Match]:
    """A row whose letter was misread as a later one (`INSURERF.` one row below D, for E): the rows
    stand one pitch apart, so the row's place down the page names its letter, where that letter
    was not read elsewhere. The pitch is the median over neighbouring rows found, which the one
    misread row does not move."""
    if len(rows) < _ROWS_FOR_A_PITCH:
        return rows
    known = sorted(((ord(k) - ord("A"), m) for k, m in rows.items()), key=lambda item: item[1].center_y)
    pitches = sorted((b.center_y - a.center_y) / (j - i) for (i, a), (j, b) in pairwise(known) if j > i)
    if not pitches or pitches[len(pitches) // 2] <= 0:
        return rows
    pitch = pitches[len(pitches) // 2]
    starts = sorted(m.center_y - i * pitch for i, m in known)
    first_y = starts[len(starts) // 2]
    out = dict(rows)
    for index, match in known:
        placed = round((match.center_y - first_y) / pitch)
        letter = "ABCDEF"[placed] if 0 <= placed < len("ABCDEF") else None
        if letter is not None and placed != index and letter not in out:
            del out["ABCDEF"[index]]
            out[letter] = match
    return out


_ROWS_FOR_A_PITCH = 3  # rows agreeing on a pitch outvote one misread letter


# The box's own printed label, when a retyped or OCR'd copy puts it on the first text line.
_PRINTED_DESCRIPTION_LABEL = re.compile(
    r"^\W{0,3}(?:X\s+)?DESCRIPTION OF OPERATIONS\b[^)]{0,120}?(?:required\)|VEHICLES\b\)?)\s*", re.IGNORECASE
)


def _lone_half_label(
    r: _Reader, phrase: str, column: tuple[float, float, float, float], top: float, bottom: float
) -> Match | None:
    """The lower line of a stacked label, starting in `column` between `top` and `bottom`."""
    for match in r.page.find(phrase, region=(column[0], top, 1.0, bottom), fuzzy=False):
        if column[0] <= match.left <= column[2]:
            return match
    return None


def _phone_remnant(
    r: _Reader, column: tuple[float, float, float, float], top: float, bottom: float
) -> Match | None:
    """What OCR left of `(A/C, No, Ext):` below the contact label: on the first line between
    `top` and `bottom` that carries a phone number, the words before the number, when they
    start where the label is printed, right of the label `column`'s left edge."""
    for line in group_lines(r.page.words_in(column[0], top, 1.0, bottom)):
        first_number = next((i for i, w in enumerate(line.words) if _NUMBER_START.match(w.text)), None)
        if first_number is None:
            continue
        label = line.words[:first_number]
        number = line.words[first_number]
        digits = sum(ch.isdigit() for w in line.words[first_number:] for ch in w.text)
        # `(A/C, No, Ext):` is some eleven line heights wide: its remnant starts in that span and
        # the number right after it (a fax number far along the line is not the phone's).
        starts_in_label = bool(label) and label[0].box.left <= column[2] + r.h * 8
        if starts_in_label and digits >= 7 and number.box.left - label[0].box.left <= r.h * 14:
            return Match(tuple(label))
    return None


def _garbled_label(
    r: _Reader, column: tuple[float, float, float, float], top: float, bottom: float
) -> Match | None:
    """A stacked label OCR read as one garbled word (`CONTACT` over `NAME:` as `Nee:`): the first
    print in the label `column` between `top` and `bottom`, when a value follows it on its line."""
    starts = sorted(
        (w for w in r.page.words_in(column[0], top, 1.0, bottom) if column[0] <= w.box.left <= column[2]),
        key=lambda w: w.box.top,
    )
    for word in starts:
        match = Match((word,))
        if same_line_words(r.page, match, left=word.box.right, right=1.0):
            return match
    return None


def _description_label(r: _Reader, region: tuple[float, float, float, float]) -> Match | None:
    """`DESCRIPTION OF OPERATIONS` alone, skipping the workers' comp note `... OPERATIONS below`."""
    for match in r.page.find("DESCRIPTION OF OPERATIONS", region=region):
        after = same_line_words(r.page, match, left=match.right, right=match.right + r.h * 6)
        if after and token(after[0].text) == "BELOW":
            continue
        if _mostly_capitals(match):
            return match
    return None


def name_and_row_naic(text: str | None) -> tuple[str | None, str | None]:
    """An insurer row's name and the NAIC number ending it, if any (`Ohio Casualty Insurance
    Company 24074`; a rule before the number read as a 1)."""
    found = re.search(r"\s+1?(\d{5})$", text or "")
    if text is None or found is None:
        # A carrier's name ends in no number but a Lloyd's syndicate's: three or four digits ending
        # another are its NAIC number with digits lost (`... of America 0166`), no part of the name.
        cut = re.search(r"(?<!Syndicate)\s+\d{3,4}$", text or "", re.IGNORECASE)
        return (text[: cut.start()] if text and cut else text), None
    return text[: found.start()], found.group(1)


def _naic_of(r: _Reader, row: Match, naic_left: float) -> tuple[str | None, float]:
    words = same_line_words(r.page, row, left=naic_left, right=1.0)
    words = [
        w
        for w in words
        if (w.box.left >= naic_left - 0.002 or w.box.center_x >= naic_left + r.h)
        and sum(ch.isdigit() for ch in w.text) >= max(1, len(w.text) // 2)
    ]
    if not words:
        return None, 1.0
    text = "".join(strip_rules(w.text) for w in words)
    if r.ocr and len(text) < _LEAST_NAIC_DIGITS:
        return None, 1.0  # `1`: the column's rule in an empty row, no number
    if r.ocr and re.fullmatch(r"1\d{5}", text):
        # NAIC company codes have five digits: a sixth in front is the column's rule read as a 1.
        return text[1:], min(_conf(words), _DOUBTED_NAIC)
    if r.ocr and print_read_twice(words):
        return text or None, min(_conf(words), _DOUBTED_NAIC)
    return text or None, _conf(words)


_DOUBTED_NAIC = 0.5
_LEAST_NAIC_DIGITS = 3  # (a NAIC with digits lost keeps three or four: `0166`)


def _party(lines: list[Line]) -> tuple[str | None, str | None, float, float]:
    """A block's name, address, the confidence of both, and the address's own: lower where a
    line was left out as unreadable that reads like a word of it (`UNIT B` barely seen)."""
    texts = [(_text(line.words), line.confidence) for line in lines]
    # A line of one or two characters, or one OCR could barely read, is a smudge or a box rule.
    # (two words of letters are print, however unsure: `Wostield Concrete LLC` at 0.33)
    kept = [
        sum(ch.isalnum() for ch in t) >= 3
        and (sum(w.confidence for w in line.words) / len(line.words) >= 0.45 or _letter_words(line))
        for (t, _), line in zip(texts, lines, strict=True)
    ]
    lost_words = any(
        not keep and any(sum(ch.isalnum() for ch in w.text) >= _LOST_WORD for w in line.words)
        for keep, line in zip(kept, lines, strict=True)
    )
    texts = [text for text, keep in zip(texts, kept, strict=True) if keep]
    if not texts:
        return None, None, 1.0, 1.0
    texts = [(_common_misreads(t), cf) for t, cf in texts]
    if any(w.source == "ocr" for line in lines for w in line.words):
        # `W 34th. St`, `Floor 3.`: no stop follows an ordinal (not an abbreviation) or ends an
        # address line's number; a speck OCR read as one.
        texts = [(_ORDINAL_STOP.sub("", t), cf) for t, cf in texts]
        texts = [(_IRISH_O.sub("O'", texts[0][0]), texts[0][1])] + [
            (address_line_as_printed(t), cf) for t, cf in texts[1:]
        ]
    # No name starts with a quote: a speck of the label above read as one (`"Delgado Painting`).
    name = _last_word_misread(texts[0][0].lstrip("\"'‘’“”"))
    address = ", ".join(_STATE_COMMA.sub(",", t) for t, _ in texts[1:]) or None
    confidence = min(cf for _, cf in texts)
    return name, address, confidence, min(confidence, _LINE_LOST) if lost_words else confidence


_LOST_WORD = 4  # letters and digits of a word (`UNIT`) no smudge is read as


def _letter_words(line: Line) -> bool:
    words = [w.text.strip(".,") for w in line.words]
    return sum(len(word) >= _LETTER_WORD and word.isalpha() for word in words) >= 2


_LETTER_WORD = 3
_LINE_LOST = 0.4


def split_run_on_blocks(lines: list[Line]) -> tuple[list[Line], list[Line]] | None:
    """With the INSURED label lost, the producer block runs on into the insured's: two addresses,
    each ending in a city, state and ZIP line. The producer's ends at the first; the insured's
    lines follow it, less a lone word left of the label (`IRSUREP`). None for one address."""
    ends = [i for i, line in enumerate(lines) if _CITY_STATE_ZIP.search(_text(line.words))]
    if len(ends) < _TWO_ADDRESSES or ends[0] + 1 >= ends[-1]:
        return None
    rest = lines[ends[0] + 1 :]
    if (
        len(rest[0].words) == 1
        and SequenceMatcher(None, token(rest[0].words[0].text), "INSURED").ratio() >= _LABEL_LIKENESS
    ):
        rest = rest[1:]
    return lines[: ends[0] + 1], rest


_CITY_STATE_ZIP = re.compile(r"\b[A-Z]{2},? \d{5}(?:-\d{4})?$")
_TWO_ADDRESSES = 2
_LABEL_LIKENESS = 0.5  # `IRSUREP`: a lone word this like INSURED is what is left of the label


# The comma between a city and its state code, read as a stop or a semicolon (`Phoenix. AZ 85026`),
# or not printed at all (the official fillable form's city, state and postal code fields stand
# side by side): the address is written as the form's own fields join it, `Phoenix, AZ 85026`.
_STATE_COMMA = re.compile(r"(?<=[a-z]{3})[.;]?(?= [A-Z]{2} \d{5}(?:-\d{4})?$)", re.IGNORECASE)


# Whole words of names and addresses that OCR misreads the same way every time (c as e, l as i).
_MISREAD_WORDS = {"Ine": "Inc", "Ine.": "Inc.", "lnc": "Inc", "lnc.": "Inc.", "Bidg": "Bldg", "LLG": "LLC"}


# A capital I read as a lower-case l before a consonant no word starts with (`lronwood`, `lndustrial`).
_CAPITAL_I_AS_L = re.compile(r"(?<![\w'])l(?=[bcdfghjkmnpqrstvwxz][a-z]{2,})")


# A ZIP code has five digits: a sixth in front, a 1, is the box's rule or a bracket beside it.
_RULE_BEFORE_ZIP = re.compile(r"(?<=\b[A-Z]{2} )1\.?(?=\d{5}(?:-\d{4})?$)")


_ORDINAL_STOP = re.compile(r"(?<=\d(?:st|nd|rd|th))\.(?= [A-Za-z])")
# `O Brien Mechanical`, `)'Brien Roofing`: a name opening with an O' whose apostrophe was read as a
# blank, or whose O as a bracket.
_IRISH_O = re.compile(r"^(?:O |[)(0]')(?=[A-Z][a-z]{2,})")


def _common_misreads(text: str) -> str:
    text = _RULE_BEFORE_ZIP.sub("", text)
    return _CAPITAL_I_AS_L.sub("I", " ".join(_MISREAD_WORDS.get(word, word) for word in text.split(" ")))


# A company name's closing word OCR misreads (a C read as G): only there is `Go` surely `Co`.
_MISREAD_SUFFIXES = {
    "Go": "Co",
    "Go.": "Co.",
    "Ce": "Co",
    "Ce.": "Co.",
    "Ge": "Co",
    "Ge.": "Co.",
    "Garp": "Corp",
    "Garp.": "Corp.",
    "Gorp": "Corp",
    "Gorp.": "Corp.",
    "Gerp": "Corp",
    "Gerp.": "Corp.",
    "Ihe": "Inc",
    "Ihe.": "Inc.",
}


# The closing suffix read twice into one word, the first reading a letter off (`CeCo`, `IncInc`).
_SUFFIX_READ_TWICE = re.compile(r"^([A-Za-z]{2,4})(Co|Corp|Inc|LLC|Ltd|CO|CORP|INC|LTD)(\.?)$")


def _last_word_misread(name: str) -> str:
    head, _, last = name.rpartition(" ")
    if not head:
        return name
    if last in _MISREAD_SUFFIXES:
        return f"{head} {_MISREAD_SUFFIXES[last]}"
    twice = _SUFFIX_READ_TWICE.match(last)
    if twice is not None:
        echo, suffix = twice.group(1).upper(), twice.group(2).upper()
        if len(echo) == len(suffix) and sum(a != b for a, b in zip(echo, suffix, strict=True)) <= 1:
            return f"{head} {twice.group(2)}{twice.group(3)}"
    return name
