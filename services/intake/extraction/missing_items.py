"""Evidence that a whole policy or insurer row was printed but never read.

A value that was read can be doubted by its path; a row the reader missed altogether has no path of
its own, so it would pass silently. The contract's syntax names the missing item instead:
`policies[workers_comp]` (a coverage the page shows but no policy was read from), `policies` (some
policy row was lost, its coverage unknown) or `insurers[C]` (a letter a policy points to whose
insurer row was not read). The evidence, all of it from the certificate and its page text:

- a policy names an insurer letter that no insurer row carries;
- on a scan or photo, an insurer row was read that no policy uses (a carrier listed for a policy on
  an attached page is common on digital certificates, whose rows are read reliably, so there it
  proves nothing): each letter read unsurely may be that row's, misread;
- the description of operations speaks of a coverage (workers' compensation, umbrella, auto) that
  no policy was read for;
- a policy number whose prefix names a coverage no policy was read for (`WC 1786678` on the
  excess row: the workers' compensation row's number read into its neighbour);
- the page prints more policy dates than were read: each policy row prints two, the certificate
  one, and the description its own;
- the page prints an amount on an employers' liability line (`E.L. EACH ACCIDENT $ 1,000,000`) and
  no workers' compensation policy was read (a form with no such policy leaves those cells blank).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from services.intake.extraction.calibrate_unread import coverage_named_by_number
from services.intake.extraction.ir import Page
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from services.intake.extraction.textgeom import group_lines
from shared.contracts.certificate import Certificate

# The description speaking of a coverage (not denying it: `no workers compensation` is checked apart).
_COVERAGE_IN_TEXT = {
    "workers_comp": re.compile(r"\bWORKERS'?\s*COMP(?:ENSATION)?\b|\bW\.?C\.?\s+POLICY\b", re.IGNORECASE),
    "umbrella": re.compile(r"\bUMBRELLA\s+(?:LIAB|POLICY|COVERAGE)", re.IGNORECASE),
    "auto_liability": re.compile(
        r"\b(?:BUSINESS|COMMERCIAL)\s+AUTO(?:MOBILE)?\s+(?:LIAB|POLICY)", re.IGNORECASE
    ),
}
_NEGATED = re.compile(r"\b(?:NO|NOT|EXCLUDED|EXEMPT|WAIVED\s+BY\s+STATE)\b", re.IGNORECASE)
_DATE = re.compile(r"^\(?\d{1,2}/\d{1,2}/\d{2,4}\)?[.,;]?$")
_DESCRIPTION_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_EMPLOYERS_LIABILITY_LINE = re.compile(r"\bE\.?\s?L\.?\s+(?:EACH\s+ACCIDENT|DISEASE)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3}){1,3}\b|\b\d{5,}\b")
# Dates printed beyond those read before a row is taken as lost (one stray date may be a note).
_LOST_ROW_DATES = 2
_SURELY_READ_LETTER = 0.8


def missing_items(
    certificate: Certificate,
    pages: Sequence[Page] = (),
    acord_page: int | None = None,
    *,
    scanned: bool = False,
    read_confidences: Mapping[str, float] | None = None,
) -> list[str]:
    """Contract paths of policies and insurers the page shows evidence of, that were not read.
    `read_confidences`: the reading's own, by internal path (how surely each letter was read)."""
    missing = set(_missing_insurers(certificate)) | set(_missing_policies(certificate, pages, acord_page))
    if scanned and _unused_insurer(certificate):
        # An insurer row no policy uses: a row's letter misread (C read as E) leaves it so, and so
        # does a lost row, which leaves its dates printed and unread. (An agency may also list a
        # carrier no row uses: a policy is not put in doubt for that alone, only one whose letter
        # was read unsurely: the misread letters measured were read at 0.07 to 0.73.)
        read = read_confidences or {}
        missing.update(
            f"policies[{index}].insurer_letter"
            for index in range(len(certificate.policies))
            if read.get(f"policies.{index}.insurer_letter", 0.0) < _SURELY_READ_LETTER
        )
        if _unread_dates(certificate, pages, acord_page) >= 1:
            missing.add("policies")
    return sorted(missing)


