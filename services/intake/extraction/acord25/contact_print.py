"""The producer's phone number and e-mail address as printed, where OCR read them: separators
and case put back, the next print read onto an address's end cut off; a phone value cut from what
OCR left of its label before it and of a fax label after it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.intake.extraction.acord25.parties import _NUMBER_START
from services.intake.extraction.ir import Word
from shared.contracts import certificate as c


def contact_as_printed(producer: c.Producer) -> list[str]:
    """The OCR'd phone number and e-mail address of the producer's contact, as printed; the fields
    (`contact_name`, `email`) spelt from another's print, a guess for a person to see: a first name
    completed from the e-mail address, a glyph whose descender was clipped given it back."""
    guessed: list[str] = []
    if producer.phone:
        producer.phone = _ocr_phone(producer.phone)
        dotted = _stops_lost(producer.phone)
        if dotted is not None:
            producer.phone = dotted
            guessed.append("phone")
    if producer.contact_name:
        producer.contact_name = _first_capital(producer.contact_name)
    if producer.email:
        restored = (
            _at_sign_restored(producer.email, producer.contact_name)
            or _echo_between_signs(producer.email)
            or _print_before_the_names(producer.email, producer.contact_name)
        )
        if restored is not None:
            producer.email = restored
            guessed.append("email")
        producer.email = _ocr_email(producer.email)
    guessed += _descenders_from_each_other(producer)
    completed = _first_name_from_email(producer.contact_name, producer.email)
    if completed is not None:
        read = (producer.contact_name or "").split()
        if len(read) > 1 and len(read[-2]) == len(completed.split()[0]):
            # Not a first name cut short but read whole and spelt otherwise (`David` beside
            # `gavid.brown@`): either print may be the misread one.
            guessed.append("email")
        producer.contact_name = completed
        guessed.append("contact_name")
    return sorted(set(guessed))


def _first_capital(name: str) -> str:
    """`priya Davis`: a first name read with a small first letter (a `P` boxed no taller than the
    small letters beside it) before a surname with its capital is spelt with its capital too; a
    name printed in small letters throughout, or starting with a particle (`de la Cruz`), is not."""
    first, _, rest = name.partition(" ")
    surnames = [w for w in rest.split() if w[:1].isalpha()]
    if not (first.isalpha() and first[0].islower()) or first in _PARTICLES:
        return name
    if not surnames or not all(w[0].isupper() for w in surnames):
        return name
    return first[0].upper() + name[1:]


_PARTICLES = frozenset(
    {"de", "del", "della", "da", "di", "du", "la", "le", "van", "von", "der", "den", "dos"}
)


def _at_sign_restored(email: str, contact: str | None) -> str | None:
    """`robert.garciagallagher.com` beside Robert Garcia: the `@` lost between a mailbox spelling
    the contact's names and a domain; None where that is not what was read."""
    names = re.findall(r"[a-z]+", (contact or "").lower())
    if "@" in email or len(names) < _TWO_NAMES:
        return None
    first, last = names[0], names[-1]
    for local in (
        f"{first}.{last}",
        f"{first}_{last}",
        f"{first}{last}",
        f"{first[0]}.{last}",
        f"{first[0]}{last}",
    ):
        if email.lower().startswith(local) and _DOMAIN.fullmatch(email[len(local) :]):
            return f"{email[: len(local)]}@{email[len(local) :]}"
    return None


def _print_before_the_names(email: str, contact: str | None) -> str | None:
    """`l.linda.chen@`, `rer)ROBERT.DAVIS@` beside Linda Chen, Robert Davis: a mailbox spelling the
    contact's names after a few glyphs of print beside it (an echo, the label's edge); the
    mailbox from the names on. None where that is not what was read."""
    names = re.findall(r"[a-z]+", (contact or "").lower())
    local, at, domain = email.partition("@")
    if not at or len(names) < _TWO_NAMES:
        return None
    for separator in "._":
        spelt = f"{names[0]}{separator}{names[-1]}"
        before = local[: -len(spelt)]
        # (print parted from the names by a sign: `ke` before `vin.lopez` is Kevin's own start)
        parted = 0 < len(before) <= _PRINT_BEFORE and not before[-1].isalnum()
        if local.lower().endswith(spelt) and parted:
            return f"{local[-len(spelt) :]}@{domain}"
    return None


_PRINT_BEFORE = 4


