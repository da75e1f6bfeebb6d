"""Evidence of a value with a piece lost or a speck read into it (a phone's separator, a contact's
name half read, a certificate number's case unseen, words run together, a policy number's look-alike
glyphs), and of an unusual policy term (a misread year or month). Part of `calibrate`, on scans and
photos only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from services.intake.extraction.endorsements import editions_misread
from services.intake.extraction.misread_text import name_looks_misread
from shared.contracts.certificate import Certificate

Evidence = Iterator[str]  # internal paths of values with evidence against them

_CONTACT_LABEL_TAIL = re.compile(r"(?:C?O?N?T?ACT|NAME)[.:]?\s")
_WORD_TWICE = re.compile(r"\b(\w{3,}) \1\b", re.IGNORECASE)
_NOT_IN_A_NAME = re.compile(r"[^\w\s.,'-]|\d")
# O and 0 are one glyph to OCR: an O beside a digit, a 0 after a number's first letter (`C033455738`
# for CO), two O's in a row (`OOOFXP029915`, `TOOWNZ603258` for 700WNZ603258); so are S and 5
# opening one (`S90`, `5S90`), and a glyph read twice as both look-alikes, in either order
# (`WCS539126`: S5; `W2Z6312208`: 2Z), is one of them; an S ending the letters before a long run of
# digits may be its first digit, a 5 (`FFS7157426` for FF57157426), or before digits where digits
# lead the number too (`757TUS62` for 757TU562; `159S049`, an S among digits alone, is printed so).
# (`Z1H92970347`: a 1 between the letters of a prefix is a T or an I read as the digit; `W4J-749`:
# a digit inside a prefix of letters before the hyphen, a speck or a letter's piece read as one)
_LETTER_LIKE_A_DIGIT = re.compile(
    r"[OQ]\d|\d[OQ]|^[A-Z]0\d|OO|^S\d|S5|5S|B8|8B|Z2|2Z|(?<=[A-Z])S\d{5}|^\d+[A-Z]+S\d"
    r"|^[A-Z]1[A-Z]|^[A-Z]\d[A-Z]+-"
)
# A phone as agencies print it: `(555) 555-5555`, `555-555-5555`, `555.555.5555`, an extension.
_PHONE_SHAPE = re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d+)?", re.I)
# Small letters with digits and no capital in an identifier agency systems print in capitals: OCR
# guessed the letters' case (`cn-67390` for `CN-67390`).
_CASE_UNSEEN = re.compile(r"(?=.*[a-z])(?=.*\d)[a-z\d\W_]+")
SHORTEST_POLICY_NUMBER = 5  # characters of the shortest policy number carriers issue
# Printed labels of the form read into a value.
FORM_LABELS = re.compile(
    r"\b(?:INSURER\s+[A-F]\b|NAIC\b|PHONE\b|E-?MAIL\b|FAX\b|\(A/C|INSURED\b|PRODUCER\b|CERTIFICATE\s+HOLDER\b)",
    re.IGNORECASE,
)
# Two words run together: small letters then a capital (`BuildingCompany`, `PittsburghPA`,
# `RiversideDr`); a name's own inner capital follows one or two (`McLennan`, `DeWitt`, `MacKenzie`).
WORDS_GLUED = re.compile(r"[a-z]{3,}[A-Z]")
# A blank between letters inside a policy number, digits either side (`828GN Y76259`).
_BLANK_AMONG_LETTERS = re.compile(r"\d[A-Z]+\s[A-Z]+\d|^[A-Z]+\s[A-Z]+-")  # (`W YJ-728-97457` too)
# A blank with digits either side inside a policy number (`289A 1235`: a typewriter face's narrow
# `1` and its blank read as a word space; a prefix of letters is printed apart: `UMB 5521`).
_DIGITS_EITHER_SIDE_OF_A_SPACE = re.compile(r"\d[^\s]*\s+[^\s]*\d")


def unusual_terms(cert: Certificate) -> Evidence:
    """A policy written for other than six months or a year: rare on a certificate, where a misread
    year (`2022-12-19` to `2025-12-19`), month (`02/05` for `12/05`, `9/7` for `5/7`) or day
    (`2024-08-21` to `2025-08-31`) is not. Both dates are doubted."""
    for index, policy in enumerate(cert.policies):
        effective, expiration = policy.effective_date, policy.expiration_date
        if not (effective and expiration):
            continue
        days = (expiration - effective).days
        if not any(low <= days <= high for low, high in _CUSTOMARY_TERMS):
            yield f"policies.{index}.effective_date"
            yield f"policies.{index}.expiration_date"


def certificate_date_outside_the_terms(cert: Certificate) -> Evidence:
    """A certificate is issued while its policies run, or shortly before they start (a renewal's
    certificate): one dated after every policy ended, or long before any began, had a digit of its
    year or month misread (`2028-08-14` for 2026-08-14)."""
    issued = cert.certificate_date
    starts = [p.effective_date for p in cert.policies if p.effective_date]
    ends = [p.expiration_date for p in cert.policies if p.expiration_date]
    if issued and starts and ends and not min(starts) - _ISSUED_AHEAD <= issued <= max(ends):
        yield "certificate_date"


_ISSUED_AHEAD = timedelta(days=90)


def editions_unread(cert: Certificate) -> Evidence:
    """A cited form's edition printed but read as no month (`CG 24 04 55 09`): left out, unread."""
    misread = editions_misread(cert.description_of_operations or "")
    for index, endorsement in enumerate(cert.endorsements):
        if endorsement.form in misread and endorsement.edition is None:
            yield f"endorsements.{index}.edition"


