"""Party-name matching for the rules: case, punctuation, "The" and legal suffixes are ignored.

The normaliser lives in `shared.contracts.names` because the carrier table (in `shared/`) uses it
too; this module is the rules' view of it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from shared.contracts.names import (
    LEGAL_SUFFIXES,
    SPELT_SUFFIXES,
    ends_in_a_legal_suffix,
    name_tokens,
    names_match,
    normalise_name,
)

__all__ = [
    "LEGAL_SUFFIXES",
    "label_matches",
    "name_tokens",
    "names_match",
    "names_match_as_read",
    "names_match_in_doubt",
    "normalise_name",
]

# On a scan a glyph or two of a name can be misread (`lronwood`, `Constructio`, `Walst`): a word
# this long may be one letter off, a long one two, and the whole name no more than this many.
_MIN_FUZZY_WORD, _LONG_WORD, _MAX_NAME_EDITS = 4, 9, 2
_MAX_SUFFIX_REMNANT = 3
_MIN_JOINED = 12
_EXACT_NEIGHBOURS, _TWO_EDIT_WORD = 1, 7


def _suffix_remnant(word: str) -> bool:
    """What is left of a legal suffix OCR misread: a short remnant (`Ed` for `Co`), the suffix a
    letter or two off (`Carp`, `GORE` for `Corp`), or its spelt-out form a letter or two off
    (`Companvy`) or most of its letters (`MPARY`)."""
    return (
        len(word) <= _MAX_SUFFIX_REMNANT
        or any(
            len(word) == len(suffix) and _edits(word, suffix) <= len(suffix) // 2 for suffix in LEGAL_SUFFIXES
        )
        or any(
            _edits(word, suffix) <= _spelt_suffix_edits(suffix)
            or SequenceMatcher(None, word, suffix).ratio() >= _SPELT_SUFFIX_LIKENESS
            for suffix in SPELT_SUFFIXES
        )
    )


# `MPARY` for COMPANY (its start lost, a letter misread): most of the suffix's letters in order.
_SPELT_SUFFIX_LIKENESS = 0.65


def _spelt_suffix_edits(suffix: str) -> int:
    """Glyphs a spelt-out suffix may be off: one, two in a long one (`Compariy`, `ri` for `n`)."""
    return 2 if len(suffix) >= _TWO_EDIT_WORD else 1


def names_match_as_read(read: str | None, required: str | None, *, from_images: bool) -> bool:
    """`names_match`, and on a certificate read from a picture also a name that differs from the
    required one only as OCR misreads it: a letter or two within its longer words, or the legal
    suffix read as a short remnant (`Co` as `Ed`, `Corp` as `Cor`). Such a reading is listed for a
    person by the extraction; rejecting the vendor for it would be rejecting them for our misread."""
    if names_match(read, required):
        return True
    if not from_images or not read or not required:
        return False
    got = [_as_seen(t) for t in _without_glued_suffix(normalise_name(read).split())]
    wanted = [_as_seen(t) for t in normalise_name(required).split()]
    # A short last word is what OCR left of the suffix only when the suffix was not read itself
    # (`Pinnacle Contract ing Corp`: the `ing` is a split word's end).
    if (
        ends_in_a_legal_suffix(required)
        and not ends_in_a_legal_suffix(read)
        and len(got) == len(wanted) + 1
        and _suffix_remnant(got[-1])
    ):
        got = got[:-1]
    if not wanted:
        return False
    if len(got) != len(wanted):
        # A word split or a fragment read twice (`Ri ivera`, `COM PANY`): the letters, spaces
        # aside, a glyph or two apart in a name long enough for that to say little; the legal
        # suffix counts when it is the word OCR split.
        joined, whole = "".join(got), "".join(wanted)
        if len(whole) >= _MIN_JOINED and _edits(joined, whole) <= _MAX_NAME_EDITS:
            return True
        joined, whole = _letters(read), _letters(required)
        return len(whole) >= _MIN_JOINED and _edits(joined, whole) <= _MAX_NAME_EDITS
    edits = [_edits(g, w) for g, w in zip(got, wanted, strict=True)]
    allowed = [
        0 if min(len(g), len(w)) < _MIN_FUZZY_WORD or w.isdigit() else (2 if len(w) >= _LONG_WORD else 1)
        for g, w in zip(got, wanted, strict=True)
    ]
    for index, (got_word, wanted_word) in enumerate(zip(got, wanted, strict=True)):
        if _first_letters_lost(got_word, wanted_word):
            allowed[index] = edits[index]
    if sum(e == 0 for e in edits) >= _EXACT_NEIGHBOURS:
        # One long word two glyphs off, every other word read exactly (`Northgate Devwall Corp.`,
        # `Granite Peak Generz Contractors`): the name is the required one, misread in that word.
        allowed = [max(a, 2) if len(w) >= _TWO_EDIT_WORD else a for a, w in zip(allowed, wanted, strict=True)]
    return sum(edits) <= _MAX_NAME_EDITS and all(e <= a for e, a in zip(edits, allowed, strict=True))


def names_match_in_doubt(read: str | None, required: str | None) -> bool:
    """A name the reader listed for a person, read with glyphs to spare (`Patel Fil Fire Protection
    © Co`: an echo and a speck; `Beacon MechanicaliGe Corp.`; `St ter Ing Excavation 1 Inc`): the
    required name's letters in order but a glyph or two, and a few more beside them. Only for a
    reading a person confirms anyway, where the mismatch code would reject the vendor for our
    misread; another firm's name differs in whole words (`Tri-County` is not `County`)."""
    core, read_words = normalise_name(required).split(), normalise_name(read).split()
    if ends_in_a_legal_suffix(required or ""):
        # `Northgate Masonry iy 25 &.`: the legal suffix misread as a few short scraps
        while len(read_words) > len(core) and len(read_words[-1]) <= _MAX_SUFFIX_REMNANT:
            read_words.pop()
    wanted, got = _letters(" ".join(core)), _letters(" ".join(read_words))
    if len(wanted) < _MIN_JOINED or not got:
        return False
    kept = sum(
        block.size for block in SequenceMatcher(None, got, wanted, autojunk=False).get_matching_blocks()
    )
    lost, extra = len(wanted) - kept, len(got) - kept
    return lost <= _LOST_IN_DOUBT and extra <= max(_EXTRA_IN_DOUBT, len(wanted) // 4)


_LOST_IN_DOUBT, _EXTRA_IN_DOUBT = 2, 4


def _as_seen(word: str) -> str:
    """A word as a scan may show it: `rn` and `m` are the same print to OCR (`Tumer` for `Turner`)."""
    return word.replace("rn", "m")


def _letters(name: str) -> str:
    return _as_seen(re.sub(r"[^a-z0-9]", "", name.lower()))


def _first_letters_lost(got: str, wanted: str) -> bool:
    """A word with its first letter or two lost, as OCR drops them at the box's left edge or under
    a smudge (`pper` for `Copper`, `Summit ilders`): the rest is the word's exact ending."""
    return len(got) >= _MIN_FUZZY_WORD and 0 < len(wanted) - len(got) <= 2 and wanted.endswith(got)


_GLUED_SUFFIXES = ("inc", "llc", "corp", "ltd", "company", "corporation", "incorporated")


def _without_glued_suffix(tokens: list[str]) -> list[str]:
    """`Summit Buildersinc`, `Keystone BuildingCompany`: OCR lost the space before the legal suffix,
    which is then dropped."""
    if not tokens:
        return tokens
    last = tokens[-1]
    for suffix in _GLUED_SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= _MIN_FUZZY_WORD:
            return [*tokens[:-1], last.removesuffix(suffix)]
    return tokens


def _edits(read: str, word: str) -> int:
    """Letters changed, added or dropped between two words (a near edit distance)."""
    opcodes = SequenceMatcher(None, read, word, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")


# Words that say nothing about which `other` coverage a label means.
_GENERIC_LABEL_WORDS = frozenset(
    {"liability", "insurance", "coverage", "policy", "liab", "ins", "and", "the"}
)
_LABEL_SYNONYMS = (
    (re.compile(r"\berrors?\s*(?:and|&)\s*omissions?\b|\be\s*&\s*o\b|\beo\b"), "professional"),
    (re.compile(r"\bcpl\b"), "contractors pollution"),
    (re.compile(r"\bpro\b|\bprof\b"), "professional"),
)


def _label_words(label: str) -> frozenset[str]:
    lowered = label.lower()
    for pattern, replacement in _LABEL_SYNONYMS:
        lowered = pattern.sub(replacement, lowered)
    return frozenset(token for token in name_tokens(lowered) if token not in _GENERIC_LABEL_WORDS)


def label_matches(required: str | None, printed: str | None) -> bool:
    """Does the printed `other` label cover the required one?

    Every meaningful word of the requirement must be printed: "Pollution Liability" matches
    "Contractors Pollution Liability" (a narrower printed name of the same line), but
    "Contractors Pollution Liability" is not met by a plain "Pollution" row, and "Professional"
    never matches "Pollution". A requirement without a label accepts any `other` policy.
    """
    if not required:
        return True
    if not printed:
        return False
    wanted = _label_words(required)
    return bool(wanted) and wanted <= _label_words(printed)