def _echo_between_signs(email: str) -> str | None:
    """`david.miller@Sere@alliant.com`: print read between the `@` and a second `@` before the
    domain (the sign read again with a speck); the mailbox and the domain after the last sign,
    for a person to confirm. None where the address has one sign, or no domain after the last."""
    local, _, rest = email.partition("@")
    echo, at, domain = rest.rpartition("@")
    return f"{local}@{domain}" if at and local and echo and _DOMAIN.fullmatch(domain) else None


_TWO_NAMES = 2
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}")


# A glyph whose descender a field's edge clipped reads as the glyph without it: `j` as `i`, `g` as
# `a`, `d` or `o`, `y` as `v`, `p` as `o` or `n`, `q` as `a`.
_CLIPPED = {"i": "j", "a": "gq", "d": "g", "o": "gp", "v": "y", "n": "p"}


def cut_at_baseline(producer: c.Producer, words: list[Word], email_words: Sequence[Word] = ()) -> list[str]:
    """`Priva Lopez` printed in a field whose edge cuts the print at its baseline: the `p` of Lopez
    boxed no lower than the words without a descender (`words`, the contact's as read) shows the
    cut, so a `v` may be a `y` that lost its tail, in the e-mail cut alike too. So does an e-mail
    printed in the same size whose `p` is boxed no taller than the name's capitals
    (`priva.walsh@nfp.com` under `Priva Walsh`). The fields holding that word, for a person to check."""
    plain = [w for w in words if w.text.isalpha() and not _DESCENDER.search(w.text)]
    tailed = [w for w in words if _DESCENDER.search(w.text)]
    mailed = [w for w in email_words if _DESCENDER.search(w.text) and _ASCENDER.search(w.text)]
    if not plain or not (tailed or mailed):
        return []
    baseline = max(w.box.bottom for w in plain)
    if any(w.box.bottom > baseline + _TAIL * w.box.height for w in tailed):
        return []
    capitals = max(w.box.height for w in plain)
    if any(w.box.height > capitals * (1 + _TAIL) for w in mailed):
        return []
    cut = next((w.text.lower() for w in plain if "v" in w.text), None)
    fields = (("contact_name", producer.contact_name), ("email", producer.email))
    return [name for name, value in fields if cut and cut in (value or "").lower()]


def phone_cut_at_baseline(words: Sequence[Word]) -> list[str]:
    """`(347) 527-1812` printed low in its field, the field's edge cutting every glyph at the
    baseline: the area code's brackets, which reach below the digits' baseline, end level with
    the digits, so digits that lost their foot (a 3 read as a 2, a 2 as a 9) are doubted."""
    bracketed = [w for w in words if any(ch in "()" for ch in w.text) and any(ch.isdigit() for ch in w.text)]
    plain = [w for w in words if w.text.replace("-", "").replace(".", "").isdigit()]
    if not bracketed or not plain:
        return []
    baseline = max(w.box.bottom for w in plain)
    height = max(w.box.height for w in plain)
    return ["phone"] if all(w.box.bottom <= baseline + _TAIL * height for w in bracketed) else []


_DESCENDER = re.compile("[gjpqy]")
_ASCENDER = re.compile("[bdfhklt]")  # as tall as a capital: the e-mail's height compares with the name's
_TAIL = 0.1  # of a word's height: a descender reaches a fifth or more below the baseline


def _descenders_from_each_other(producer: c.Producer) -> list[str]:
    """The contact's name and the e-mail address's `first.last@` part (and its domain and the
    agency's name) spell the same words; where one shows a glyph the other shows clipped (`iames`
    beside `James`, `Priva` beside `priya`, `aallaaher.com` beside `GALLAGHER`), both take it."""
    if not producer.email or "@" not in producer.email:
        return []
    local, _, domain = producer.email.partition("@")
    parts, words = re.split(r"([._-])", local), (producer.contact_name or "").split()
    guessed: set[str] = set()
    if len(parts) == 2 * len(words) - 1:
        for index, word in enumerate(words):
            part = parts[2 * index]
            if (spelt := _unclipped(part, word)) is not None:
                parts[2 * index] = spelt
                guessed.add("email")
            elif (spelt := _unclipped(word, part)) is not None:
                words[index] = spelt
                guessed.add("contact_name")
    host, dot, rest = domain.partition(".")
    agency = (producer.name or "").split()
    for spelling in (*agency, "".join(agency)):
        if (spelt := _unclipped(host, spelling)) is not None:
            host = spelt
            guessed.add("email")
            break
    if "email" in guessed:
        producer.email = f"{''.join(parts)}@{host}{dot}{rest}"
    if "contact_name" in guessed:
        producer.contact_name = " ".join(words)
    return sorted(guessed)


