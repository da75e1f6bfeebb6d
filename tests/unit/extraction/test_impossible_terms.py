"""A policy term a misread year made impossible is put right only where one reading fits."""

from __future__ import annotations

from datetime import date

import pytest

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


@pytest.mark.parametrize(
    ("eff", "exp", "read"),
    [
        (
            (date(2025, 7, 13), 0.9),
            (date(2025, 7, 14), 0.55),
            (date(2025, 7, 13), date(2026, 7, 14)),
        ),  # 6 as 5
        ((date(2026, 7, 13), 0.55), (date(2026, 7, 14), 0.9), (date(2025, 7, 13), date(2026, 7, 14))),
        ((date(2029, 7, 13), 0.9), (date(2029, 7, 14), 0.55), (date(2029, 7, 13), date(2029, 7, 14))),  # 2030
    ],
)
def test_a_term_of_a_few_days_no_certificate_date_settles_takes_the_less_sure_year_a_digit_off(
    eff: tuple[date, float], exp: tuple[date, float], read: tuple[date, date]
) -> None:
    cert = _certificate(None, eff[0], exp[0])
    conf = {"policies.0.effective_date": eff[1], "policies.0.expiration_date": exp[1]}
    repair_impossible_terms(cert, conf)
    assert (cert.policies[0].effective_date, cert.policies[0].expiration_date) == read
    if read[1].year - read[0].year == 1:  # a guess between the two dates: a person checks both
        assert max(conf.values()) < 0.5


def test_a_term_of_one_day_is_put_right_by_the_certificate_date_not_by_the_surer_date() -> None:
    # Both dates read `03/17/2026` from a scan (0.81 and 0.61), issued 2025-12-11: the term that
    # runs when the certificate was issued is 2025-03-17 to 2026-03-17, whichever date OCR was surer of.
    cert = _certificate(date(2025, 12, 11), date(2026, 3, 17), date(2026, 3, 17))
    conf = {"policies.0.effective_date": 0.81, "policies.0.expiration_date": 0.61}
    repair_impossible_terms(cert, conf)
    assert (cert.policies[0].effective_date, cert.policies[0].expiration_date) == (
        date(2025, 3, 17),
        date(2026, 3, 17),
    )
    assert conf == {"policies.0.effective_date": 0.45, "policies.0.expiration_date": 0.61}
    # a short term that is one (September to September) is left as read
    cert = _certificate(date(2025, 7, 2), date(2025, 7, 13), date(2025, 9, 14))
    repair_impossible_terms(cert, {})
    assert cert.policies[0].expiration_date == date(2025, 9, 14)
