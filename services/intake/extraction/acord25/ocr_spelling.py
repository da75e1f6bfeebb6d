"""An OCR'd name or description spelt as printed: a capital split off its word rejoined, a word's
end read twice dropped, the label's small print and stray specks beside an insurer's name left out,
a roman numeral and a form's prefix in capitals (a text layer is as printed and left alone).
"""

from __future__ import annotations

import re

from services.intake.extraction.acord25.reader import _Reader
from services.intake.extraction.acord25.vocabulary import party_vocabulary
from services.intake.extraction.misread_text import LOWER_PARTICLES
from shared.contracts.names import ends_in_a_legal_suffix

# Words that join a carrier's name (`Co of America`): never a doubled fragment of the word before.
_JOINING_WORDS = frozenset({"of", "and", "the", "for", "in", "at", "de"})


def rejoined_first_letters(name: str) -> str:
    """`T urner-Walsh` -> `Turner-Walsh`: OCR split a word's capital off a lower-case rest. A name's
    words start with a capital, so a lone capital before a word in lower case is that word's."""
    return re.sub(r"(?<![\w&])([B-HJ-Z]) ([a-z]{2,})", r"\1\2", name)


def spelt_if_ocr(r: _Reader, name: str | None) -> str | None:
    """An OCR'd party name with a capital split off its word rejoined, a word's end read twice
    dropped and its common words spelt as printed (a text layer is as printed)."""
    if name and r.ocr:
        return party_vocabulary(
            without_specks_among_capitals(without_ends_read_twice(rejoined_first_letters(name)))
        )
    return name


def without_specks_among_capitals(name: str) -> str:
    """`Acrisure i Agency Partners`, `Agency ni Partners`: a word of one or two small letters between
    words that start with capitals, no particle a name prints so (`of`, `de`, `y`): a speck read as
    letters; and a lone capital after the name's legal suffix (`L.L.C. Y`)."""
    words = name.split(" ")
    kept = [
        word
        for index, word in enumerate(words)
        if not (
            0 < index < len(words) - 1
            and len(word) <= _SPECK_LETTERS
            and word.isalpha()
            and word.islower()
            and word not in _PARTICLES
            and words[index - 1][:1].isupper()
            and words[index + 1][:1].isupper()
        )
    ]
    if (
        len(kept) > _SUFFIX_AND_SPECK
        and len(kept[-1]) == 1
        and kept[-1].isalpha()
        and ends_in_a_legal_suffix(kept[-2])
    ):
        kept = kept[:-1]
    return " ".join(kept)


# Small words a name prints in lower case, and the Portuguese and French "and"
_PARTICLES = LOWER_PARTICLES | {"e", "et"}
_SUFFIX_AND_SPECK = 2


def description_if_ocr(r: _Reader, text: str) -> str:
    """A roman numeral in an OCR'd description (`Phase Il`) spelt with capitals, as printed: no
    English word mixes a capital I with a lower-case l. The label's small print read apart from it
    before the description is not part of it. A comma read with no space after it before a word
    (`10 13,CG 20 10`: the blank after a comma is narrow) has the space prose puts there; between
    digits (`1,000`) it is a thousands comma and stays. A form number's prefix is printed in
    capitals (`Wc 00 03 13`, `we 00 03 13`: a small c, or a c read as an e, in a photo). A hyphenated
    name OCR read as two words (`TURNER- WALSH`: the blank it saw after the hyphen) is one again,
    and two small words read as one (`ona primary basis`) are two."""
    if not r.ocr:
        return text
    text = _COMMA_BEFORE_A_WORD.sub(", ", _LABEL_WORDS_LEFT.sub("", text))
    text = _HYPHEN_THEN_A_BLANK.sub("-", text)
    text = _GLUED_SMALL_WORDS.sub(r"\1 \2", text)
    text = _FORM_PREFIX_READ.sub(_form_prefix_in_capitals, text)
    return _ROMAN_WITH_L.sub(lambda m: m.group().replace("l", "I"), text)


# Words of the label's small print (`may be attached if more space is required`) OCR read apart
# from it, on the description's first line, before its first capital (`may space Project: ...`).
_LABEL_WORDS_LEFT = re.compile(r"^(?:(?:may|be|attached|if|more|space|is|required)\)?[,.]?\s+)+(?=[A-Z0-9])")
_COMMA_BEFORE_A_WORD = re.compile(r"(?<=[\w)]),(?=[A-Za-z])")
# A hyphen between letters with a blank after it, but not a suspended hyphen (`pre- and post-`).
_HYPHEN_THEN_A_BLANK = re.compile(r"(?<=[A-Za-z])- (?!(?:and|or|to)\b)(?=[A-Za-z])", re.IGNORECASE)
# An endorsement form's prefix before its three pairs of digits, and a small letter of it as read
# (`e` for a photo's small `c`).
_FORM_PREFIX_READ = re.compile(r"\b[A-Za-z]{2}(?=\s?\d{2}\s?\d{2}\s?\d{2}\b)")
_FORM_PREFIXES = {"CG": "CG", "CA": "CA", "CU": "CU", "WC": "WC", "WE": "WC", "IL": "IL", "CP": "CP"}


