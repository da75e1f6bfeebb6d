"""Policy terms a misread year made impossible, put right where only one reading fits.

OCR misreads a digit of a year (`2026`, `2028` or `2020` for `2025`) and a policy then takes effect
on or after the day it expires. Which of the two dates is wrong shows in the certificate: agencies
issue it while the policy runs (or shortly before a renewal starts). Each date's year is tried as
the other date's year or the one next to it; when exactly one such correction gives a term of at
most a year and a bit that the certificate's date falls in, it is taken; the date stays listed for
a person to check.
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.contracts import certificate as c

_LONGEST_TERM = timedelta(days=400)
# Certificates for a renewal go out a little before the new term starts.
_ISSUED_BEFORE_TERM = timedelta(days=90)
# Under review_paths.REVIEW_THRESHOLD: a corrected date is a person's to confirm.
_CORRECTED_CONFIDENCE = 0.45


def repair_impossible_terms(cert: c.Certificate, conf: dict[str, float]) -> None:
    for index, policy in enumerate(cert.policies):
        effective, expiration = policy.effective_date, policy.expiration_date
        if effective is None or expiration is None or effective < expiration:
            continue
        # The misread year may be any digit off (`2028`, `2020`): the other date's year, or the
        # year next to it, is tried in its place.
        corrections = [
            *(
                ("effective_date", (_with_year(effective, year), expiration))
                for year in _near(expiration, -1)
            ),
            *(("expiration_date", (effective, _with_year(expiration, year))) for year in _near(effective, 1)),
        ]
        candidates = [(f, term) for f, term in corrections if _fits(term, cert.certificate_date)]
        if not candidates:
            # A policy that had expired when the certificate was issued is still listed on it;
            # one that would start years after the certificate was issued is no reading.
            candidates = [
                (f, term) for f, term in corrections if _fits(term, cert.certificate_date, ended=True)
            ]
        if len(candidates) != 1:
            continue
        field, (policy.effective_date, policy.expiration_date) = candidates[0]
        path = f"policies.{index}.{field}"
        conf[path] = min(conf.get(path, 1.0), _CORRECTED_CONFIDENCE)


def _near(day: date, step: int) -> tuple[int, int]:
    """The years a term's other date may fall in: the same year, or one `step` away."""
    return day.year + step, day.year


def _with_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _fits(term: tuple[date | None, date | None], issued: date | None, *, ended: bool = False) -> bool:
    """A term of at most a year and a bit, running when the certificate was issued (or, `ended`,
    begun before it was)."""
    effective, expiration = term
    if effective is None or expiration is None or not effective < expiration <= effective + _LONGEST_TERM:
        return False
    if issued is None:
        return True
    return effective - _ISSUED_BEFORE_TERM <= issued and (ended or issued <= expiration)