# Six months and a year, as agencies date them (a day more or less for the month's length or
# the agency's habit).
_CUSTOMARY_TERMS = ((181, 184), (364, 367))


def _label_piece_before(contact: str) -> bool:
    """`NTA KAREN LOPEZ`: a piece of the CONTACT or NAME label read before a full name."""
    words = contact.split()
    first = words[0].strip(".:") if words else ""
    return (
        len(words) > _FIRST_AND_LAST
        and first.isupper()
        and _LABEL_PIECE[0] <= len(first) <= _LABEL_PIECE[1]
        and (first in "CONTACT" or first in "NAME")
    )


_FIRST_AND_LAST = 2
_LABEL_PIECE = (2, 4)  # letters of a label's piece (`NT`, `TAC`, `AME`)


def fragments(cert: Certificate) -> Evidence:
    """Values with a piece lost or a speck read into them."""
    if cert.producer.phone and not _PHONE_SHAPE.fullmatch(cert.producer.phone.strip()):
        yield "producer.phone"  # `225 290 5122`, `864-89 1-0325`: a separator lost, or a speck read in
    contact = cert.producer.contact_name
    if contact and (
        len(contact.split()) == 1
        or FORM_LABELS.search(contact)
        or _CONTACT_LABEL_TAIL.match(contact)
        or _label_piece_before(contact)
        or _NOT_IN_A_NAME.search(contact)
    ):
        # a name half lost, or a label beside it read in (`FAX`, the end of `CONTACT` in `ACT Kha Okafor`),
        # or a glyph read as a sign or a digit (`CIND/ DAVIS`): a person's name prints neither
        yield "producer.contact_name"
    if cert.certificate_number and (
        " " in cert.certificate_number.strip()
        or _CASE_UNSEEN.fullmatch(cert.certificate_number)
        or re.search(r"[a-z][A-Z]|[A-Z][a-z]|[^\w\s/-]", cert.certificate_number)
    ):
        # `19 1467199`, `75()51534`: specks read; `cn-67390`, `cNn-99781`: CN with its case unseen
        yield "certificate_number"
    for path, name in (
        ("insured.name", cert.insured.name),
        ("certificate_holder.name", cert.certificate_holder.name),
        ("producer.contact_name", contact),
    ):
        if name and WORDS_GLUED.search(name):
            yield path  # `Keystone BuildingCompany`, `LindaSmith`: the blank between two words lost
    for index, insurer in enumerate(cert.insurers):
        if insurer.name and (
            any(ch.isdigit() for ch in insurer.name)
            or WORDS_GLUED.search(insurer.name)
            or _WORD_TWICE.search(insurer.name)
        ):
            # A carrier's legal name holds no digits (`Colony 1y`), nor two words run together
            # (`ZurichAmerican`: the space between them lost), nor one word twice (`General General`).
            yield f"insurers.{index}.name"
    for index, policy in enumerate(cert.policies):
        if policy.label and (WORDS_GLUED.search(policy.label) or name_looks_misread(policy.label)):
            # `PollutionLiability`: the blank between words lost; `installation Floater`: a
            # capital read small (a free label is printed as one style, as a name is)
            yield f"policies.{index}.label"
        number = policy.policy_number or ""
        if (
            _LETTER_LIKE_A_DIGIT.search(number)
            or 0 < sum(ch.isalnum() for ch in number) < SHORTEST_POLICY_NUMBER
            or (number and not any(ch.isalpha() for ch in number))
            or re.search(r"\s-|-\s|[a-z]|[^\x00-\x7f]|[^\w\s./-]|\d/\d", number)
            or _BLANK_AMONG_LETTERS.search(number)
            or _DIGITS_EITHER_SIDE_OF_A_SPACE.search(number)
        ):
            # `558TCO56`, `BAQ819`: O, Q, 0, 9 look alike; `2-80`: the rest of the number lost; digits
            # alone (`2155127138` for `Z155127138`): a letter may have been read as its look-alike;
            # `XS66564391 -63`: a speck or a blank read beside the hyphen; `we-171924011`, `143¥E87138`:
            # agencies print policy numbers in capitals, so a small letter or a sign is one misread;
            # `BA8&33`, `BA-5/88125`: a sign, or a slash between digits (a 7 or 1), is no number's print;
            # `828GN Y76259`: a blank read among the letters inside the number, `289A 1235` between
            # its digits (`CPP 1234567` puts its blank after a prefix of letters only)
            yield f"policies.{index}.policy_number"
