"""Text OCR misread in a printed name or address: the glyph confusions, stray fragments and lost
capitals that a right value of its kind does not show (`Companv`, `Mi Midwest`, `PO 30x`).

`calibrate` doubts such values on scans and photos; a text layer prints what the agency typed.
"""

from __future__ import annotations

import itertools
import re

from services.intake.extraction.us_zip import zip_outside_state
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
_LOWER_PARTICLES = frozenset("of and the de la le van von du da di at for in on by y c/o".lower().split())
_ACRONYMS = frozenset({"CORP", "LTDA", "PLLC", "USA", "NAIC"})
# Letters and a run of digits in one word of a name: a neighbouring column's number read into it.
_GLUED_DIGITS = re.compile(r"[A-Za-z]{3}[.,:;-]?\d{3}|\d{3}[.,:;-]?[A-Za-z]{3}")
_DIGITS_THEN_A_LETTER = re.compile(r"\d+(?!(?:st|nd|rd|th)\b)[a-z]{1,3}\.?")  # `34thh.`: not an ordinal
_GLUED_UNIT = re.compile(r"(?:UNIT|SUITE|STE|APT|BLDG|FLOOR|ROOM)[A-Z0-9]{1,4}", re.IGNORECASE)
# `1477 H/ HARBOR`, `6912 2-Harbor`: a glyph and a sign, alone or hyphened onto a word: a re-read's
# echo of the next word's start, or a speck read as a sign (`123-A`, `1/2` are printed so).
_SIGN_PIECE = re.compile(r"\w[/\\|-]|\d+-[A-Za-z]{3,}")
# `S856 Route 9`: a street number (a line's first word, a name after it) opening with a letter that
# looks like a digit.
_LETTER_FOR_A_DIGIT = re.compile(r"[SOQIlBZA]\d{2,}")  # (`A676`: a 4's open top read as an A)
# A slash in a street number with three digits after it: no fraction (`1/2`) is printed so.
_STROKE_IN_A_NUMBER = re.compile(r"\d{1,2}/\d{3,}")
# A name's last word spelt whole with a stop after it: only an abbreviation (`Inc.`, `Co.`) takes one.
_STOP_AFTER_A_WHOLE_WORD = re.compile(r"\s[A-Za-z]{5,}\.$")
_DIGIT_LETTER_DIGIT = re.compile(r"\d[A-Za-z]\d")
_DIRECTIONS = frozenset({"N", "S", "E", "W", "NE", "NW", "SE", "SW", "PO"})
_STREET_TYPES = frozenset({"ST", "RD", "DR", "AVE", "BLVD", "WAY", "LN", "PKWY", "CT", "PL", "HWY"})
_STREET_ABBREVIATIONS = ("blvd", "pkwy", "bldg", "suite")
_UNIT = re.compile(
    r"BLDG|BUILDING|SUITE|STE|UNIT|APT|FLOOR|FL|NO|PIER|DOCK|GATE|HANGAR|ROUTE|RTE|HWY|HIGHWAY|BOX", re.I
)
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
# A street type run into the word before it (`MILLRD`, `INDUSTRIALPKWY`); not a town's `-FORD`.
_GLUED_STREET_TYPE = re.compile(r"\b[A-Z]{3,}(?:(?<![AO])RD|PKWY|BLVD|HWY|AVE)\b")
_STRAY = re.compile(r"[^A-Za-z0-9&.,'/()#@:+\- ]")
# A consonant then a final `v`: English and most surnames never end so; OCR reads `y` as `v`.
_FINAL_V = re.compile(r"[b-df-hj-np-tw-z]v$")


def _confused(word: str, known: str) -> bool:
    """An OCR confusion of a known word: glyph for glyph (one or two letters differ), `rn`/`m`, or
    an `n` read as `ri`."""
    if word == known:
        return False
    if known in (word.replace("m", "rn"), word.replace("rn", "m"), word.replace("ri", "n")):
        return True  # `rn` read as `m` and back: `Intemational`; `Coritracts`
    if len(word) != len(known):
        return False
    return sum(a != b for a, b in zip(word, known, strict=True)) <= (2 if len(known) >= 9 else 1)


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
    if generic or _STRAY.search(name) or (address and _address_fragment(name, words)) or _read_twice(words):
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
        words = [w for i, w in enumerate(words) if not (i and _UNIT.fullmatch(words[i - 1].strip(".,#")))]
    return any(_word_looks_misread(word.strip(".,()'"), capitalised) for word in words)


