"""Validation of what was read, and the confidence of every value.

A value's confidence is the engine's (1.0 for digital text, Tesseract/Textract's for scans) times a
validation factor: a date that is not real, an expiry before the effective date, a NAIC code that is
not five digits, an implausible amount or a policy whose insurer letter is not listed all lower it.
`calibrate` then weighs the evidence beyond the engine's own scores (OCR confusions, values a
certificate of the kind always carries, amounts that contradict each other). Values under
`review_paths.REVIEW_THRESHOLD` go to human review by their dotted contract path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from services.intake.extraction.calibrate import calibrate
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from shared.contracts.certificate import Certificate, Policy

_FAILED = 0.3

_MIN_LIMIT, _MAX_LIMIT = 1_000, 1_000_000_000
_SELF_INSURED_KEYS = {"retention", "deductible"}
# The headline limits: no carrier writes them under ten thousand dollars (state minimums and
# employers' liability start far above), so `2,000.00` read for `$2,000,000` is a misreading.
_HEADLINE_KEYS = {
    "each_occurrence",
    "general_aggregate",
    "products_completed_operations_aggregate",
    "combined_single_limit",
    "aggregate",
    "el_each_accident",
    "el_disease_each_employee",
    "el_disease_policy_limit",
}
_MIN_HEADLINE_LIMIT = 10_000


def validate(certificate: Certificate, confidences: dict[str, float]) -> tuple[dict[str, float], list[str]]:
    scores = {path: max(0.0, min(1.0, value)) for path, value in confidences.items()}

    def lower(path: str, factor: float = _FAILED) -> None:
        scores[path] = scores.get(path, 1.0) * factor

    if certificate.certificate_date is not None and not date(
        1990, 1, 1
    ) <= certificate.certificate_date <= date(2100, 1, 1):
        lower("certificate_date")
    letters = {insurer.letter for insurer in certificate.insurers}
    for index, insurer in enumerate(certificate.insurers):
        if insurer.naic is not None and not re.fullmatch(r"\d{5}", insurer.naic):
            lower(f"insurers.{index}.naic")
        if not insurer.name:
            lower(f"insurers.{index}.name")
    for index, policy in enumerate(certificate.policies):
        for path, factor in _policy_doubts(f"policies.{index}", policy, letters):
            if factor == 0.0:
                scores[path] = 0.0
            else:
                lower(path, factor)
    scores = calibrate(certificate, scores)
    review = sorted(path for path, value in scores.items() if value < REVIEW_THRESHOLD)
    return scores, review


def _policy_doubts(path: str, policy: Policy, letters: set[str]) -> Iterator[tuple[str, float]]:
    """(path, factor) for each value of one policy that fails validation; 0.0 means unread."""
    effective, expiry = policy.effective_date, policy.expiration_date
    if effective is None:
        yield f"{path}.effective_date", 0.0
    if expiry is None:
        yield f"{path}.expiration_date", 0.0
    if effective and expiry and not effective < expiry:
        yield f"{path}.effective_date", _FAILED
        yield f"{path}.expiration_date", _FAILED
    if effective and expiry and (expiry - effective).days > 5 * 366:
        yield f"{path}.expiration_date", 0.6
    if policy.insurer_letter is None:
        if letters:
            yield f"{path}.insurer_letter", 0.0
    elif policy.insurer_letter not in letters:
        yield f"{path}.insurer_letter", _FAILED
    number = policy.policy_number or ""
    if len(number.replace(" ", "")) < 4 or not any(ch.isdigit() for ch in number):
        yield f"{path}.policy_number", 0.5
    for key, amount in policy.limits.items():
        low = 0 if key in _SELF_INSURED_KEYS else _MIN_HEADLINE_LIMIT if key in _HEADLINE_KEYS else _MIN_LIMIT
        if not low <= amount <= _MAX_LIMIT:
            yield f"{path}.limits.{key}", _FAILED
