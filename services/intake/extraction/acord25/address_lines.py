"""One OCR'd line of a party's address as printed: specks read as stops beside its numbers, a
unit word cut short or split one letter early, a street number's end or a state code's first
letter read twice, a ZIP code read in two, and a state code one letter off that its ZIP names.
"""

from __future__ import annotations

import re

from services.intake.extraction.acord25.ocr_spelling import without_ends_read_twice
from services.intake.extraction.misread_address import UNIT
from services.intake.extraction.us_zip import state_misread


def address_line_as_printed(text: str) -> str:
    """An address line OCR read, with the misreadings a printed address cannot hold put right."""
    text = _NUMBER_STOP_AT_END.sub("", _NUMBER_STOP_AT_START.sub(r"\1", text))
    text = _NUMBER_END_TWICE.sub(_number_end_dropped, text)
    text = _UNIT_SPLIT.sub(_unit_rejoined, text)
    text = _UNIT_CUT.sub(lambda cut: "Unit" if cut.group(1) else "UNIT", text)
    text = _STATE_STARTED_TWICE.sub("", without_ends_read_twice(text))
    text = _ZIP_IN_TWO.sub(_zip_joined, text)
    text = _STOP_BEFORE_ZIP.sub(" ", _SPECK_AFTER_ZIP.sub("", text))
    return _STATE_AND_ZIP.sub(_state_its_zip_names, text)


def _number_end_dropped(found: re.Match[str]) -> str:
    number, echo = found.group(1), found.group(2)
    return number if number.endswith(echo) else found.group()


def _unit_rejoined(split: re.Match[str]) -> str:
    start, letter = split.group(1), split.group(2)
    word = start + (letter.upper() if start.isupper() else letter.lower())
    return f"{word} {split.group(3)}" if UNIT.fullmatch(word) else split.group()


def _zip_joined(found: re.Match[str]) -> str:
    return found.group(1) + found.group(2) if len(found.group()) == _ZIP_SPLIT else found.group()


def _state_its_zip_names(found: re.Match[str]) -> str:
    code, zip_code = found.group(1), found.group(2)
    return f"{state_misread(code, zip_code) or code} {zip_code}"


_NUMBER_STOP_AT_END = re.compile(r"(?<=\d)\.$")
# `7606. Commerce Dr`: a street number opening the line with a speck after it read as a stop.
_NUMBER_STOP_AT_START = re.compile(r"^(\d+)\.(?= [A-Za-z])")
# `NJ.07134`, `NC. 27622`: the blank between a state's code and its ZIP, or a speck in it, read as a stop.
_STOP_BEFORE_ZIP = re.compile(r"(?<=\b[A-Z]{2})(?:\. ?| \.)(?=\d{5}(?:-\d{4})?$)")
# `Raleigh, N NC 27639`, `C/ CA 95873`: the state code's first letter read alone before it.
_STATE_STARTED_TWICE = re.compile(r"(?<=, )([A-Z])\S? (?=\1[A-Z] \d{5}(?:-\d{4})?$)")
# `Uni B`: a unit word with its last letter lost before the unit's own number or letter.
_UNIT_CUT = re.compile(r"\b(?:(Uni)|(UNI))(?= [A-Z0-9]{1,4}(?:,|$))")
# `IL 62752 ie`: a speck after the ZIP code read as small letters.
_SPECK_AFTER_ZIP = re.compile(r"(?<=\b[A-Z]{2} \d{5}) [a-z]{1,2}$")
# A state code and the ZIP code after it, ending a line.
_STATE_AND_ZIP = re.compile(r"(?<=\s)([A-Z]{2}) (\d{5}(?:-\d{4})?)$")
# `MA 021 18`: a ZIP code's five digits read as two numbers.
_ZIP_IN_TWO = re.compile(r"(?<=\b[A-Z]{2} )(\d{1,4}) (\d{1,4})$")
_ZIP_SPLIT = 6  # five digits and the blank
# `2619 19 W 34th St`: a street number's last digits read again as a number of their own.
_NUMBER_END_TWICE = re.compile(r"^(\d{2,}) (\d{1,3})(?= [A-Za-z])")
# `BLD G4`: the blank inside a unit word and its number read one letter early.
_UNIT_SPLIT = re.compile(r"\b([A-Za-z]{2,4}) ([A-Za-z])(\d{1,4})\b")