# Two of prose's small words OCR read as one, the blank between them narrow (`ona primary basis`,
# `ofthe contract`); none of these runs is a word (`fora` is, so `for a` is left as read).
_GLUED_SMALL_WORDS = re.compile(r"\b(on|of|in|to|by|as|at|and|with|for|from)(the|a)\b(?<!\bfora)")


def _form_prefix_in_capitals(match: re.Match[str]) -> str:
    read = match.group()
    return _FORM_PREFIXES.get(read.upper(), read) if read != read.upper() else read


# `Il`, `IIl`, `lII`: a roman numeral II or III with a capital I read as a lower-case l.
_ROMAN_WITH_L = re.compile(r"(?<![\w'])(?=[Il]*I)(?=[Il]*l)[Il]{2,3}(?![\w'])")


def without_ends_read_twice(name: str) -> str:
    """`Beacon eacon Glass`: the end of a word read again as a word of its own, in lower case where
    the name's words start with capitals. The echo goes."""
    kept: list[str] = []
    for word in name.split(" "):
        before = kept[-1].strip(".,").lower() if kept else ""
        if len(word) >= _MIN_ECHO and word.islower() and len(before) > len(word) and before.endswith(word):
            continue
        kept.append(word)
    return " ".join(kept)


_MIN_ECHO = 3


def clean_insurer_name(name: str) -> str:
    """An OCR'd insurer name without the stray prints OCR reads beside it: what is left of the
    `INSURER C :` label before it (`G:`, a lowercase speck `oe`, a half reading `Li` of the word
    it starts), a fragment read twice (`Colony iony`), a lone digit between two words (a speck,
    `Zurich 3 American`), a lone capital before a word it starts (`& L LIABILITY`) and a speck after
    the name's closing word (`Company a`, `Pittsburgh PA Ss`). A carrier's own words (`AXIS`, `XL`,
    `Co`, `of`) are kept."""
    words = name.split()
    while len(words) > 1 and _label_remnant(words[0], words[1]):
        words = words[1:]
    while len(words) > 1 and _speck_after_the_end(words[-2], words[-1]):
        words = words[:-1]
    kept: list[str] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if kept and (_stray_inside(kept[-1], word, following) or _capital_read_twice(word, following)):
            continue
        kept.append(word)
    if kept and kept[-1].rstrip(".") == "Coro":
        kept[-1] = kept[-1].replace("Coro", "Corp")  # the name's closing `Corp`, its p's tail lost
    return " ".join(kept)


_CAPITAL_SPECK = re.compile(r"[A-Z][a-z]?")


def _label_remnant(word: str, following: str) -> bool:
    """A print before the name's first word that is no carrier's word: the label's letter and
    colon, a short lowercase speck, a lone capital or one with a small letter (`P`, `Gz`, `Bs`: the
    row's letter and a speck), or the next word's first letters read a second time."""
    if (len(word) <= 3 and word.endswith(":")) or (len(word) == 1 and word.isdigit()):
        return True  # (`8 The Cincinnati`: a speck read as a digit)
    if _CAPITAL_SPECK.fullmatch(word) and word != "Co" and following[:1].isupper():
        return True
    if len(word) <= 3 and word.isalpha() and word.islower() and following[:1].isupper():
        return True
    return len(word) <= 3 and len(following) > len(word) + 1 and following.lower().startswith(word.lower())


def _stray_inside(before: str, word: str, following: str) -> bool:
    """A lone digit between two words, or a lowercase fragment repeating the end of the word
    before it (OCR reading the same print twice)."""
    if len(word) == 1 and word.isdigit():
        return before[-1:].isalpha() and following[:1].isalpha()
    return (
        len(word) >= 3
        and word[:1].islower()
        and word not in _JOINING_WORDS
        and len(before) > len(word)
        and _thin_strokes(before).endswith(_thin_strokes(word))
    )


def _speck_after_the_end(last: str, word: str) -> bool:
    """A digit, small letters or a capital and a small letter (`1`, `ee`, `Ss`) after a word that
    closes a carrier's name (`Company`, `Co`, a state's code): a speck on the row, not a word."""
    lettered = word.isalpha() and (word.islower() or word[1:].islower())
    speck = (len(word) == 1 and word.isdigit()) or (len(word) <= _SPECK_LETTERS and lettered)
    closing = (
        ends_in_a_legal_suffix(last) or last.rstrip(".").lower() == "america" or _STATE_CODE.fullmatch(last)
    )
    return speck and word not in ("Co", "Re") and bool(closing)


_SPECK_LETTERS = 2
_STATE_CODE = re.compile(r"[A-Z]{2}")  # `of Pittsburgh PA`


def _capital_read_twice(word: str, following: str) -> bool:
    """`& L LIABILITY`: a word's capital read again alone before it."""
    return len(word) == 1 and word.isupper() and len(following) > 2 and following[0] == word


def _thin_strokes(word: str) -> str:
    """A word with OCR's interchangeable thin strokes (i, l, I, 1, |) made one, for comparing
    two readings of the same print (`Colony` and `iony`)."""
    return word.lower().translate(_THIN_STROKES)


_THIN_STROKES = str.maketrans(dict.fromkeys("il1|", "l"))
