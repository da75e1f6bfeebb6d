"""Text OCR misread in a printed name or address: the glyph confusions, stray fragments and lost
capitals that a right value of its kind does not show (`Companv`, `Mi Midwest`, `PO 30x`).

`calibrate` doubts such values on scans and photos; a text layer prints what the agency typed.
"""

from __future__ import annotations

import itertools
import re

from services.intake.extraction.misread_address import (
    TYPE_LETTERS,
    UNIT,
    US_STATES,
    address_fragment,
    confused,
)
from shared.contracts.names import SPELT_SUFFIXES

# Words printed in carrier and agency names and addresses; a near miss of one is an OCR confusion (`Companv`).
_NAME_VOCABULARY = frozenset(
    (
        "Company Insurance Casualty Mutual Indemnity Assurance Surety Fire Specialty National American "
        "Property General Underwriters Group Corporation Association Exchange Reciprocal Lloyds "
        "Liability Marine Continental Employers Compensation Insurers Services Agency Brokerage "
        "Construction Contractors Concrete Electric Electrical Plumbing Roofing Mechanical Paving "
        "Drywall Builders Holdings Partners Associates Incorporated Limited Street Avenue Suite "
        "Boulevard Road Drive Lane Parkway Highway Plaza Center Building North South East West "
        "International Financial Management Brokers Consulting Commercial Business Professional "
        "Regional Southern Western Pacific Atlantic Guarantee Standard Security Preferred United States "
        # and of the attention lines holders print (`Attn: Contracts`, `c/o Compliance Dept`)
        "Contracts Compliance Department Certificates "
        # and of carriers' names (`State Compensation Insurance Fund`, `State Auto`)
        "State Fund"
    )
    .lower()
    .split()
)
# Lower-case words that belong in a capitalised name or address.
LOWER_PARTICLES = frozenset("of and the de la le van von du da di at for in on by y c/o".lower().split())
_ACRONYMS = frozenset({"CORP", "LTDA", "PLLC", "USA", "NAIC"})
# Letters and a run of digits in one word of a name: a neighbouring column's number read into it.
_GLUED_DIGITS = re.compile(r"[A-Za-z]{3}[.,:;-]?\d{3}|\d{3}[.,:;-]?[A-Za-z]{3}")
# A name's last word spelt whole with a stop after it: only an abbreviation (`Inc.`, `Co.`) takes one.
_STOP_AFTER_A_WHOLE_WORD = re.compile(r"\s[A-Za-z]{5,}\.$")
# Initials with stops (`L.L.C.`) are printed in one case: `L.L.c.` had a capital read small.
_INITIALS_IN_TWO_CASES = re.compile(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?")
# `G: Old Republic`: the letter of an `INSURER G :` label read into the name.
_LETTER_LABEL = re.compile(r"^[A-Z]\s?:")
_COLON_INSIDE = re.compile(r"\w{3,}:\s+\w")
_SUFFIXES = frozenset({"corp", "inc", "llc", "ltd", "plc", "lllp", "pllc", "co"})
_MIN_SUFFIX = 3
_MIN_FRAGMENT = 2
_READ_FOR_L = str.maketrans("ei1|", "llll")
_MIN_STEM = 3  # `Ins` of `Inst` before `Insurance`: shorter starts are common to many words
_END_READ_TWICE = re.compile(r"[a-z]{3,}?([a-z]{3,})\1$")
_MIN_CUT_WORD = 9  # `America` is a word of its own; `Constructio` is not
_MIN_CUT_STEM = 5  # `Constru` is a long word cut short; `Con` may be a word
_LETTERS_CUT = 2
# A capital and its next letter again a letter or two on, inside one word: a re-read's echo.
# (`PkvPkwy`), or its capital again after a letter (`RcRd`; `McMillan`, `MacMahon` are printed so).
_ECHO_INSIDE = re.compile(r"(?<!\w)(?!Ma?c[A-Z])\w*?([A-Z][a-z])[a-z]{0,2}\1|\b(?!Ma?c)([A-Z])[a-z]\2[a-z]")
_STRAY = re.compile(r"[^A-Za-z0-9&.,'/()#@:+\- ]")
_STROKE_FOR_A_LETTER = re.compile(r"(?:^|\s)[/\\|][A-Za-z]")  # no printed word starts with a stroke
# A consonant then a final `v`: English and most surnames never end so; OCR reads `y` as `v`.
_FINAL_V = re.compile(r"[b-df-hj-np-tw-z]v$")


def _shouted(words: list[str]) -> list[str]:
    return [w for w in words if w.isalpha() and w.isupper() and len(w) >= 4 and w not in _ACRONYMS]


def name_looks_misread(name: str, *, address: bool = False) -> bool:
    """OCR confusions in a printed name or address: a near miss of a name word, a stray glyph, a
    lost capital; in a name (one line, one style) also one word in another case than the rest, and
    a word with digits glued on (`Company.24074`: the next column's number read into the name)."""
    words = name.split()
    # `Agency`, `Inc`: the name's own words lost, its kind left; `NFP PROPERTY &`: its end lost
    generic = not address and (
        all(w.strip(".,&").lower() in _GENERIC_NAME_WORDS for w in words) or name.rstrip().endswith("&")
    )
    if (
        generic
        or _STRAY.search(name)
        or _STROKE_FOR_A_LETTER.search(name)  # `K /stone`, `/o Compliance`: a word's first letter lost
        or (address and address_fragment(name, words))
        or _read_twice(words)
    ):
        return True
    capitalised = sum(w[:1].isupper() for w in words)
    shouted = [] if address else _shouted(words)
    if shouted and any(w.isalpha() and w[0].isupper() and not w.isupper() and len(w) > 1 for w in words):
        return True  # `Sha WALSH`: a name printed in capitals with one word read in mixed case
    if not address and (
        any(_GLUED_DIGITS.search(word) for word in words)
        or _LETTER_LABEL.match(name)
        or _COLON_INSIDE.search(name)  # `Keystone: Building`: a speck read as a colon
        or _LONE_CAPITAL_AT_END.search(name)  # `Construction on C`: `Co` read in pieces
        or _speck_before_the_kind(name)  # `Risk Strategies GE Co`
        or _CAPITAL_BEFORE_ITS_WORD.search(name)  # `Builders I Inc`: a word's capital read twice; `O Brien`
        or _HYPHEN_BEFORE_ITS_WORD.search(name)  # `TRI-C COUNTY`: the capital read after the hyphen too
        or any(_ODD_PAIR.fullmatch(w) and w.strip(".,").upper() not in _NAME_PAIRS for w in words)
        or name.count("(") != name.count(")")  # `CONTRACTIN( CORP`: a glyph read as a bracket
        or _STOP_AFTER_A_WHOLE_WORD.search(name)  # `BUILDING COMPANY.`: a speck read as a stop
        or any(_INITIALS_IN_TWO_CASES.fullmatch(w) and not w.isupper() and not w.islower() for w in words)
    ):
        return True
    if (
        not address
        and words
        and (_confused_suffix(words[-1].strip(".,").lower()) or _cut_suffix(name, words))
    ):
        return True  # `Coro` for `Corp`; `L.L` for `L.L.C.`, `Compan`, `Cor`: its end lost
    pairs = itertools.pairwise(words)
    # (a word's end echoed is a name's misread only: `CONCORD RD` is printed so)
    if any(
        _doubled_fragment(a, b) or _split_word(a, b) or (not address and _echoed_end(a, b)) for a, b in pairs
    ) or _ECHO_INSIDE.search(name):
        return True  # `Mi Midwest`, `PkvPkwy`: the start of a word read twice; `Com Pany`: a word in two
    if address:  # `BLDG 4`, `Suite 2`: a unit number is one digit by right
        words = [w for i, w in enumerate(words) if not (i and UNIT.fullmatch(words[i - 1].strip(".,#")))]
    return any(_word_looks_misread(word.strip(".,()'"), capitalised) for word in words)


def _speck_before_the_kind(name: str) -> bool:
    """Two capitals between a name's words in small letters and its kind (`Risk Strategies GE
    Co`): a speck read as letters (a state's code there is the name's own: `of Texas`, `NY Inc`)."""
    found = _CAPITALS_BEFORE_THE_KIND.search(name)
    return found is not None and found.group(1) not in US_STATES


_CAPITALS_BEFORE_THE_KIND = re.compile(r"[a-z] ([A-Z]{2}) (?:Co|Inc|Corp|LLC|Ltd)\.?$")


def _read_twice(words: list[str]) -> bool:
    """`Selective Insurance Co Co of America`: a short word read twice; `Cc Lommerce Dr`: one
    capital read twice, once small; `PO Box 30X 1142`: a word read again with digits for letters."""
    bare = [w.strip(".,") for w in words]
    return (
        any(a.lower() == b.lower() and len(a) <= _SHORT_WORD for a, b in itertools.pairwise(bare))
        or any(len(w) == TYPE_LETTERS and w[0].isupper() and w[1] == w[0].lower() for w in bare)
        or any(
            len(a) > 1 and b != a and b.upper().translate(_DIGITS_AS_LETTERS) == a.upper()
            for a, b in itertools.pairwise(bare)
        )
    )


_DIGITS_AS_LETTERS = str.maketrans("0138", "OIBB")
# the apostrophe of O'Brien read as a blank).
_CAPITAL_BEFORE_ITS_WORD = re.compile(r"(?<!& )(?<![\w&'.-])([A-Z]) (?:\1[a-z]|(?<=O )[A-Z][a-z])")
_HYPHEN_BEFORE_ITS_WORD = re.compile(r"-([a-z]) \1[a-z]{2,}", re.IGNORECASE)
_LONE_CAPITAL_AT_END = re.compile(r"\s[A-Z]\s*$")
# `Cardi Ic Concrete`: a two-letter word, a capital and a small letter, that names do not print
# (a word of the name broken, its middle read as another word).
_ODD_PAIR = re.compile(r"[A-Z][a-z]\.?,?")
_NAME_PAIRS = frozenset(
    re.findall(
        r"[A-Z]+",
        "CO JR SR DR ST MT FT DE LA LE DU DI DA EL OF AT ON IN MC MY NO OR TO BY AN AS UP US AL ED BO JO "
        "OK OZ",
    )
)
_SHORT_WORD = 4  # a word read twice in a row is a misreading up to this length (`Walla Walla` is a name)


def _split_word(word: str, following: str) -> bool:
    """`Com Pany`, `Bui Iding` (its l read as I too): a known word read in two."""
    joined = (word + following).strip(".,").lower()
    if word.lower() in _NAME_VOCABULARY or not joined.isalpha():
        return False
    return joined in _NAME_VOCABULARY or any(confused(joined, v) for v in _NAME_VOCABULARY if len(v) > 4)


def _echoed_end(word: str, following: str) -> bool:
    """`DAVID ID, JOHNSON`: a word's last letters read again after it (no legal suffix: `Co`)."""
    echo, whole = following.strip(".,").lower(), word.strip(".,").lower()
    return (
        echo.isalpha()
        and _MIN_ECHO <= len(echo) <= _MAX_ECHO
        and len(whole) >= len(echo) + _MIN_ECHO
        and whole.endswith(echo)
        and echo not in _SHORT_NAME_WORDS
    )


_MIN_ECHO, _MAX_ECHO = 2, 3
_SHORT_NAME_WORDS = frozenset({"co", "inc", "llc", "ltd", "lp", "llp", "pc", "pa", "of", "the", "and", "ins"})


def _doubled_fragment(word: str, following: str) -> bool:
    """`Mi Midwest`: a word's start read twice; `Inst Insurance`: with its last letter misread."""
    if not word.isalpha() or len(following) < len(word) + _MIN_FRAGMENT + 1:
        return False
    if len(word) >= _MIN_FRAGMENT and following.lower().startswith(word.lower()):
        return True
    stem = word[:-1].lower()
    return (
        len(stem) >= _MIN_STEM
        and word.lower() not in _NAME_VOCABULARY
        and following.lower().startswith(stem)
        and following.strip(".,").lower() in _NAME_VOCABULARY
    )


# `L.L` or `L.L.` of L.L.C. cut at the box's edge, `L.L.C` with its closing dot lost, or `LL` of LLC.
_CUT_LLC = re.compile(r"\b(?:L\.\s?L(\.|\.\s?C)?|LL)\s*$", re.IGNORECASE)
_WHOLE_SUFFIXES = SPELT_SUFFIXES | {"corp"}
_GENERIC_NAME_WORDS = (
    _WHOLE_SUFFIXES
    | _SUFFIXES
    | {"", "agency", "insurance", "services", "brokers", "brokerage", "group", "partners", "of", "the", "and"}
)


def _cut_suffix(name: str, words: list[str]) -> bool:
    """A legal suffix with its end lost at the box's edge: `L.L` of L.L.C., `Compan`, `Cor`, or
    read as a speck there (`COMF`)."""
    last = words[-1].strip(".,").lower()
    cut = last not in _SUFFIXES and any(
        (len(last) >= _MIN_SUFFIX and whole.startswith(last) and whole != last)
        or (len(last) > _MIN_SUFFIX and whole.startswith(last[:-1]) and not whole.startswith(last))
        for whole in _WHOLE_SUFFIXES
    )
    return len(words) > 1 and (cut or _CUT_LLC.search(name) is not None)


def _confused_suffix(word: str) -> bool:
    """`Coro` for `Corp`, `lnc` for `Inc`: a company suffix one letter off; `COFRP`: one letter in;
    `EEC` for `LLC`: its L's read as the letters their stems and feet make with a speck."""
    return (
        word not in _SUFFIXES
        and word not in _NAME_VOCABULARY
        and (
            word.translate(_READ_FOR_L) in _SUFFIXES
            or any(
                (len(word) == len(suffix) and sum(a != b for a, b in zip(word, suffix, strict=True)) == 1)
                or _one_letter_in(word, suffix)
                for suffix in _SUFFIXES
                if len(suffix) >= _MIN_SUFFIX
            )
        )
    )


def _one_letter_in(word: str, suffix: str) -> bool:
    """`cofrp` for `corp` (a speck read as a letter inside it); a plural (`corps`) is a word."""
    if len(word) != len(suffix) + 1 or word == suffix + "s":
        return False
    return any(word[:i] + word[i + 1 :] == suffix for i in range(len(word)))


def _word_looks_misread(bare: str, capitalised: int) -> bool:
    lower = bare.lower()
    if not bare:
        return False
    if bare.startswith("-") or bare.endswith("-") or (len(bare) == 1 and bare.isdigit()):
        return True
    if _FINAL_V.search(lower) or _CAPITAL_TOO_MANY.fullmatch(bare) or _CAPITAL_TWICE.match(bare):
        return True  # `AGency`: a small letter's case misjudged; `CCo`: a capital read twice
    if lower not in _NAME_VOCABULARY and any(confused(lower, v) for v in _NAME_VOCABULARY if len(v) > 4):
        return True
    # (a shorter known word two letters short or more: `Drywa`; `America` is a word of its own)
    cut = lower not in _NAME_VOCABULARY and any(
        v.startswith(lower)
        and len(lower) >= _MIN_CUT_STEM
        and (len(v) >= _MIN_CUT_WORD or len(v) - len(lower) >= _LETTERS_CUT)
        for v in _NAME_VOCABULARY
    )
    # `Roofin`, `Propert`: a known word's last letter lost where it hangs below the line
    descender_lost = any(f"{lower}{tail}" in _NAME_VOCABULARY for tail in "gjpqy")
    if cut or descender_lost or _END_READ_TWICE.search(lower):
        return True  # `Constructio`, `Constru`: a known word's end lost; `Mutualual`: its end read twice
    return bare[0].islower() and lower not in LOWER_PARTICLES and capitalised >= 1 and "@" not in bare


_CAPITAL_TOO_MANY = re.compile(r"[A-Z]{2,}[a-z]{2,}")  # `AGency`, `SUSan`; not `McDonald`, `DeAngelo`
_CAPITAL_TWICE = re.compile(r"([A-Z])\1[a-z]")