# The UMBRELLA LIAB / EXCESS LIAB row is one row whose mark tells the two apart.
_MARKED_APART = {"umbrella": "excess", "excess": "umbrella"}


def coverage_told_by_a_doubted_mark(certificate: Certificate, confidences: Mapping[str, float]) -> list[str]:
    """`policies[excess]` where an umbrella policy's coverage is in doubt (`confidences`: the
    calibrated ones, by internal path), and the other way round: the mark that tells the row's two
    coverages apart may be misread, so the one the page prints may be the other, and missing."""
    coverages = {policy.coverage for policy in certificate.policies}
    found = set()
    for index, policy in enumerate(certificate.policies):
        other = _MARKED_APART.get(policy.coverage or "")
        doubted = confidences.get(f"policies.{index}.coverage", 1.0) < REVIEW_THRESHOLD
        if other is not None and doubted and other not in coverages:
            found.add(f"policies[{other}]")
    return sorted(found)


def _unused_insurer(cert: Certificate) -> bool:
    used = {policy.insurer_letter for policy in cert.policies}
    return any(insurer.name and insurer.letter not in used for insurer in cert.insurers)


def _missing_insurers(cert: Certificate) -> Iterator[str]:
    """An insurer row a policy's letter points to that was not read, and that letter itself (a
    misread letter points to a row that was never printed)."""
    letters = {insurer.letter for insurer in cert.insurers}
    for index, policy in enumerate(cert.policies):
        if policy.insurer_letter and policy.insurer_letter not in letters and len(policy.insurer_letter) == 1:
            yield f"insurers[{policy.insurer_letter}]"
            yield f"policies[{index}].insurer_letter"


def _missing_policies(cert: Certificate, pages: Sequence[Page], acord_page: int | None) -> Iterator[str]:
    coverages = {policy.coverage for policy in cert.policies}
    if cert.policies and coverages & {"umbrella", "excess"}:
        coverages.add("umbrella")
    for sentence in re.split(r"(?<=[.;])\s+|\n", cert.description_of_operations or ""):
        for coverage, mentioned in _COVERAGE_IN_TEXT.items():
            if coverage not in coverages and mentioned.search(sentence) and not _NEGATED.search(sentence):
                yield f"policies[{coverage}]"
    for policy in cert.policies:
        named = coverage_named_by_number(policy.policy_number)
        if named is not None and named not in coverages:
            yield f"policies[{named}]"  # a `WC…` number on another row: the WC row's, read astray
    if _unread_dates(cert, pages, acord_page) >= _LOST_ROW_DATES:
        yield "policies"
    if "workers_comp" not in coverages and _employers_liability_amount(pages, acord_page):
        yield "policies[workers_comp]"


def _acord_page(pages: Sequence[Page], acord_page: int | None) -> Page | None:
    return next((p for p in pages if p.number == (acord_page or 1)), None)


def _employers_liability_amount(pages: Sequence[Page], acord_page: int | None) -> bool:
    page = _acord_page(pages, acord_page)
    if page is None:
        return False
    for line in group_lines(page.words):
        text = " ".join(word.text for word in line.words)
        if _EMPLOYERS_LIABILITY_LINE.search(text) and _AMOUNT.search(text):
            return True
    return False


def _unread_dates(cert: Certificate, pages: Sequence[Page], acord_page: int | None) -> int:
    page = _acord_page(pages, acord_page)
    if page is None:
        return 0
    printed = sum(bool(_DATE.match(word.text.strip())) for word in page.words)
    read = sum(d is not None for p in cert.policies for d in (p.effective_date, p.expiration_date))
    read += cert.certificate_date is not None
    read += len(_DESCRIPTION_DATE.findall(cert.description_of_operations or ""))
    return printed - read