def _unclipped(read: str, other: str) -> str | None:
    """`read` spelt as `other` where they differ only in glyphs `read` shows with their descender
    clipped, in `read`'s case; None where they differ otherwise or not at all."""
    if len(read) != len(other) or read.lower() == other.lower() or len(read) < _NAME_END:
        return None
    out = []
    for mine, theirs in zip(read, other, strict=True):
        if mine.lower() == theirs.lower():
            out.append(mine)
        elif theirs.lower() in _CLIPPED.get(mine.lower(), "") and (mine.islower() or mine == "I"):
            # A capital has no descender to lose (`David` is no clipped `gavid`), but for a J's.
            out.append(theirs.lower() if mine.islower() else theirs.upper())
        else:
            return None
    return "".join(out)


_NAME_PART = re.compile(r"[a-z]{2,}")
_NAME_END = 2
_NAME_MIDDLE = 3
_LABEL_END_LETTERS = 3  # of the CONTACT / NAME label's print read onto the first name


def _first_name_from_email(name: str | None, email: str | None) -> str | None:
    """A contact name whose first name OCR cut short or lost at the stacked label beside it (`vin
    Lopez`, `Miller`, `AP inda Okafor`) completed from an address of the `first.last@` form whose
    last part is the surname as read: the first name is the address's first part, in the name's
    case. None when the address says nothing about the name."""
    if not name or not email:
        return None
    local = email.partition("@")[0].lower()
    parts = re.split(r"[._]", local)
    words = name.split()
    surname_end = words[-1].lower()
    if len(parts) == 1 and local.endswith(surname_end) and len(local) - len(surname_end) >= _NAME_END:
        parts = [local[: -len(surname_end)], surname_end]  # `JAMESLOPEZ@`: its stop lost too
    if len(parts) != 2 or not all(_NAME_PART.fullmatch(p) for p in parts) or words[-1].lower() != parts[1]:
        return None
    first, surname = parts[0], words[-1]
    read = words[-2].lower() if len(words) > 1 else ""
    if read == first:
        return None  # read whole
    # What was read of the first name ends as it does (`vin`, `inda`, `Keyin`), or is lost, or
    # is whole after the end of its label (`AgSUSAN`, `TAGANA`: the label's print read onto it).
    cut = len(read) >= _NAME_END and first.endswith(read[-_NAME_END:]) and len(read) <= len(first) + 1
    cut = cut or (len(read) >= _NAME_MIDDLE and read in first)  # `AME` of JAMES: both ends lost
    after_label = read.endswith(first) and len(read) - len(first) <= _LABEL_END_LETTERS
    if read and not (cut or after_label):
        return None
    spelt = first.upper() if surname.isupper() else first.capitalize()
    return f"{spelt} {surname}"


_AREA_CODE_FORM = re.compile(r"(\(\d{3}\)) (\d{3}) (\d{4})")


_DOTTED_FORM = re.compile(r"\d{3}[ .]\d{3}[ .]\d{4}")


def _stops_lost(phone: str) -> str | None:
    """`572 255 7442`, `350.6545697`, `862.453.1 972`: a dotted number with a stop OCR lost (small
    print, read as a blank or as nothing) or a blank it saw inside a group; agencies print phones
    with brackets, hyphens or stops, not blanks, so the stops are a guess for a person to confirm.
    None where the number is not one of these."""
    digits = re.sub(r"[ .]", "", phone)
    separated = digits != phone  # (ten digits alone are printed so by some agencies)
    if not (
        separated and _LOOSE_DOTTED.fullmatch(phone) and digits.isdigit() and len(digits) == _PHONE_DIGITS
    ):
        return None
    dotted = f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    return dotted if dotted != phone else None


_LOOSE_DOTTED = re.compile(r"\d{3}[ .]?\d{3}[ .]?[\d ]{4,5}")
_PHONE_DIGITS = 10


def _ocr_phone(phone: str) -> str:
    """An OCR'd phone number's separators as printed: a hyphen with the space OCR put beside it
    (`336 - 1832`), the hyphen of `(467) 336 1832` lost, a stop of `849.702.5935` read as a space."""
    phone = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", phone)
    phone = _AREA_CODE_FORM.sub(r"\1 \2-\3", phone)
    if _DOTTED_FORM.fullmatch(phone) and "." in phone:
        phone = phone.replace(" ", ".")
    return phone


