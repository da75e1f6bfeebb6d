"""Calibrated confidence: evidence, beyond the engine's own word scores, that a value may be misread.

An OCR word score says how clean the glyphs were, not whether the value is right: Tesseract reads
`Company` as `Companv` or `159S049` as `1598049` with high confidence. So each value is also checked
against what a right value of its kind looks like, and against the rest of the certificate:

- types: a phone has ten digits and no letters, an e-mail has one `@` and a dotted domain, a
  revision number is a short run of letters and digits, a policy number does not start or end with
  punctuation, a limit is a whole number of thousands;
- consistency: a policy period runs about a year (one month to three years), aggregates are not
  below the per-occurrence limit and the sublimits not above it, employer's liability limits are
  at least $100,000, an e-mail's name part matches the contact's name, an address holds one ZIP
  code and no form labels, phone numbers or e-mail addresses (a neighbouring cell), the
  description holds no printed form text;
- on scans and photos only (a digital page prints exactly what the agency typed): OCR confusions
  in names (`Companv`, `insurance` in lower case inside a capitalised name, stray characters),
  `City ST 12345` where the comma was lost, and values every certificate of that coverage carries
  but that were not read (the officers' exclusion box, the employer's liability limits, the
  umbrella's retention, the insured's name).

Against that, on scans faint print lowers glyph scores whatever was read, so a value its kind
checks better than the glyphs can (a limit on the ladder limits are written in, consistent with its
policy; an insurer letter naming an insurer row read; an ADDL/SUBR box read as a letter; dates a
year apart; an e-mail spelling the contact's and the agency's names) is raised to `CORROBORATED`,
unless a rule doubts it. Each rule lowers a value's confidence to `DOUBT`;
`review_paths.REVIEW_THRESHOLD` (the one threshold) decides what a person checks. Paths are the
internal dotted ones (`policies.0.limits.x`). What a scan did not read is weighed in
`calibrate_unread`; values with a piece lost or a speck read in, and unusual terms, in
`calibrate_fragments`; a party named twice, spelt two ways, in `calibrate_named_twice`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial

from services.intake.extraction.calibrate_email import (
    MAILBOX_PARTS,
    domain_near_name,
    first_name_against_the_mailbox,
    mailbox_spelling_a_doubted_name,
    near,
    separator_lost,
    speck_after_the_contact,
    surname_against_the_mailbox,
)
from services.intake.extraction.calibrate_fragments import (
    FORM_LABELS,
    WORDS_GLUED,
    certificate_date_outside_the_terms,
    editions_unread,
    fragments,
    unusual_terms,
)
from services.intake.extraction.calibrate_named_twice import names_against_the_description
from services.intake.extraction.calibrate_unread import (
    EMPLOYERS_LIABILITY,
    coverage_named_by_number,
    unread_expected,
)
from services.intake.extraction.misread_address import state_or_zip_misread
from services.intake.extraction.misread_description import description_in_doubt
from services.intake.extraction.misread_text import name_looks_misread
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from shared.contracts.certificate import LIMIT_KEYS, Certificate, Policy

# A value with evidence against it: under the review threshold whatever the engine said.
DOUBT = 0.45
# A value its kind corroborates: over the review threshold, unless evidence speaks against it.
CORROBORATED = 0.75
# Under this the engine hardly saw glyphs at all; no check of the value's kind makes up for that.
_MIN_ENGINE_SCORE = 0.3
_CUSTOMARY_MANTISSAS = frozenset({1, 2, 3, 4, 5, 15, 25, 75})

_NAME_PATH = re.compile(r"(?:^|\.)(?:name|contact_name|email)$")
_SURE_NAME_GLYPHS = 0.85
_MIN_TERM_DAYS, _MAX_TERM_DAYS = 28, 3 * 366 + 1
_MIN_EMPLOYERS_LIABILITY = 100_000
_PHONE_DIGITS = 10
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_TEXT = re.compile(r"[\d\s().+/-]+(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_PHONE_IN_TEXT = re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[.-]\d{4}\b")
_REVISION = re.compile(r"[A-Za-z0-9-]{1,12}")
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
# "Phoenix AZ 85011": the comma before a state code and ZIP lost by OCR.
# An address as the ACORD grid prints it ends in a street, then `City, ST 12345`.
_STREET_CITY_STATE_ZIP = re.compile(r",\s*[A-Za-z][A-Za-z .'-]*[.,;]?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")
_STATE_WITHOUT_COMMA = re.compile(r"[A-Za-z][.;:]?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")
# `2276 N Broad St` taken for a name: a street address (its number, words, a street type).
_STREET_LINE = re.compile(
    r"^\d+\s+.*\b(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|Way|Pkwy|Lane|Ln|Hwy|Route|Ct|Pl)\.?$",
    re.IGNORECASE,
)
# An address holds a number before its ZIP code, a post office box or a spelt one (`One Penn Plaza`).
_STREET_NUMBER = re.compile(r"\d|\s*P\.?\s*O\.?\s*Box\b|^\s*(?:One|Two|Three)\b", re.I)
_BARE_INITIAL = re.compile(r"[A-Za-z]\s")  # an initial is printed with its period (`J. Smith`)
_SHORT_WORD_BEFORE_A_NAME = re.compile(r"[A-Za-z]{2}\s+[A-Za-z]{3,}\s+[A-Za-z'-]{2,}$")
# `Maria. Johnson`: a speck after a first name read as a stop (an initial or `Jr.` takes one).
_STOP_AFTER_A_NAME = re.compile(r"^(?!(?:Jr|Sr|Dr|Mr|Mrs|Ms)\.)[A-Za-z]{3,}\.\s+\S", re.IGNORECASE)
_LAST_ZIP = re.compile(r"\d{5}(?:-\d{4})?\s*$")
_UNIT_WITHOUT_NUMBER = re.compile(
    r"\b(?:Bldg|Building|Suite|Ste|Unit|Apt|Room|Rm|Floor|Fl|Route|Rte|Highway|Hwy)\.?\s*(?:,|$)", re.I
)
_UNIT_BEFORE_A_STREET_TYPE = re.compile(
    r"\b(?:Bldg|Building|Suite|Ste|Unit|Apt)\s+(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|Way|Ln)\b", re.I
)
# `7602 W St`: a house number, a direction's letter and a street type: the street's name lost
# (`34th`) between them. (A spelt direction is a name of its own: `West St`, `North Ave`.)
_DIRECTION_BEFORE_A_STREET_TYPE = re.compile(
    r"\b\d+\s+(?:N|S|E|W|NE|NW|SE|SW)\.?\s+(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|Way|Ln)\b", re.I
)
_NUMBER_ALONE = re.compile(r"\s*\d+\s*,")
# `Raleigh, .NC`: a speck read as a stop before a word; `Floor.3`: a blank read as one after a unit
# word no address abbreviates
_STOP_BEFORE_A_WORD = re.compile(r"(?:^|\s)[.,;:][A-Za-z]|\b(?:Floor|Suite|Unit|Room)\.\d", re.I)
_LONE_LETTER_INSIDE = re.compile(r"\S \w(?: \S|$)")  # (`CO MPAN Y` too: the last letter apart)
_CO_OF_RUN_TOGETHER = re.compile(r"\bCo?of\b", re.IGNORECASE)  # `Insurance Cof America`: `Co of`
# Words a carrier's legal name carries before its kind, never last (`Travelers Property`: its
# `Casualty Co of America` lost).
_ENDS_BEFORE_ITS_KIND = re.compile(
    r"\b(?:INSURANCE|CASUALTY|MUTUAL|INDEMNITY|SURETY|ASSURANCE|SPECIALTY|FIRE|GENERAL|AMERICAN"
    r"|PROPERTY|LIABILITY|COMPENSATION|REGIONAL|UNION)\W*$",
    re.IGNORECASE,
)
_ZIP_MISCOUNTED = re.compile(r"\b[A-Z]{2}\s+(?!\d{5}(?:-\d{4})?\s*$)\d{4,}(?:-\d*)?\s*$")
_STATE_MISCOUNTED = re.compile(r",\s*[A-Z]{3,4}\s+\d{5}(?:-\d{4})?\s*$")
# `W: Way`: a letter or two and a colon inside an address, the start of a word read twice.
_LABEL_LIKE_FRAGMENT = re.compile(r"(?:^|\s)[A-Za-z]{1,2}:\s")
# A carrier's name has at least this many letters (`tes` is a smudge read as a name).
_MIN_CARRIER_LETTERS = 6
# Amounts ordered by the form's own meaning: (smaller, larger) within one policy's limits.
_LIMIT_ORDER = (
    ("each_occurrence", "general_aggregate"),
    ("each_occurrence", "products_completed_operations_aggregate"),
    ("damage_to_rented_premises", "each_occurrence"),
    ("medical_expense", "each_occurrence"),
    ("each_occurrence", "aggregate"),
    ("el_disease_each_employee", "el_disease_policy_limit"),
    ("bodily_injury_per_person", "bodily_injury_per_accident"),
)
_UNSCALED_LIMITS = frozenset({"retention", "deductible", "medical_expense"})
_STANDARD_LIMIT_KEYS = frozenset(key for keys in LIMIT_KEYS.values() for key in keys)

_PRODUCER_FIELDS = ("name", "address", "contact_name", "phone", "email")
_DOUBTS_PER_BLOCK, _BLOCK_DOUBT = 2, 0.5
Evidence = Iterator[str]  # internal paths of values with evidence against them


def calibrate(certificate: Certificate, confidences: dict[str, float]) -> dict[str, float]:
    """The confidences with every value that evidence speaks against lowered to `DOUBT`."""
    scores = dict(confidences)
    scanned = certificate.document.read_from_images
    rules: list[Callable[[Certificate], Evidence]] = [_typed_values, _policy_consistency, _text_consistency]
    spelt_twice = _email_spelling_its_parties(certificate, scores)
    if scanned:
        for path in [*_corroborated(certificate), *spelt_twice]:
            if scores.get(path, 1.0) >= _MIN_ENGINE_SCORE:
                scores[path] = max(CORROBORATED, scores.get(path, 1.0))
        for path in _marks_and_one_year_terms(certificate):
            if scores.get(path, 1.0) >= _FAINT_BUT_READ:
                scores[path] = max(CORROBORATED, scores.get(path, 1.0))
        rules += [
            _ocr_confusions,
            speck_after_the_contact,
            separator_lost,
            first_name_against_the_mailbox,
            surname_against_the_mailbox,
            names_against_the_description,
            partial(unread_expected, read=scores),
        ]
    for rule in rules:
        for path in rule(certificate):
            scores[path] = min(DOUBT, scores.get(path, 1.0))
    if scanned:
        _doubt_a_poorly_read_block(scores, "producer", _PRODUCER_FIELDS)
        if certificate.document.kind == "acord25":
            _names_read_surely(scores, spelt_twice)
        _naics_lost_with_their_names(certificate, scores)
        for path in mailbox_spelling_a_doubted_name(
            certificate, lambda p: scores.get(p, 1.0) < REVIEW_THRESHOLD
        ):
            scores[path] = min(DOUBT, scores.get(path, 1.0))
    return scores


def _names_read_surely(scores: dict[str, float], spelt_twice: list[str]) -> None:
    """A name has no check digit and no kind to check it against: a letter misread in it
    (`Naviaators`, `Turner-Walst`) passes every rule, so its glyphs must have read surely.
    (Another layout's reading goes to a person whole, and its scores are not glyph scores.)"""
    for path, score in scores.items():
        if _NAME_PATH.search(path) and score < _SURE_NAME_GLYPHS and path not in spelt_twice:
            scores[path] = min(DOUBT, score)


def _naics_lost_with_their_names(certificate: Certificate, scores: dict[str, float]) -> None:
    """`Starr Indemnity & Liability Company -`: an insurer row whose name read in doubt and whose
    NAIC number did not read at all lost it in the same patch of print."""
    for index, insurer in enumerate(certificate.insurers):
        if insurer.naic is None and scores.get(f"insurers.{index}.name", 1.0) < REVIEW_THRESHOLD:
            scores[f"insurers.{index}.naic"] = min(DOUBT, scores.get(f"insurers.{index}.naic", 1.0))


def _corroborated(cert: Certificate) -> Evidence:
    """Values whose kind checks them better than the engine's glyph scores can (faint print lowers
    those whatever was read): an amount on the ladder insurers write limits in, consistent with its
    policy's other limits; an insurer letter that names an insurer row read on the page."""
    letters = {insurer.letter for insurer in cert.insurers if insurer.name}
    for index, policy in enumerate(cert.policies):
        path = f"policies.{index}"
        if policy.insurer_letter in letters:
            yield f"{path}.insurer_letter"
        doubted = limit_doubts(policy)
        for key, amount in policy.limits.items():
            if key not in doubted and limit_is_customary(amount) and not _one_read_as_four(amount, policy):
                yield f"{path}.limits.{key}"


def _marks_and_one_year_terms(cert: Certificate) -> Evidence:
    """An ADDL INSD or SUBR WVD box read as Y, N or X, and a policy's dates a year apart: a lone
    letter in a small box, or a date in faint print, scores low on glyphs whatever was read, but a
    mark cell holds one of three letters and a one-year term checks both dates. Measured on
    development windows, such readings at a glyph score of 0.5 to 0.7 were right 110 times of 110.
    (A mark told by its shape from junk scores under `_FAINT_BUT_READ` and stays listed.)"""
    for index, policy in enumerate(cert.policies):
        for column in ("additional_insured", "subrogation_waived"):
            if getattr(policy, column) is not None:
                yield f"policies.{index}.{column}"
        if policy.effective_date and policy.expiration_date:
            days = (policy.expiration_date - policy.effective_date).days
            if _ONE_YEAR[0] <= days <= _ONE_YEAR[1]:
                yield f"policies.{index}.effective_date"
                yield f"policies.{index}.expiration_date"


_FAINT_BUT_READ = 0.5
# Days of a one-year term, or a day more as some agencies print it; a day less is rather a
# date's last digit misread one lower (`10/22/26` for 10/23/26) than a term.
_ONE_YEAR = (365, 367)


def _one_read_as_four(amount: int, policy: Policy) -> bool:
    """`4,000,000` where `1,000,000` was printed (OCR's commonest misread of a leading 1): an
    amount starting with 4 is customary only as twice another limit (a 4M aggregate over 2M)."""
    return str(amount).startswith("4") and not _multiple_of_another(amount, policy)


def _multiple_of_another(amount: int, policy: Policy) -> bool:
    """`600,000` beside a `300,000` occurrence: an aggregate is often twice or thrice another limit."""
    return any(other and amount in (2 * other, 3 * other) for other in policy.limits.values())


def limit_is_customary(amount: int) -> bool:
    """1, 1.5, 2, 2.5, 3, 4, 5 or 7.5 times a power of ten, from $1,000: how limits are written. A
    misread digit of one (`1,800,000`, `29,000`) is rarely another."""
    if amount < 1000:
        return False
    while amount % 10 == 0:
        amount //= 10
    return amount in _CUSTOMARY_MANTISSAS


def _doubt_a_poorly_read_block(scores: dict[str, float], block: str, fields: tuple[str, ...]) -> None:
    """Two doubtful values in one block of a scan: that patch of the page read poorly (a smudge, a
    fold, a faint print), so its other values are no surer than the two, however clean their glyphs."""
    paths = [f"{block}.{name}" for name in fields]
    if sum(scores.get(path, 1.0) < _BLOCK_DOUBT for path in paths) >= _DOUBTS_PER_BLOCK:
        for path in paths:
            scores[path] = min(DOUBT, scores.get(path, 1.0))


# -- types ------------------------------------------------------------------------------------


def phone_is_plausible(phone: str) -> bool:
    digits = re.sub(r"\D", "", re.split(r"[xX]", phone, maxsplit=1)[0])
    return _PHONE_TEXT.fullmatch(phone.strip()) is not None and len(digits.removeprefix("1")) == _PHONE_DIGITS


def email_is_plausible(email: str) -> bool:
    return _EMAIL.fullmatch(email.strip()) is not None


def policy_number_is_plausible(number: str) -> bool:
    text = number.strip()
    return bool(text) and text[0].isalnum() and text[-1].isalnum()


def _typed_values(cert: Certificate) -> Evidence:
    producer = cert.producer
    if producer.phone and not phone_is_plausible(producer.phone):
        yield "producer.phone"
    if producer.email and not email_is_plausible(producer.email):
        yield "producer.email"
    if cert.revision_number and not _REVISION.fullmatch(cert.revision_number.strip()):
        yield "revision_number"
    for index, policy in enumerate(cert.policies):
        if policy.policy_number and not policy_number_is_plausible(policy.policy_number):
            yield f"policies.{index}.policy_number"


# -- consistency ------------------------------------------------------------------------------


def term_is_plausible(effective: date, expiration: date) -> bool:
    return _MIN_TERM_DAYS <= (expiration - effective).days <= _MAX_TERM_DAYS


def limit_doubts(policy: Policy) -> set[str]:
    """Limit keys of one policy whose amounts contradict each other or their kind."""
    limits, doubts = policy.limits, set()
    for small, large in _LIMIT_ORDER:
        if small in limits and large in limits and limits[small] > limits[large]:
            doubts |= {small, large}
    for key, amount in limits.items():
        if key not in _UNSCALED_LIMITS and amount % 1000:
            doubts.add(key)
        if key in EMPLOYERS_LIABILITY and amount < _MIN_EMPLOYERS_LIABILITY:
            doubts.add(key)
    return doubts


def _policy_consistency(cert: Certificate) -> Evidence:
    for index, policy in enumerate(cert.policies):
        path = f"policies.{index}"
        named = coverage_named_by_number(policy.policy_number)
        if named is not None and named != policy.coverage:
            # Another row's number (and likely its dates) read into this one, or the row's coverage
            # misread (an UMBRELLA mark for EXCESS): the row is in doubt either way.
            yield path
        if (
            policy.effective_date
            and policy.expiration_date
            and not term_is_plausible(policy.effective_date, policy.expiration_date)
        ):
            yield f"{path}.effective_date"
            yield f"{path}.expiration_date"
        for key in limit_doubts(policy):
            yield f"{path}.limits.{key}"


def _text_consistency(cert: Certificate) -> Evidence:
    producer = cert.producer
    if producer.email and producer.contact_name and "@" in producer.email:
        local = [p for p in MAILBOX_PARTS.split(producer.email.split("@")[0].lower()) if len(p) > 2]
        names = [n for n in re.split(r"[\s.\-']+", producer.contact_name.lower()) if len(n) > 2]
        if any(
            # `kmiller`, `kevinmiller`: the name whole beside an initial or the other name is no misread
            not any(part.startswith(name) or part.endswith(name) for part in local)
            and any(near(part, name) for part in local)
            for name in names
        ):
            yield "producer.email"
            yield "producer.contact_name"
    if producer.email and producer.name and domain_near_name(producer.email, producer.name):
        yield "producer.email"
    for role in ("producer", "insured", "certificate_holder"):
        address = getattr(cert, role).address
        if address and (
            len(_ZIP.findall(address)) > 1
            or FORM_LABELS.search(address)
            or _EMAIL.search(address)
            or _PHONE_IN_TEXT.search(address)
        ):
            yield f"{role}.address"
        name = getattr(cert, role).name
        if name and FORM_LABELS.search(name) and role != "insured":
            # A printed label taken for the name: the real name has likely slid into the address.
            yield f"{role}.name"
            yield f"{role}.address"
    if cert.description_of_operations and description_in_doubt(cert.description_of_operations):
        yield "description_of_operations"


def _email_spelling_its_parties(cert: Certificate, scores: dict[str, float]) -> list[str]:
    """`producer.email` when it spells the contact's name (`kevin.miller@`, `kmiller@`) and the
    agency's (`@gallagher.com` beside Gallagher ...) read surely elsewhere: a long e-mail seldom
    reads with sure glyphs all through, but two values read apart vouch for it. The contact's name
    too, `first.last@` spelt in full, where it has no letter with a descender: a field's edge can
    clip a descender in both alike (`Priva`, `priva.smith@`), but not a glyph the two read apart."""
    producer = cert.producer
    if not (
        producer.email and producer.contact_name and producer.name and email_is_plausible(producer.email)
    ):
        return []
    glyphs = min(scores.get("producer.contact_name", 1.0), scores.get("producer.name", 1.0))
    no_descenders = not re.search(r"[gjpqy]", producer.contact_name)
    if glyphs < (_FAINT_BUT_READ if no_descenders else _SURE_NAME_GLYPHS):
        return []
    local, _, domain = producer.email.lower().partition("@")
    local = re.sub(r"[^a-z]", "", local)
    names = re.findall(r"[a-z]+", producer.contact_name.lower())
    agency = re.sub(r"[^a-z]", "", producer.name.lower())
    label = re.sub(r"[^a-z]", "", domain.split(".")[0])
    spells_contact = len(names) >= 2 and local in (names[0] + names[-1], names[0][0] + names[-1])
    known_ending = domain.rpartition(".")[2] in _AGENCY_DOMAIN_ENDINGS  # `.corn` is `.com` misread
    if not (spells_contact and known_ending and len(label) >= 3 and label in agency):
        return []
    in_full = len(names) >= 2 and local == names[0] + names[-1]
    return ["producer.email", "producer.contact_name"] if in_full and no_descenders else ["producer.email"]


_AGENCY_DOMAIN_ENDINGS = frozenset({"com", "net", "org", "us", "biz", "info", "insurance"})


# -- scans and photos -------------------------------------------------------------------------


def _ocr_confusions(cert: Certificate) -> Evidence:
    names = {
        "producer.name": cert.producer.name,
        "producer.contact_name": cert.producer.contact_name,
        "insured.name": cert.insured.name,
        "certificate_holder.name": cert.certificate_holder.name,
    }
    names |= {f"insurers.{i}.name": insurer.name for i, insurer in enumerate(cert.insurers)}
    for path, name in names.items():
        # `T Lopez`: a contact's first name read as one letter, or a speck read before the name;
        # `Al Ana Miller`: the end of the NAME: label read as a short word before it.
        initial = path == "producer.contact_name" and (
            _BARE_INITIAL.match(name or "")
            or _STOP_AFTER_A_NAME.search(name or "")
            or _SHORT_WORD_BEFORE_A_NAME.match(name or "")
        )
        # `Continental C Company`: a carrier's word read as its first letter (carriers spell theirs out)
        # `Ohio Casualty Insurance`: a carrier's legal name ends in its kind (Company, Exchange...)
        cut = path.startswith("insurers.") and (
            _LONE_LETTER_INSIDE.search(name or "")
            or _ENDS_BEFORE_ITS_KIND.search(name or "")
            or _CO_OF_RUN_TOGETHER.search(name or "")
        )
        if name and (name_looks_misread(name) or _STREET_LINE.match(name) or initial or cut):
            yield path
    yield from fragments(cert)
    used = {policy.insurer_letter for policy in cert.policies}
    for index, insurer in enumerate(cert.insurers):
        letters = sum(ch.isalpha() for ch in insurer.name or "")
        if letters < _MIN_CARRIER_LETTERS:
            # A smudge read as a carrier: the whole row is doubtful, more so when no policy uses it.
            yield f"insurers.{index}.name"
            if insurer.letter not in used:
                yield f"insurers.{index}"
    for role in ("producer", "insured", "certificate_holder"):
        address = getattr(cert, role).address
        if address and _address_in_doubt(address, grid=cert.document.kind == "acord25"):
            yield f"{role}.address"
    yield from unusual_terms(cert)
    yield from certificate_date_outside_the_terms(cert)
    yield from editions_unread(cert)
    yield from _limit_misreads(cert)


def _limit_misreads(cert: Certificate) -> Evidence:
    for index, policy in enumerate(cert.policies):
        for key, amount in policy.limits.items():
            if amount and not limit_is_customary(amount) and not _multiple_of_another(amount, policy):
                yield f"policies.{index}.limits.{key}"  # `29,000` for `25,000`: a digit misread
            elif _one_read_as_four(amount, policy):
                yield f"policies.{index}.limits.{key}"
            elif key not in _STANDARD_LIMIT_KEYS:
                yield f"policies.{index}.limits.{key}"  # a free label read by OCR, as doubtful as a name


def _address_in_doubt(address: str, *, grid: bool) -> bool:
    """A scanned address OCR likely misread, or read a piece of it lost (`grid`: on the ACORD form,
    which prints a city, state and ZIP code last)."""
    return bool(
        _STATE_WITHOUT_COMMA.search(address)
        or _LABEL_LIKE_FRAGMENT.search(address)
        or name_looks_misread(address, address=True)
        or _ZIP_MISCOUNTED.search(address)  # `OH 143291`: a ZIP code has five digits
        or _STATE_MISCOUNTED.search(address)  # `Bismarck, NIND 58505`: a state code has two letters
        or WORDS_GLUED.search(address)  # `RiversideDr`
        or state_or_zip_misread(address)  # `RALEIGH, NO 27641`, `Tampa, FL 80055`
        # Its street number lost (`Street, Phoenix`; `Route 9, Floor 3`: no part starts with one),
        # or a unit's (`BLDG, RALEIGH`).
        or not _STREET_NUMBER.search(_LAST_ZIP.sub("", address))
        or not any(part.strip()[:1].isdigit() or _STREET_NUMBER.match(part) for part in address.split(","))
        or _UNIT_WITHOUT_NUMBER.search(address)
        or _UNIT_BEFORE_A_STREET_TYPE.search(address)  # `Main Building St`: a name's word read in
        or _DIRECTION_BEFORE_A_STREET_TYPE.search(address)
        or _NUMBER_ALONE.match(address)  # `154, Raleigh`: the street after its number lost
        or _STOP_BEFORE_A_WORD.search(address)  # `Raleigh, .NC`, `Floor.3`
        # Its last line lost, or a part of it (`Springfield, 62773`, `IL 62773`).
        or (grid and not _STREET_CITY_STATE_ZIP.search(address))
    )