def _speck_before_the_kind(name: str) -> bool:
    """Two capitals between a name's words in small letters and its kind (`Risk Strategies GE
    Co`): a speck read as letters (a state's code there is the name's own: `of Texas`, `NY Inc`)."""
    found = _CAPITALS_BEFORE_THE_KIND.search(name)
    return found is not None and found.group(1) not in _US_STATES


_CAPITALS_BEFORE_THE_KIND = re.compile(r"[a-z] ([A-Z]{2}) (?:Co|Inc|Corp|LLC|Ltd)\.?$")


def _read_twice(words: list[str]) -> bool:
    """`Selective Insurance Co Co of America`: a short word read twice; `Cc Lommerce Dr`: one
    capital read twice, once small; `PO Box 30X 1142`: a word read again with digits for letters."""
    bare = [w.strip(".,") for w in words]
    return (
        any(a.lower() == b.lower() and len(a) <= _SHORT_WORD for a, b in itertools.pairwise(bare))
        or any(len(w) == _TYPE_LETTERS and w[0].isupper() and w[1] == w[0].lower() for w in bare)
        or any(
            len(a) > 1 and b != a and b.upper().translate(_DIGITS_AS_LETTERS) == a.upper()
            for a, b in itertools.pairwise(bare)
        )
    )


_DIGITS_AS_LETTERS = str.maketrans("0138", "OIBB")


def _address_fragment(address: str, words: list[str]) -> bool:
    """`Pk Wy,,`; `MILLRD`; `PO 30x`, `BO Box` or `PO O Box` for `PO Box` (but `4th` and `12B` are
    printed so); `UNITB`; a stray short word before the street type (`Mill Rc Rd`, `MAIN NS ST`,
    `Technology W Way`); `Bivd` for `Blvd`."""
    bare = [w.strip(",.") for w in words]
    return (
        ",," in address
        or _GLUED_STREET_TYPE.search(address) is not None
        or any(_DIGITS_THEN_A_LETTER.fullmatch(w) or _GLUED_UNIT.fullmatch(w) for w in bare)
        or any(_SIGN_PIECE.fullmatch(w) for w in bare)
        or any(len(part) > 1 and _LETTER_FOR_A_DIGIT.fullmatch(part[0]) for part in _parts(address))
        or any(
            len(a) <= 2
            and b.upper() in _STREET_TYPES
            # a direction with no street name after it, the street type's own first letter read
            # again (`Technology W Way`; `S St` is a street's name, so two-letter types are left)
            and (a.upper() not in _DIRECTIONS or (len(b) > 2 and a.upper() == b[:1].upper()))
            for a, b in itertools.pairwise(bare)
        )
        or any(_confused(w.lower(), known) for w in bare for known in _STREET_ABBREVIATIONS)
        or any(len(w) == 1 and w.islower() for w in bare)  # `Technology y,`: a lone small letter
        or _NUMBER_READ_TWICE.search(address) is not None  # `248 84 N Broad St`, `PO Box 11 142`
        or _NUMBER_WITH_A_STOP.search(address) is not None  # `1557. Route 9`: a speck read as a stop
        # `BO Box`, `RQ Box`: only a PO box's `PO` stands before `Box` in two letters
        or any(
            b.lower() == "box"
            and (_confused(a.lower(), "po") or (len(a) == _TYPE_LETTERS and a.upper() != "PO"))
            for a, b in itertools.pairwise(bare)
        )
        or any(_STROKE_IN_A_NUMBER.fullmatch(w) for w in bare)  # `3/762`: a speck read as a slash
        # `8602 2W3 34th St`: glyphs of the next words read again after the house number
        or (len(bare) > 1 and bare[0].isdigit() and _DIGIT_LETTER_DIGIT.fullmatch(bare[1]) is not None)
        or any(re.search(r",[a-z]", w) for w in bare)  # `Springfield,id,`: an echo glued after a comma
        or any(w.lower() == "pobox" for w in bare)  # the space of `PO Box` lost
        # (not in a person's name: `Dan Davis` starts both names alike)
        or any(_misread_echo(a, b) for a, b in itertools.pairwise(bare))
        # `1722 WW 34th St`: a direction read twice; `9213 Ge Commerce Dr`: a speck read as a short
        # word no address prints (Spanish and French street names keep their articles)
        or any(len(w) == _TYPE_LETTERS and w.isalpha() and w[0].upper() == w[1].upper() for w in bare)
        or any(
            len(w) == _TYPE_LETTERS
            and w[0].isupper()
            and w[1].islower()
            and w.upper() not in _TWO_LETTER_ENDINGS | _ADDRESS_ARTICLES
            for w in bare
        )
        # `PO O Box`: a word's last letter read again on its own (a direction alone is printed so)
        or any(
            len(b) == 1 and b.isupper() and len(a) > 1 and a[-1].upper() == b and b not in _DIRECTIONS
            for a, b in itertools.pairwise(bare)
        )
        # `N. NBROAD ST`: the direction read again glued to the street's name
        or any(
            a.upper() in _DIRECTIONS and len(a) == 1 and b[:1] == a and b[1:2].isupper()
            for a, b in itertools.pairwise(bare)
        )
        or _street_type_misread(address)
        or _street_type_lost(address)
        or _attention_misread(address)
        or _last_letter_cut_off(address)
    )


