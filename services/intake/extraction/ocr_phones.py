"""A phone number the page reading garbled, read again from the page with its rules.

A fillable form's phone field is often set in a face taller than the field, so the number is clipped
at the rule under it. With the rules taken out (as for the whole-page reading) the digits lose their
feet with the rule and come out as letters (`7OR SRRN` for `798 5880`). Cut from the page with the
rule still under them and read with only digits and phone punctuation allowed, they read whole; the
reading replaces the garbled words only when it is a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from services.intake.extraction.imaging import Gray
from services.intake.extraction.ocr_dates import stacked_cutouts, union
from services.intake.extraction.ocr_words import _Raw

PHONE_CHARACTERS = "0123456789()-."
_PHONE = re.compile(r"(?:\(\d{3}\) ?|\d{3}[ .\-]?)\d{3}[ .\-]?\d{4}")
# `(A/C, No, Ext):` ends the label before a phone, `(A/C, No):` the one before a fax.
_SEPARATED = re.compile(r"\d{3}([.\-])\d{3}\1\d{4}")
_LABEL_END = re.compile(r"(?:Ext|No)\)[:;.]?$", re.IGNORECASE)
_NEXT_LABEL = re.compile(r"^(?:FAX|\(A/?[CI]|E-?MAIL)", re.IGNORECASE)
_FARTHEST = 4.0  # the widest blank inside a phone number's words, in line heights
_MAX_PHONES = 4  # a certificate prints a phone and a fax or two
_REBUILT = 60.0  # the most a re-read phone number is trusted (Tesseract's 0-100)


def reread_garbled_phones(
    ruled: Gray, raws: list[_Raw], read: Callable[[Gray, str], list[_Raw]]
) -> list[_Raw]:
    """`raws` with each garbled phone number after its label replaced by its re-reading from
    `ruled` (the page with its rules) where that is a phone number; `read(cut, allowed)` reads a
    cut-out with only the `allowed` characters."""
    groups = []
    for label in raws:
        if _LABEL_END.search(label.text):
            value = _value_after(label, raws)
            if value:
                groups.append((label, value))
    if not groups:
        return raws
    groups = groups[:_MAX_PHONES]
    page = ruled.copy()
    for label, _ in groups:  # the label's last glyphs would read as a digit in the cut-out's margin
        page[label.top : label.top + label.height, label.left : label.left + label.width] = 255
    sheet, rows = stacked_cutouts(page, [union(value) for _, value in groups])
    reread = read(sheet, PHONE_CHARACTERS)
    readings = [
        sorted((r for r in reread if top <= r.top + r.height / 2 < bottom), key=lambda r: r.left)
        for top, bottom in rows
    ]
    separator = page_separator(
        [" ".join(r.text for r in words) for words in [*readings, *(value for _, value in groups)]]
    )
    replaced: dict[int, _Raw | None] = {}
    for (_, value), words in zip(groups, readings, strict=True):
        phone = _as_printed(" ".join(r.text for r in words), value, separator)
        if phone is not None and _digits(phone) != _digits(" ".join(r.text for r in value)):
            box = union(value)
            # Rebuilt from clipped print: whatever Tesseract thinks of it, a person checks it.
            confidence = min(_REBUILT, *(r.confidence for r in words))
            replaced[id(value[0])] = _Raw(
                phone, confidence, box.left, box.top, box.width, box.height, box.line
            )
            replaced.update((id(r), None) for r in value[1:])
    out = [replaced.get(id(raw), raw) for raw in raws]
    return [raw for raw in out if raw is not None]


def page_separator(numbers: list[str]) -> str:
    """An agency prints its phone and fax alike: a number read whole (`981.985.0034`) tells the
    separator the other's clipped print lost; a space where none was read whole."""
    return next((found.group(1) for text in numbers if (found := _SEPARATED.fullmatch(text))), " ")


def _as_printed(reading: str, garbled: list[_Raw], separator: str) -> str | None:
    """The re-reading when it begins with a phone number (the fax label's misread print may follow:
    `2A R17 9072 fale`), an area code in brackets spaced as printed; ten bare digits whose
    separators were clipped away are grouped as a phone number is (`2867985880` -> `286 798 5880`),
    with the `separator` the page's other number shows."""
    found = _PHONE.match(reading)
    if found is None or any(ch.isdigit() for ch in reading[found.end() :]):
        return None
    phone = re.sub(r"^\((\d{3})\)\s*", r"(\1) ", found.group())
    digits = phone.replace(" ", "")
    if not digits.isdigit() or len(garbled) < 3:
        return phone
    return separator.join((digits[:3], digits[3:6], digits[6:]))


def _value_after(label: _Raw, raws: list[_Raw]) -> list[_Raw]:
    """The words right of a label on its line, up to the next label or a wide blank."""
    middle = label.top + label.height / 2
    beside = sorted(
        (
            r
            for r in raws
            if r.left > label.left + label.width - 1
            and r.top <= middle <= r.top + r.height
            and r is not label
        ),
        key=lambda r: r.left,
    )
    value: list[_Raw] = []
    end = label.left + label.width
    for raw in beside:
        if (
            _NEXT_LABEL.match(raw.text)
            or _LABEL_END.search(raw.text)
            or raw.left - end > _FARTHEST * label.height
        ):
            break
        value.append(raw)
        end = raw.left + raw.width
    return value


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
