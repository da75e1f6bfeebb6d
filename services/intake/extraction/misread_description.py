"""A scanned description of operations OCR likely misread: the form's own printed text read into
it, a word no spelling starts so, a sign OCR makes of a smudge, a street abbreviation one glyph off,
or a form citation in doubt (`misread_forms`). Part of `calibrate`, on scans and photos only."""

from __future__ import annotations

import re

from services.intake.extraction.misread_address import STREET_ABBREVIATIONS, confused
from services.intake.extraction.misread_forms import form_citation_in_doubt

_FORM_TEXT = re.compile(
    r"FORM\s*NUMBER|FORM\s*TITLE|ACORD\s+25\s*\(|ACORD\s+CORPORATION|CERTIFICATE\s+OF\s+LIABILITY\s+INSURANCE|"
    r"THE\s+ACORD\s+NAME\s+AND\s+LOGO",
    re.IGNORECASE,
)
# `LLNCOLN` for `LINCOLN`: no word starts with one consonant twice before a third (an I read as
# an L beside another); `LLC`, `LLP` and `LLLP` are the abbreviations that do.
_DOUBLED_FIRST_CONSONANT = re.compile(
    r"\b([B-DF-HJ-NP-TV-Z])\1(?!C\b|P\b|LP\b)[B-DF-HJ-NP-TV-Z]", re.IGNORECASE
)


# Signs OCR makes of a smudged glyph that certificate prose does not print: an `@` outside an
# e-mail address (`@G 20 38` for CG), a degree sign or a guillemet (`20°`).
_SIGN_FOR_A_GLYPH = re.compile(r"@(?![\w-]+\.[A-Za-z]{2,})|[°«»¢©®]")


def description_in_doubt(description: str) -> bool:
    """The description holds the form's own printed text, a word no spelling starts so, a sign
    OCR makes of a smudge, or a street abbreviation one glyph off (`Harbor Bivd`)."""
    return bool(
        _FORM_TEXT.search(description)
        or _DOUBLED_FIRST_CONSONANT.search(description)
        or _SIGN_FOR_A_GLYPH.search(description)
        or any(
            confused(word.strip(".,;:()").lower(), known)
            for word in description.split()
            for known in STREET_ABBREVIATIONS[:3]  # (not `suite`: `quite` is a word)
        )
        or form_citation_in_doubt(description)  # `CG 20 1004 13` beside spaced ones, `WC 00 03 43`
    )