# Words a lone letter names a part after (`Suite D`, `Tower B`), beyond the unit words
_LETTERED_PLACES = re.compile(r"TOWER|WING|LEVEL|HALL|LOT|BAY|SPACE|PAD|DOOR|ENTRANCE|BLOCK", re.IGNORECASE)
_WORD_AND_LETTER = 2


def _last_letter_cut_off(address: str) -> bool:
    """`PORTLAN D, OR`: a part ending in a capital alone after a word, not a unit's or a building's
    letter (`Suite D`, `Tower B`) nor a direction (`Main St E`): the word's last letter read apart."""
    for words in _parts(address):
        if len(words) < _WORD_AND_LETTER or len(words[-1]) != 1 or not words[-1].isupper():
            continue
        before, letter = words[-2].strip(".#"), words[-1]
        named = _UNIT.fullmatch(before) or _LETTERED_PLACES.fullmatch(before)
        if before.isalpha() and letter not in _DIRECTIONS and not named:
            return True
    return False


def _attention_misread(address: str) -> bool:
    """`ATIN: CONTRACTS` (a T read as I), `Attn: Risk: Management` (a speck read as a colon): the
    attention line's label is one word, `ATTN:`, and the only colon an address prints."""
    label = re.match(r"\s*([A-Za-z]{3,5}):", address)
    if label is None:
        # `c/o Compliance De HEP:,`: a colon after no ATTN is a speck or junk
        return any(word.lower() != "attn" for word in re.findall(r"([A-Za-z]*):", address))
    return _confused(label.group(1).lower(), "attn") or address.count(":") > 1


def _parts(address: str) -> list[list[str]]:
    """The words of each comma-separated part of an address."""
    return [part.split() for part in address.split(",")]


def _street_line(address: str) -> list[str]:
    """The words of the street line: the first part to start with its number (after an attention
    line or not)."""
    return next((words for words in _parts(address) if words and words[0][:1].isdigit()), [])


def _street_type_misread(address: str) -> bool:
    """`4662 Commerce Di,`: a street line ending in two letters that are no street type, unit or
    direction (a street's own name, `Elm`, is longer), or in `Ave`, `Way` or `Hwy` with a letter
    misread (`Oak ANE`, `Technology Wey`)
    or a type with a letter read twice (`Broad Sst`),
    or in a type spelt in capitals after a name that is not (`Oak AVE`: OCR guessed the case of the
    small letters from their height alone)."""
    street = _street_line(address)
    last = street[-1].strip(".") if len(street) >= _STREET_WORDS else ""
    if (
        last.isupper()
        and last in _STREET_TYPES
        and any(len(w) > 1 and w.isalpha() and w.istitle() for w in street[1:-1])
    ):
        return True
    once = _DOUBLED_LETTER.sub(r"\1", last.upper(), count=1)
    if once in _STREET_TYPES and last.upper() not in _THOROUGHFARES:
        return True  # `Broad Sst`: a type with a letter read twice
    if len(last) == _TYPE_LETTERS + 1:  # `Technology Wey`: (a `Bay` or a `Ray` is a name)
        return last.upper() not in _NAMES_LIKE_A_TYPE and any(
            _confused(last.lower(), t) for t in _THREE_LETTER_TYPES
        )
    return len(last) == _TYPE_LETTERS and last.isalpha() and last.upper() not in _TWO_LETTER_ENDINGS


_DOUBLED_LETTER = re.compile(r"([A-Z])\1")
_THREE_LETTER_TYPES = ("ave", "way", "hwy")
_NAMES_LIKE_A_TYPE = frozenset({"BAY", "DAY", "MAY", "RAY", "JAY", "KAY", "EVE", "AVA"})


def _street_type_lost(address: str) -> bool:
    """`957 Elm, Sacramento`, `4292 N BROAD, BLDG 4`: a street line whose type was lost, its number
    and a one-word name alone (`1 Broadway` is printed so; `El Camino Real` is more than a word);
    or whose name was lost, its type alone left (`5404 RD, UNIT B`; `100 E ST` is E Street)."""
    words = [w.strip(".").upper() for w in _street_line(address)[1:]]
    directed = len(words) > 1 and words[0] in _DIRECTIONS  # `N Broad St`: a direction is no type
    rest = words[1:] if directed else words
    if len(rest) == 1 and _ORDINAL.fullmatch(rest[0]):
        return True  # `1972 W 34TH`: a numbered street is printed with its type
    if len(rest) != 1 or rest[0][:1].isdigit():
        return False
    return not directed if rest[0] in _STREET_TYPES else rest[0] not in _THOROUGHFARES


