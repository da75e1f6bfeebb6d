"""Evidence from what a scan did not read: values every certificate of the kind carries (the
officers' exclusion box, the employer's liability limits, the umbrella's retention, the insured's
name, the producer), blank boxes the description's own grant says should be marked, and the one
ADDL or SUBR cell left unread in a column whose other rows were all answered. (A whole blank ADDL
or SUBR column is no evidence, even beside the other printing `N`s: measured on development
windows it listed right values only.) Part of `calibrate`, on scans and photos only."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from shared.contracts.certificate import LIMIT_KEYS, Certificate, Policy

Evidence = Iterator[str]  # internal paths of values with evidence against them

_GRANTS_AI = re.compile(r"\bADDITIONAL(?:LY)?\s+INSURED\b", re.IGNORECASE)
_GRANTS_WAIVER = re.compile(r"\bWAIVER\s+OF\s+SUBROGATION\b|\bSUBROGATION\s+IS\s+WAIVED\b", re.IGNORECASE)
_DENIES = re.compile(r"\bDOES\s+NOT\s+APPLY\b|\bNOT\s+(?:AN?\s+)?ADDITIONAL\b|\bNO\s+WAIVER\b", re.IGNORECASE)
EMPLOYERS_LIABILITY = LIMIT_KEYS["workers_comp"]
# Prefixes carriers and agencies give policy numbers of one coverage, and that coverage.
_PREFIX_COVERAGE = {
    "WC": "workers_comp",
    "UMB": "umbrella",
    "XS": "excess",
    "CGL": "general_liability",
    "GL": "general_liability",
    "BA": "auto_liability",
}
_NUMBER_PREFIX = re.compile(r"^(WC|UMB|XS|CGL|GL|BA)(?=[\s-]?\d)", re.IGNORECASE)
_PERSONAL_MAILBOX = re.compile(r"[a-z]{2,}[._][a-z]{2,}@", re.IGNORECASE)  # two names, not `certificates@`


def unread_expected(cert: Certificate, read: Mapping[str, float]) -> Evidence:
    """Values a scan may lose (small boxes, faint cells) that every certificate of the kind carries;
    `read`: the confidences so far (an umbrella row's coverage taken by default is scored there)."""
    yield from _description_against_marks(cert)
    if cert.certificate_date is None:
        yield "certificate_date"
    if cert.producer.phone is None and (cert.producer.contact_name or cert.producer.email):
        yield "producer.phone"  # the contact block was read, its phone line lost
    if cert.producer.email is None and cert.producer.contact_name:
        yield "producer.email"  # a named contact: its e-mail line lost (with its phone line or not)
    if cert.producer.contact_name is None and _PERSONAL_MAILBOX.match(cert.producer.email or ""):
        yield "producer.contact_name"  # `luis.brown@`: a person's mailbox, its name line lost
    if not cert.insured.name:
        yield "insured.name"
    if any(insurer.naic for insurer in cert.insurers):
        # An agency prints every row's NAIC number or none: a row without one beside rows with
        # theirs likely lost it (a Lloyd's syndicate has none: a person sees that at a glance).
        yield from (f"insurers.{i}.naic" for i, insurer in enumerate(cert.insurers) if not insurer.naic)
    if not cert.insured.address:
        yield "insured.address"
    if cert.document.kind != "acord25":
        return  # another layout need not print the grid's boxes
    for field in ("name", "address"):
        if not getattr(cert.producer, field):
            yield f"producer.{field}"  # the grid's PRODUCER box is never left blank
    if cert.revision_number is None and cert.certificate_number:
        yield "revision_number"  # agencies that number a certificate number its revisions too
    for index, policy in enumerate(cert.policies):
        yield from _unread_in_row(f"policies.{index}", policy, read)
    yield from _one_answer_lost(cert)


def _one_answer_lost(cert: Certificate) -> Evidence:
    """The one ADDL or SUBR cell of a column left unread where every other row's answer was read,
    `N`s among them (the workers' compensation row's ADDL cell prints `N/A`): an agency printing
    `N` for no leaves no cell blank, so its mark was lost. (Where no is left blank, as often, a
    blank cell says no and is not doubted.)"""
    for field in ("additional_insured", "subrogation_waived"):
        rows = [
            (index, getattr(policy, field))
            for index, policy in enumerate(cert.policies)
            if not (field == "additional_insured" and policy.coverage == "workers_comp")
        ]
        unread = [index for index, answer in rows if answer is None]
        printed_no = any(answer is False for _, answer in rows)
        if len(unread) == 1 and len(rows) - 1 >= _ANSWERED_ROWS and printed_no:
            yield f"policies.{unread[0]}.{field}"


_ANSWERED_ROWS = 2
_EVERY_AUTO_TYPE = {"owned", "scheduled", "hired", "non_owned"}


def coverage_named_by_number(number: str | None) -> str | None:
    """The coverage a policy number's prefix names (`WC 1786678`, `XS-378527`, `CGL2231`), if any."""
    found = _NUMBER_PREFIX.match((number or "").strip())
    return _PREFIX_COVERAGE[found.group(1).upper()] if found else None


def _unread_in_row(path: str, policy: Policy, read: Mapping[str, float]) -> Evidence:
    number = policy.policy_number or ""
    if policy.effective_date is None and policy.expiration_date is None and not any(map(str.isdigit, number)):
        yield path  # no dates and no real number: a smudge or a stray word taken for a row
        return
    if policy.policy_number is None and policy.effective_date is None:
        return  # a row read only in part is doubted by its dates already
    if (policy.effective_date is None) != (policy.expiration_date is None):
        # One date of the row lost: the other has no term to check it (`2026-08-03` for 2025's).
        yield f"{path}.effective_date" if policy.effective_date else f"{path}.expiration_date"
    if policy.coverage == "workers_comp":
        if policy.officers_excluded is None:
            yield f"{path}.officers_excluded"
        yield from (f"{path}.limits.{k}" for k in EMPLOYERS_LIABILITY if k not in policy.limits)
    elif policy.coverage in ("umbrella", "excess"):
        if read.get(f"{path}.coverage", 1.0) < REVIEW_THRESHOLD and not coverage_named_by_number(number):
            # Neither the UMBRELLA LIAB nor the EXCESS LIAB box read marked, and no `UMB-…` or
            # `XS-…` number to name the kind: the row taken for an umbrella may be the excess
            # policy, and its marks lost with its basis, so the whole row is in doubt. (With its
            # coverage marked, a basis left blank, as some agencies leave it, is listed alone.)
            yield path
        if not {"retention", "deductible"} & policy.limits.keys():
            yield f"{path}.limits.retention"
            yield f"{path}.limits.deductible"
        yield from (f"{path}.limits.{k}" for k in ("each_occurrence", "aggregate") if k not in policy.limits)
    elif policy.coverage == "auto_liability":
        yield from _unread_auto(path, policy)
    elif policy.coverage == "general_liability" and policy.limits:
        expected = LIMIT_KEYS.get(policy.coverage, ())
        yield from (f"{path}.limits.{k}" for k in expected if k not in policy.limits)


def _unread_auto(path: str, policy: Policy) -> Evidence:
    """An auto row's limits and types a scan lost, by what a business auto policy prints."""
    if not policy.limits:
        yield f"{path}.limits.combined_single_limit"
    elif "combined_single_limit" not in policy.limits:
        # Split limits are printed as three (bodily injury per person and per accident, property
        # damage): one read without the others lost them.
        yield from (f"{path}.limits.{k}" for k in _SPLIT_AUTO_LIMITS if k not in policy.limits)
    types = set(policy.auto_types)
    if (types and "any" not in types and not types & {"hired", "non_owned"}) or types >= _EVERY_AUTO_TYPE:
        # A business auto policy covers hired and non-owned autos beside owned or scheduled
        # ones: with neither read, marks were likely lost. Every box but ANY AUTO marked is
        # what an agency marks ANY AUTO for: specks were likely read as marks.
        yield f"{path}.auto_types"


_SPLIT_AUTO_LIMITS = (
    "bodily_injury_per_person",
    "bodily_injury_per_accident",
    "property_damage_per_accident",
)


def _description_against_marks(cert: Certificate) -> Evidence:
    """The description grants additional insured status or a waiver, yet a row's box is blank: on a
    scan the mark may be lost (workers' compensation has no additional insured). Where the grant
    names its coverages (`applies to general liability and workers compensation`), only their rows."""
    text = cert.description_of_operations or ""
    for column, granted in (("additional_insured", _GRANTS_AI), ("subrogation_waived", _GRANTS_WAIVER)):
        if not granted.search(text) or _DENIES.search(text):
            continue
        named = _coverages_named(text, granted)
        for index, policy in enumerate(cert.policies):
            exempt = column == "additional_insured" and policy.coverage == "workers_comp"
            if named and policy.coverage not in named:
                continue
            if getattr(policy, column) is None and not exempt and policy.policy_number is not None:
                yield f"policies.{index}.{column}"


_COVERAGE_WORDS = (
    (re.compile(r"\bGENERAL\s+LIABILITY\b|\bC?GL\b", re.IGNORECASE), ("general_liability",)),
    (re.compile(r"\bAUTO(?:MOBILE)?\b", re.IGNORECASE), ("auto_liability",)),
    (re.compile(r"\bUMBRELLA\b|\bEXCESS\b", re.IGNORECASE), ("umbrella", "excess")),
    (re.compile(r"\bWORKERS'?\s*COMP(?:ENSATION)?\b|\bWC\b", re.IGNORECASE), ("workers_comp",)),
)


def _coverages_named(text: str, granted: re.Pattern[str]) -> set[str]:
    """The coverages named in the sentences that grant (none named: the grant is general)."""
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if granted.search(s)]
    return {
        coverage
        for sentence in sentences
        for pattern, coverages in _COVERAGE_WORDS
        if pattern.search(sentence)
        for coverage in coverages
    }
