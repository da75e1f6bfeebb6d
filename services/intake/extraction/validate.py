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
from datetime import date

from services.intake.extraction.calibrate import calibrate
from services.intake.extraction.review_paths import REVIEW_THRESHOLD
from shared.contracts.certificate import Certificate

_FAILED = 0.3

_MIN_LIMIT, _MAX_LIMIT = 1_000, 1_000_000_000
_SELF_INSURED_KEYS = {"retention", "deductible"}


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
        path = f"policies.{index}"
        effective, expiry = policy.effective_date, policy.expiration_date
        if effective is None:
            scores[f"{path}.effective_date"] = 0.0
        if expiry is None:
            scores[f"{path}.expiration_date"] = 0.0
        if effective and expiry and not effective < expiry:
            lower(f"{path}.effective_date")
            lower(f"{path}.expiration_date")
        if effective and expiry and (expiry - effective).days > 5 * 366:
            lower(f"{path}.expiration_date", 0.6)
        if policy.insurer_letter is None:
            if letters:
                scores[f"{path}.insurer_letter"] = 0.0
        elif policy.insurer_letter not in letters:
            lower(f"{path}.insurer_letter")
        number = policy.policy_number or ""
        if len(number.replace(" ", "")) < 4 or not any(ch.isdigit() for ch in number):
            lower(f"{path}.policy_number", 0.5)
        for key, amount in policy.limits.items():
            low = 0 if key in _SELF_INSURED_KEYS else _MIN_LIMIT
            if not low <= amount <= _MAX_LIMIT:
                lower(f"{path}.limits.{key}")
    scores = calibrate(certificate, scores)
    review = sorted(path for path, value in scores.items() if value < REVIEW_THRESHOLD)
    return scores, review
