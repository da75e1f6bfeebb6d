"""The producer's phone number and e-mail address as printed, where OCR read them: separators
and case put back, the next print read onto an address's end cut off."""

from __future__ import annotations

import re

from shared.contracts import certificate as c


def contact_as_printed(producer: c.Producer) -> None:
    """The OCR'd phone number and e-mail address of the producer's contact, as printed."""
    if producer.phone:
        producer.phone = _ocr_phone(producer.phone)
    if producer.email:
        producer.email = _ocr_email(producer.email)


_AREA_CODE_FORM = re.compile(r"(\(\d{3}\)) (\d{3}) (\d{4})")


_DOTTED_FORM = re.compile(r"\d{3}[ .]\d{3}[ .]\d{4}")


def _ocr_phone(phone: str) -> str:
    """An OCR'd phone number's separators as printed: a hyphen with the space OCR put beside it
    (`336 - 1832`), the hyphen of `(467) 336 1832` lost, a stop of `849.702.5935` read as a space."""
    phone = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", phone)
    phone = _AREA_CODE_FORM.sub(r"\1 \2-\3", phone)
    if _DOTTED_FORM.fullmatch(phone) and "." in phone:
        phone = phone.replace(" ", ".")
    return phone


# `.comE`, `.comSee`: the cell's next print or a speck read onto the end of the top-level domain.
_TLD_WITH_TAIL = re.compile(r"(?<=[a-z0-9])\.(com|net|org|edu|gov)(?:[a-z]{0,3}[^a-z.].*|[a-z]{1,2})$")


def _ocr_email(email: str) -> str:
    """An OCR'd e-mail address as printed: the common top-level domains end the address, and a
    local part in mixed case beside a lower-case domain (`Priya.walsh`, `SUSan`) is lower case, the
    capital a glyph OCR sized wrong (agency systems print addresses in one case)."""
    local, at, domain = email.partition("@")
    if not at:
        return email
    domain = _TLD_WITH_TAIL.sub(r".\1", domain)
    if domain == domain.lower() and local not in (local.lower(), local.upper()):
        local = local.lower()
    return f"{local}@{domain}"
