"""Endorsement forms cited in a scanned description that OCR likely misread.

A form number is digits only, so a misread digit yields another plausible number: nothing in the
citation itself says it is wrong. Two things do. An agency cites its forms one way throughout, so
one citation whose pairs of digits run together among spaced ones lost a blank. And certificates
cite a small set of forms (the additional-insured, primary, waiver and aggregate endorsements of
the domain reference, and their close relatives): a number one digit off one of them that is none
of them is that form misread (`WC 00 03 43` for WC 00 03 13).
"""

from __future__ import annotations

import re

# A form cited by its number: two capitals, then groups of digits (`CG 20 10 04 13`, `WC 00 03 13`)
_FORM_NUMBER = re.compile(r"\b([A-Z]{2})((?: \d{2}| \d{4}){2,4})\b")

# Forms certificates cite: ISO general liability (additional insureds, primary and noncontributory,
# waiver, per-project aggregate), auto (designated insured, waiver, primary), NCCI workers'
# compensation (waiver, alternate employer, voluntary compensation), umbrella and excess
# noncontributory. Real forms a digit off the cited ones are listed too, so they are not doubted.
_CITED_FORMS = frozenset(
    re.findall(
        r"[A-Z]{2}(?: \d{2})+",
        """
        CG 00 01, CG 00 02, CG 20 01, CG 20 02, CG 20 05, CG 20 07, CG 20 10, CG 20 11, CG 20 12,
        CG 20 15, CG 20 18, CG 20 24, CG 20 26, CG 20 28, CG 20 29, CG 20 32, CG 20 33, CG 20 34,
        CG 20 36, CG 20 37, CG 20 38, CG 20 39, CG 20 40, CG 21 39, CG 21 44, CG 21 47, CG 22 79,
        CG 22 94, CG 24 04, CG 24 26, CG 25 03, CG 25 04,
        CA 00 01, CA 04 44, CA 04 49, CA 20 01, CA 20 48, CA 23 84,
        WC 00 00 00, WC 00 01 13, WC 00 03 01, WC 00 03 02, WC 00 03 08, WC 00 03 10, WC 00 03 11,
        WC 00 03 13, WC 00 03 15, WC 04 03 06,
        CU 24 78, CX 24 33
        """,
    )
)
# Digits of an ISO form's number (`CG 20 10`) and of an NCCI one (`WC 00 03 13`); the rest, an edition.
_NUMBER_DIGITS = {"WC": 6}
_ISO_DIGITS = 4
# The cited forms' numbers by prefix: `CG` -> {`2010`, `2037`, ...}
_CITED_NUMBERS: dict[str, frozenset[str]] = {
    prefix: frozenset(form.replace(" ", "")[2:] for form in _CITED_FORMS if form.startswith(prefix))
    for prefix in {form[:2] for form in _CITED_FORMS}
}


def form_citation_in_doubt(description: str) -> bool:
    """A cited form that lost a blank among spaced citations, or one a digit off a form
    certificates cite and none of them."""
    citations = [(prefix, groups.split()) for prefix, groups in _FORM_NUMBER.findall(description)]
    spaced = any({len(group) for group in groups} == {2} for _, groups in citations)
    if spaced and any(_half_joined(groups) for _, groups in citations):
        return True  # `CG 2001 04 13` or `CG 20 1004 13` beside `CG 20 37 04 13`
    return any(_one_digit_off_a_cited_form(prefix, "".join(groups)) for prefix, groups in citations)


def _half_joined(groups: list[str]) -> bool:
    lengths = [len(group) for group in groups]
    return lengths.count(4) == 1 and set(lengths) == {2, 4}


def _one_digit_off_a_cited_form(prefix: str, digits: str) -> bool:
    width = _NUMBER_DIGITS.get(prefix, _ISO_DIGITS)
    if len(digits) < width:
        return False
    number = digits[:width]
    known = _CITED_NUMBERS.get(prefix, frozenset())
    if not known or number in known:
        return False
    return any(sum(a != b for a, b in zip(number, form, strict=True)) == 1 for form in known)
