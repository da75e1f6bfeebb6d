"""Policy terms a misread year made impossible, put right where only one reading fits.

OCR misreads a digit of a year (`2026`, `2028` or `2020` for `2025`) and a policy then takes effect
on or after the day it expires, or runs a few days (`7/13/2025` to `7/14/2025`). Which of the two
dates is wrong shows in the certificate: agencies issue it while the policy runs (or shortly before
a renewal starts). Each date's year is tried as the other date's year or the one next to it; when
exactly one such correction gives a term of at most a year and a bit that the certificate's date
falls in, it is taken; the date stays listed for a person to check. A term of a few days the
certificate's date cannot settle takes the year a digit off in the date OCR was less sure of, and
both dates are listed.
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.contracts import certificate as c

_LONGEST_TERM = timedelta(days=400)
_FEW_DAYS = timedelta(days=7)  # no policy runs a week: such a term is a year misread
# Certificates for a renewal go out a little before the new term starts.
_ISSUED_BEFORE_TERM = timedelta(days=90)
# Under review_paths.REVIEW_THRESHOLD: a corrected date is a person's to confirm.
_CORRECTED_CONFIDENCE = 0.45


def repair_impossible_terms(cert: c.Certificate, conf: dict[str, float]) -> None:
    for index, policy in enumerate(cert.policies):
        effective, expiration = policy.effective_date, policy.expiration_date
        if effective is None or expiration is None or expiration - effective > _FEW_DAYS:
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
        listed = [field for field, _ in candidates]
        if len(candidates) != 1 and effective <= expiration:
            candidates = _less_sure_date_a_digit_off(effective, expiration, conf, index)
            listed = ["effective_date", "expiration_date"]  # a guess between the two: both checked
        if len(candidates) != 1:
            continue
        policy.effective_date, policy.expiration_date = candidates[0][1]
        for field in listed:
            path = f"policies.{index}.{field}"
            conf[path] = min(conf.get(path, 1.0), _CORRECTED_CONFIDENCE)


def _less_sure_date_a_digit_off(
    effective: date, expiration: date, conf: dict[str, float], index: int
) -> list[tuple[str, tuple[date | None, date | None]]]:
    """A term of a few days the certificate's date does not settle: a term is most often a year,
    the date OCR was less sure of has its year one digit off (not `2029` for `2030`)."""

    def sure(field: str) -> float:
        return conf.get(f"policies.{index}.{field}", 1.0)

    if sure("expiration_date") <= sure("effective_date"):
        field, read, year = "expiration_date", expiration, expiration.year + 1
    else:
        field, read, year = "effective_date", effective, effective.year - 1
    if sum(a != b for a, b in zip(str(read.year), str(year), strict=True)) != 1:
        return []
    moved = _with_year(read, year)
    if moved is None:
        return []
    return [(field, (moved, expiration) if field == "effective_date" else (effective, moved))]


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
    if effective is None or expiration is None:
        return False
    if not effective + _FEW_DAYS < expiration <= effective + _LONGEST_TERM:
        return False
    if issued is None:
        return True
    return effective - _ISSUED_BEFORE_TERM <= issued and (ended or issued <= expiration)