# `.comE`, `.comSee`, `.COM(512)`: the cell's next print or a speck read onto the end of the top-level
# domain.
_TLD_WITH_TAIL = re.compile(
    r"(?<=[a-z\d])\.(com|net|org|edu|gov)(?:[a-z]{0,3}[^a-z.].*|[a-z]{1,2})$"
    r"|(?<=[A-Z\d])\.(COM|NET|ORG|EDU|GOV)[^A-Za-z.].*$"  # in capitals, only a tail that is no letter
)
# `risk.comisk`: letters after the domain's ending, the name's end read again.
_END_AFTER_TLD = re.compile(r"(.*?([a-z]{3,}))\.(com|net|org)([a-z]{3,})")
# `BROWNCOM`: a domain's ending with the dot before it lost.
_TLD_WITHOUT_DOT = re.compile(r"(?<=\w{2})(com|net|org|COM|NET|ORG)$")


def _ocr_email(email: str) -> str:
    """An OCR'd e-mail address as printed: the common top-level domains end the address, and a
    local part in mixed case beside a lower-case domain (`Priya.walsh`, `SUSan`) is lower case, the
    capital a glyph OCR sized wrong (agency systems print addresses in one case); no address has
    two dots in a row, so `james..davis` is one stop read twice, and none begins with a stop or a
    dash (a speck); every domain has a dot before its ending (`BROWNCOM`)."""
    email = re.sub(r"\.{2,}", ".", re.sub("@{2,}", "@", email))  # `chen@@alliant`: one sign read twice
    local, at, domain = email.partition("@")
    if not at:
        return email
    local = local.lstrip(".,'`-")
    domain = _TLD_WITH_TAIL.sub(lambda tld: "." + (tld.group(1) or tld.group(2)), domain)
    echo = _END_AFTER_TLD.fullmatch(domain)  # `risk.comisk`: the name's end read again after it
    if echo and echo.group(2).endswith(echo.group(4)):
        domain = f"{echo.group(1)}.{echo.group(3)}"
    if "." not in domain:  # every domain has a dot: `BROWNCOM` lost the one before its ending
        domain = _TLD_WITHOUT_DOT.sub(r".\1", domain)
    if domain == domain.lower() and local not in (local.lower(), local.upper()):
        local = local.lower()
    return f"{local}@{domain}"


_NUMBER_PIECE = re.compile(r"[\d().+\-/]+")
_EXTENSION_MARK = re.compile(r"(?i)x|ext\.?:?")
_EXTENSION = re.compile(r"(?i)(x|ext\.?:?)\d*")


def without_label_remnant(phone: str | None) -> str | None:
    """A phone value from its first digit (OCR split `Ext):` off its label) to the end of the
    number: an extension may follow it, anything else (a fax label it ran into) ends it."""
    if phone is None:
        return None
    pieces = _number_pieces(phone)
    if pieces is None:
        return phone
    number, from_first_digit = pieces
    return number or from_first_digit  # a misread number: all of it, for the reviewer to see


def phone_from(printed: str) -> str | None:
    """A phone number starts with a digit or `(`: words before it are remnants of its label, and it
    ends with its tenth digit or its extension (a fax number may follow when FAX was lost)."""
    pieces = _number_pieces(printed)
    return (pieces[0] or None) if pieces else None


def _number_pieces(printed: str) -> tuple[str, str] | None:
    """(the phone number and its extension, "" when under seven digits; everything from the first
    digit), or None when no word starts with a digit or `(`."""
    tokens = printed.split()
    start = next((i for i, t in enumerate(tokens) if _NUMBER_START.match(t)), None)
    if start is None:
        return None
    kept: list[str] = []
    for piece in tokens[start:]:
        if _EXTENSION.fullmatch(piece) or (kept and _EXTENSION_MARK.fullmatch(kept[-1])):
            kept.append(piece)
            continue
        complete = sum(ch.isdigit() for ch in "".join(kept)) >= 10
        if complete or not _NUMBER_PIECE.fullmatch(piece):
            break
        kept.append(piece)
    number = " ".join(kept) if sum(ch.isdigit() for ch in "".join(kept)) >= 7 else ""
    return number, " ".join(tokens[start:])
