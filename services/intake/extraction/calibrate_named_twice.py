"""Evidence in a party named twice on a scanned page: the insured or the holder in its own box and
again in the description (`Turner-Walsh Construction Co ... are included as additional insureds`).
An agency types a name the same each time, so the two spelt a glyph apart (`Tumer-Walsh` in the
holder's box) hold one misreading, in either place. Part of `calibrate`, on scans and photos only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from shared.contracts.certificate import Certificate

Evidence = Iterator[str]  # internal paths of values with evidence against them

_WORD = re.compile(r"[^\W_]+")
_ALIKE = 0.9  # SequenceMatcher's ratio of two spellings a glyph or two apart
_LONGER = 1  # characters one spelling may have over the other (`rn` read as `m`)


def names_against_the_description(cert: Certificate) -> Evidence:
    """The insured's or the holder's name, and the description, where the description spells the
    name a glyph or two otherwise and nowhere as the box reads it (`Turner Walsh` with a blank for
    its hyphen is the same spelling; `Turner-Walsh Construction Company` is the agency's longer
    form, not a misreading)."""
    words = _WORD.findall((cert.description_of_operations or "").lower())
    for path, name in (
        ("insured.name", cert.insured.name),
        ("certificate_holder.name", cert.certificate_holder.name),
    ):
        target = " ".join(_WORD.findall((name or "").lower()))
        count = len(target.split())
        if count < _FEWEST_WORDS:
            continue
        spellings = {" ".join(words[i : i + count]) for i in range(len(words) - count + 1)}
        if target in spellings:
            continue
        if any(_a_glyph_apart(target, spelling) for spelling in spellings):
            yield path
            yield "description_of_operations"


_FEWEST_WORDS = 2  # a one-word name is too short to find again by its spelling


def _a_glyph_apart(one: str, other: str) -> bool:
    return abs(len(one) - len(other)) <= _LONGER and SequenceMatcher(None, one, other).ratio() >= _ALIKE