# Street types as addresses print them (the words that are also names, `Mill` or `Harbor`, left
# out: a line of one of them alone lost its type).
_THOROUGHFARES = _STREET_TYPES | frozenset(
    re.findall(
        r"[A-Z]+",
        "STREET AVENUE ROAD DRIVE BOULEVARD LANE PARKWAY COURT PLACE HIGHWAY CIR CIRCLE TER TERRACE TRL "
        "TRAIL SQ SQUARE PLZ PLAZA PIKE TPKE TURNPIKE EXPY EXPRESSWAY FWY FREEWAY LOOP ROW ALY ALLEY XING "
        "CRES CRESCENT CTR ROUTE RTE BROADWAY BYP BYPASS WY",
    )
)
_ORDINAL = re.compile(r"\d+(?:ST|ND|RD|TH)")
# A capital alone before a word it starts (`I Inc`), or an O before a capitalised word (`O Brien`:
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
_ADDRESS_ARTICLES = frozenset({"EL", "LA", "LE", "LO", "DE", "DU", "DI", "OF", "AT", "ON", "PO", "FT", "MT"})
_NUMBER_WITH_A_STOP = re.compile(r"(?:^|,)\s*\d+\.\s+[A-Za-z]")
_NUMBER_READ_TWICE = re.compile(
    r"(?:^|,)\s*\d+\s+(?:\d+\s+[A-Za-z]|\d+[NSEW]\s+\w)|\bBox\s+\d+\s+\d+", re.IGNORECASE
)  # (`6095 5W 34TH ST`: a digit read again glued to the direction)
_STREET_WORDS, _TYPE_LETTERS = 3, 2
_SHORT_WORD = 4  # a word read twice in a row is a misreading up to this length (`Walla Walla` is a name)
# Two letters that end a street line: a street type's (`Dr`, `Wy`, `Sq`) or a direction's (`NW`).
_TWO_LETTER_ENDINGS = frozenset(w for w in _STREET_TYPES | _DIRECTIONS | {"WY", "SQ"} if len(w) == 2)


def _misread_echo(word: str, following: str) -> bool:
    """`Eln Elm Street`: a re-read's echo of the next word's start with one letter read otherwise."""
    start = following[: len(word)]
    return (
        len(word) == _ECHO_LETTERS
        and word.isalpha()
        and len(following) >= len(word)
        and word[0] == start[0]
        and sum(a != b for a, b in zip(word.lower(), start.lower(), strict=True)) == 1
    )


_ECHO_LETTERS = 3


def _split_word(word: str, following: str) -> bool:
    """`Com Pany`, `Bui Iding` (its l read as I too): a known word read in two."""
    joined = (word + following).strip(".,").lower()
    if word.lower() in _NAME_VOCABULARY or not joined.isalpha():
        return False
    return joined in _NAME_VOCABULARY or any(_confused(joined, v) for v in _NAME_VOCABULARY if len(v) > 4)


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
    if lower not in _NAME_VOCABULARY and any(_confused(lower, v) for v in _NAME_VOCABULARY if len(v) > 4):
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
    return bare[0].islower() and lower not in _LOWER_PARTICLES and capitalised >= 1 and "@" not in bare


_CAPITAL_TOO_MANY = re.compile(r"[A-Z]{2,}[a-z]{2,}")  # `AGency`, `SUSan`; not `McDonald`, `DeAngelo`
_CAPITAL_TWICE = re.compile(r"([A-Z])\1[a-z]")
_STATE_CODE = re.compile(r",\s*[A-Za-z][A-Za-z .'-]*,?\s+([A-Z]{2})\s+(\d{5})(?:-\d{4})?\s*$")
# USPS codes of the states, DC and the territories.
_US_STATES = frozenset(
    re.findall(
        r"[A-Z]{2}",
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
        "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP",
    )
)


def state_or_zip_misread(address: str) -> bool:
    """`RALEIGH, NO 27641`: the code before the ZIP is no state's, so a letter of it was misread;
    `Tampa, FL 80055`: the ZIP is none of the state's, so a digit of it was."""
    found = _STATE_CODE.search(address)
    if found is None:
        return False
    return found.group(1) not in _US_STATES or zip_outside_state(found.group(1), found.group(2))
