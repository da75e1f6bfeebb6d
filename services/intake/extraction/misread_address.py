"""Text OCR misread in a printed address (`PO 30x`, `MILLRD`, `Commerce Di,`, `RALEIGH, NO
27641`), and the glyph-for-glyph confusion test that names and descriptions share with it.

`misread_text` doubts names and addresses with these checks on scans and photos.
"""

from __future__ import annotations

import itertools
import re

from services.intake.extraction.us_zip import zip_outside_state

_DIGITS_THEN_A_LETTER = re.compile(r"\d+(?!(?:st|nd|rd|th)\b)[a-z]{1,3}\.?")  # `34thh.`: not an ordinal
_GLUED_UNIT = re.compile(r"(?:UNIT|SUITE|STE|APT|BLDG|FLOOR|ROOM)[A-Z0-9]{1,4}", re.IGNORECASE)
# `1477 H/ HARBOR`, `6912 2-Harbor`: a glyph and a sign, alone or hyphened onto a word: a re-read's
# echo of the next word's start, or a speck read as a sign (`123-A`, `1/2` are printed so).
_SIGN_PIECE = re.compile(r"\w[/\\|-]|\d+-[A-Za-z]{3,}")
# `S856 Route 9`: a street number (a line's first word, a name after it) opening with a letter that
# looks like a digit.
_LETTER_FOR_A_DIGIT = re.compile(r"[SOQIlBZA]\d{2,}")  # (`A676`: a 4's open top read as an A)
# `4578NB Broad St`: a street number with the direction after it glued on (and maybe read twice).
_DIRECTION_GLUED = re.compile(r"\d{2,}[NSEW][A-Z]?")
# A slash in a street number with three digits after it: no fraction (`1/2`) is printed so.
_STROKE_IN_A_NUMBER = re.compile(r"\d{1,2}/\d{3,}")
_DIGIT_LETTER_DIGIT = re.compile(r"\d[A-Za-z]\d")
_DIRECTIONS = frozenset({"N", "S", "E", "W", "NE", "NW", "SE", "SW", "PO"})
_STREET_TYPES = frozenset({"ST", "RD", "DR", "AVE", "BLVD", "WAY", "LN", "PKWY", "CT", "PL", "HWY"})
STREET_ABBREVIATIONS = ("blvd", "pkwy", "bldg", "suite")
UNIT = re.compile(
    r"BLDG|BUILDING|SUITE|STE|UNIT|APT|FLOOR|FL|NO|PIER|DOCK|GATE|HANGAR|ROUTE|RTE|HWY|HIGHWAY|BOX", re.I
)
# A street type run into the word before it (`MILLRD`, `INDUSTRIALPKWY`); not a town's `-FORD`.
_GLUED_STREET_TYPE = re.compile(r"\b[A-Z]{3,}(?:(?<![AO])RD|PKWY|BLVD|HWY|AVE)\b")


def confused(word: str, known: str) -> bool:
    """An OCR confusion of a known word: glyph for glyph (one or two letters differ), `rn`/`m`, or
    an `n` read as `ri`."""
    if word == known:
        return False
    if known in (word.replace("m", "rn"), word.replace("rn", "m"), word.replace("ri", "n")):
        return True  # `rn` read as `m` and back: `Intemational`; `Coritracts`
    if len(word) != len(known):
        return False
    return sum(a != b for a, b in zip(word, known, strict=True)) <= (2 if len(known) >= 9 else 1)


