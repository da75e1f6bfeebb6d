"""A policy term a misread year made impossible is put right only where one reading fits."""

from __future__ import annotations

from datetime import date

from services.intake.extraction.acord25.terms import repair_impossible_terms
from shared.contracts import certificate as c


def _certificate(issued: date | None, effective: date, expiration: date) -> c.Certificate:
    return c.Certificate(
        document=c.DocumentInfo(pages=1, kind="acord25", engine="ocr", sha256="0" * 64),
        certificate_date=issued,
        policies=[c.Policy(coverage="workers_comp", effective_date=effective, expiration_date=expiration)],
    )


def test_an_effective_year_read_one_too_high_is_put_back_and_listed() -> None:
    # Read from a scan: effective 2026-03-17 for a term that ends 2025-09-15; issued 2025-07-02.
    cert = _certificate(date(2025, 7, 2), date(2026, 3, 17), date(2025, 9, 15))
    conf = {"policies.0.effective_date": 0.93}
    repair_impossible_terms(cert, conf)
    assert cert.policies[0].effective_date == date(2025, 3, 17)
    assert cert.policies[0].expiration_date == date(2025, 9, 15)
    assert conf["policies.0.effective_date"] < 0.5


def test_an_expiration_year_read_one_too_low_is_put_back() -> None:
    cert = _certificate(date(2025, 5, 1), date(2025, 4, 1), date(2025, 4, 1))
    conf: dict[str, float] = {}
    repair_impossible_terms(cert, conf)
    assert cert.policies[0].expiration_date == date(2026, 4, 1)
    assert conf["policies.0.expiration_date"] < 0.5


def test_without_a_certificate_date_both_corrections_fit_and_nothing_is_changed() -> None:
    cert = _certificate(None, date(2026, 3, 17), date(2025, 9, 15))
    repair_impossible_terms(cert, {})
    assert cert.policies[0].effective_date == date(2026, 3, 17)


def test_a_possible_term_is_left_as_read() -> None:
    cert = _certificate(date(2025, 7, 2), date(2025, 3, 17), date(2025, 9, 15))
    conf = {"policies.0.effective_date": 0.9}
    repair_impossible_terms(cert, conf)
    assert (cert.policies[0].effective_date, conf["policies.0.effective_date"]) == (date(2025, 3, 17), 0.9)


def test_no_correction_is_made_when_neither_fits_the_certificate_date() -> None:
    cert = _certificate(date(2023, 1, 1), date(2026, 3, 17), date(2025, 9, 15))
    repair_impossible_terms(cert, {})
    assert cert.policies[0].effective_date == date(2026, 3, 17)


def test_a_year_read_several_years_off_is_put_back() -> None:
    # `2028` for `2025` (a 5 read as an 8), and `2020` for `2026` (a 6 read as a 0)
    cert = _certificate(date(2025, 7, 2), date(2028, 5, 5), date(2026, 5, 5))
    repair_impossible_terms(cert, {})
    assert cert.policies[0].effective_date == date(2025, 5, 5)
    cert = _certificate(date(2025, 7, 2), date(2025, 5, 13), date(2020, 5, 13))
    repair_impossible_terms(cert, {})
    assert cert.policies[0].expiration_date == date(2026, 5, 13)


def test_a_policy_that_had_ended_before_the_certificate_is_put_back_to_the_term_already_begun() -> None:
    # An expired workers' comp policy, `2028-01-27` read for 2025-01-27, ending 2026-01-27;
    # issued 2026-03-10: neither term runs on that day, only one had begun by then.
    cert = _certificate(date(2026, 3, 10), date(2028, 1, 27), date(2026, 1, 27))
    conf: dict[str, float] = {}
    repair_impossible_terms(cert, conf)
    assert (cert.policies[0].effective_date, cert.policies[0].expiration_date) == (
        date(2025, 1, 27),
        date(2026, 1, 27),
    )
    assert conf["policies.0.effective_date"] < 0.5