def address_fragment(address: str, words: list[str]) -> bool:
    """`Pk Wy,,`; `MILLRD`; `PO 30x`, `BO Box` or `PO O Box` for `PO Box` (but `4th` and `12B` are
    printed so); `UNITB`; a stray short word before the street type (`Mill Rc Rd`, `MAIN NS ST`,
    `Technology W Way`); `Bivd` for `Blvd`."""
    bare = [w.strip(",.") for w in words]
    return (
        ",," in address
        or _GLUED_STREET_TYPE.search(address) is not None
        or any(_DIGITS_THEN_A_LETTER.fullmatch(w) or _GLUED_UNIT.fullmatch(w) for w in bare)
        or any(_SIGN_PIECE.fullmatch(w) for w in bare)
        or any(
            len(part) > 1 and (_LETTER_FOR_A_DIGIT.fullmatch(part[0]) or _DIRECTION_GLUED.fullmatch(part[0]))
            for part in _parts(address)
        )
        or any(
            len(a) <= 2
            and b.upper() in _STREET_TYPES
            # a direction with no street name after it, the street type's own first letter read
            # again (`Technology W Way`; `S St` is a street's name, so two-letter types are left)
            and (a.upper() not in _DIRECTIONS or (len(b) > 2 and a.upper() == b[:1].upper()))
            for a, b in itertools.pairwise(bare)
        )
        or any(confused(w.lower(), known) for w in bare for known in STREET_ABBREVIATIONS)
        or any(len(w) == 1 and w.islower() for w in bare)  # `Technology y,`: a lone small letter
        or _NUMBER_READ_TWICE.search(address) is not None  # `248 84 N Broad St`, `PO Box 11 142`
        or _NUMBER_WITH_A_STOP.search(address) is not None  # `1557. Route 9`: a speck read as a stop
        # `Oak. Ave`: a stop after a whole word before the street type (`Jr. Blvd` abbreviates)
        or any(
            len(a) > _ABBREVIATED
            and a.endswith(".")
            and a[:-1].isalpha()
            and b.strip(",.").upper() in _STREET_TYPES
            for a, b in itertools.pairwise(words)
        )
        # `BO Box`, `RQ Box`: only a PO box's `PO` stands before `Box` in two letters
        or any(
            b.lower() == "box"
            and (confused(a.lower(), "po") or (len(a) == TYPE_LETTERS and a.upper() != "PO"))
            for a, b in itertools.pairwise(bare)
        )
        or any(_STROKE_IN_A_NUMBER.fullmatch(w) for w in bare)  # `3/762`: a speck read as a slash
        # `8602 2W3 34th St`: glyphs of the next words read again after the house number
        or (len(bare) > 1 and bare[0].isdigit() and _DIGIT_LETTER_DIGIT.fullmatch(bare[1]) is not None)
        or any(re.search(r",[a-z]", w) for w in bare)  # `Springfield,id,`: an echo glued after a comma
        or any(w.lower() == "pobox" for w in bare)  # the space of `PO Box` lost
        # (not in a person's name: `Dan Davis` starts both names alike)
        or any(_misread_echo(a, b) or _echo_after(a, b) for a, b in itertools.pairwise(bare))
        # `1722 WW 34th St`: a direction read twice; `9213 Ge Commerce Dr`: a speck read as a short
        # word no address prints (Spanish and French street names keep their articles)
        or any(len(w) == TYPE_LETTERS and w.isalpha() and w[0].upper() == w[1].upper() for w in bare)
        or any(
            len(w) == TYPE_LETTERS
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
        named = UNIT.fullmatch(before) or _LETTERED_PLACES.fullmatch(before)
        if before.isalpha() and letter not in _DIRECTIONS and not named:
            return True
    return False


def _attention_misread(address: str) -> bool:
    """`ATIN: CONTRACTS` (a T read as I), `ADIN:` (two letters misread), `Attn: Risk: Management`
    (a speck read as a colon): the attention line's label is one word, `ATTN:`, and the only colon
    an address prints; a colon after any other word is a speck or junk (`c/o Compliance De HEP:,`)."""
    return (
        any(word.lower() != "attn" for word in re.findall(r"([A-Za-z]*):", address)) or address.count(":") > 1
    )


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
    if len(last) == TYPE_LETTERS + 1:  # `Technology Wey`: (a `Bay` or a `Ray` is a name)
        return last.upper() not in _NAMES_LIKE_A_TYPE and any(
            confused(last.lower(), t) for t in _THREE_LETTER_TYPES
        )
    return len(last) == TYPE_LETTERS and last.isalpha() and last.upper() not in _TWO_LETTER_ENDINGS


_DOUBLED_LETTER = re.compile(r"([A-Z])\1")
_THREE_LETTER_TYPES = ("ave", "way", "hwy")
_ABBREVIATED = 3  # characters of an abbreviation and its stop (`Jr.`, `Mt.`)
_NAME_AND_DIRECTION = 2  # words before a trailing direction is set aside: `N Broad SE`, not `Broad SE`
_NAMES_LIKE_A_TYPE = frozenset({"BAY", "DAY", "MAY", "RAY", "JAY", "KAY", "EVE", "AVA"})


def _street_type_lost(address: str) -> bool:
    """`957 Elm, Sacramento`, `4292 N BROAD, BLDG 4`: a street line whose type was lost, its number
    and a one-word name alone (`1 Broadway` is printed so; `El Camino Real` is more than a word),
    a direction after the name or not (`7837 N Broad SE`: `St` read as a direction);
    or whose name was lost, its type alone left (`5404 RD, UNIT B`; `100 E ST` is E Street)."""
    words = [w.strip(".").upper() for w in _street_line(address)[1:]]
    if len(words) > _NAME_AND_DIRECTION and words[-1] in _DIRECTIONS:
        words = words[:-1]
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


_ADDRESS_ARTICLES = frozenset({"EL", "LA", "LE", "LO", "DE", "DU", "DI", "OF", "AT", "ON", "PO", "FT", "MT"})
_NUMBER_WITH_A_STOP = re.compile(r"(?:^|,)\s*\d+\.\s+[A-Za-z]")
_NUMBER_READ_TWICE = re.compile(
    r"(?:^|,)\s*\d+\s+(?:\d+\s+[A-Za-z]|\d+[NSEW]\s+\w)|\bBox\s+\d+\s+\d+", re.IGNORECASE
)  # (`6095 5W 34TH ST`: a digit read again glued to the direction)
_STREET_WORDS, TYPE_LETTERS = 3, 2


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


def _echo_after(word: str, following: str) -> bool:
    """`Oak Yak Ave`: a short word read again after itself with its first letter read otherwise."""
    same_end = word[1:].lower() == following[1:].lower() and word[:1].lower() != following[:1].lower()
    return (
        len(word) == len(following) == _ECHO_LETTERS and word.isalpha() and following.isalpha() and same_end
    )


_STATE_CODE = re.compile(r",\s*[A-Za-z][A-Za-z .'-]*,?\s+([A-Z]{2})\s+(\d{5})(?:-\d{4})?\s*$")
# USPS codes of the states, DC and the territories.
US_STATES = frozenset(
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
    return found.group(1) not in US_STATES or zip_outside_state(found.group(1), found.group(2))
