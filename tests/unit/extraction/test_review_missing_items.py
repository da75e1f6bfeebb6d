"""A policy or insurer row printed but never read has no value to doubt: the reading names it instead."""

from __future__ import annotations

from datetime import date

from services.intake.extraction.ir import Box, Page, Word
from services.intake.extraction.missing_items import coverage_told_by_a_doubted_mark, missing_items
from services.intake.extraction.review_paths import build_review
from shared.contracts.certificate import Certificate, DocumentInfo, Insurer, Policy

_TERM = (date(2025, 3, 17), date(2026, 3, 17))


def _certificate(description: str = "") -> Certificate:
    return Certificate(
        document=DocumentInfo(pages=1, kind="acord25", engine="ocr"),
        certificate_date=date(2025, 7, 2),
        insurers=[Insurer(letter="A", name="Continental Casualty Company", naic="20443")],
        policies=[
            Policy(
                coverage="general_liability",
                insurer_letter="A",
                policy_number="GL-88120",
                effective_date=_TERM[0],
                expiration_date=_TERM[1],
            )
        ],
        description_of_operations=description,
    )


def _page(*texts: str) -> Page:
    words = [
        Word(text=text, page=1, box=Box(left=10, top=20 * i, width=40, height=10), source="ocr")
        for i, text in enumerate(texts)
    ]
    return Page(number=1, width=612, height=792, words=words)


def test_a_certificate_read_whole_names_nothing_missing() -> None:
    page = _page("07/02/2025", "CGL", "GL-88120", "03/17/2025", "03/17/2026")
    assert missing_items(_certificate("Job 2231: blanket additional insured."), [page], 1) == []


def test_a_policy_pointing_to_an_unread_insurer_row_names_that_letter() -> None:
    certificate = _certificate()
    certificate.policies[0].insurer_letter = "C"
    # the row, and the letter itself (a misread letter points to a row never printed)
    assert {"insurers[C]", "policies[0].insurer_letter"} <= set(missing_items(certificate))


def test_on_a_scan_an_insurer_no_policy_uses_doubts_the_letters_and_with_dates_unread_a_lost_row() -> None:
    certificate = _certificate()
    certificate.insurers.append(Insurer(letter="B", name="Zurich American Insurance Company", naic="16535"))
    # a row's letter misread would leave it so
    assert missing_items(certificate, scanned=True) == ["policies[0].insurer_letter"]
    # and a lost row, whose dates are printed and unread
    page = _page("07/02/2025", "03/17/2025", "03/17/2026", "WC123", "01/01/2025")
    assert missing_items(certificate, [page], 1, scanned=True) == ["policies", "policies[0].insurer_letter"]


def test_an_unused_insurer_doubts_only_the_letters_read_unsurely() -> None:
    # GIVEN a scan listing a carrier no policy uses, and two policies: one letter read at 0.95,
    # the other at 0.34 (a C read as an E leaves the C row unused and reads unsurely)
    certificate = _certificate()
    certificate.policies.append(certificate.policies[0].model_copy())
    certificate.insurers.append(Insurer(letter="B", name="Zurich American Insurance Company", naic="16535"))
    read = {"policies.0.insurer_letter": 0.95, "policies.1.insurer_letter": 0.34}
    # THEN only the unsure letter is listed: an agency may list a carrier no row uses
    assert missing_items(certificate, scanned=True, read_confidences=read) == ["policies[1].insurer_letter"]


def test_on_a_digital_certificate_an_unused_insurer_is_no_evidence() -> None:
    # An agency lists the carrier of a policy shown on an attached page; the text layer is read whole.
    certificate = _certificate()
    certificate.insurers.append(Insurer(letter="B", name="Zurich American Insurance Company", naic="16535"))
    assert missing_items(certificate) == []


def test_a_coverage_the_description_speaks_of_without_its_policy_is_named() -> None:
    description = (
        "Waiver of subrogation applies to the Workers Compensation policy. Umbrella policy follows form."
    )
    assert missing_items(_certificate(description)) == ["policies[umbrella]", "policies[workers_comp]"]


def test_a_coverage_the_description_denies_is_not_named() -> None:
    description = "No workers compensation: the insured has no employees."
    assert missing_items(_certificate(description)) == []


def test_more_policy_dates_printed_than_read_mean_a_lost_row() -> None:
    page = _page("07/02/2025", "03/17/2025", "03/17/2026", "WC123", "01/01/2025", "01/01/2026")
    assert missing_items(_certificate(), [page], 1) == ["policies"]
    # dates the description itself prints are not a policy's
    description_dates = _certificate("Project start 01/01/2025, completion 01/01/2026.")
    assert missing_items(description_dates, [page], 1) == []


def test_a_number_naming_a_coverage_no_policy_was_read_for_names_it() -> None:
    certificate = _certificate()
    certificate.policies[0].policy_number = "WC 1786678"
    assert missing_items(certificate) == ["policies[workers_comp]"]


def _line(*texts: str) -> Page:
    words = [
        Word(text=text, page=1, box=Box(left=400 + 30 * i, top=500, width=28, height=6), source="ocr")
        for i, text in enumerate(texts)
    ]
    return Page(number=1, width=612, height=792, words=words)


def test_an_employers_liability_amount_with_no_workers_comp_policy_read_names_that_policy() -> None:
    page = _line("E.L.", "EACH", "ACCIDENT", "$", "1,000,000")
    assert "policies[workers_comp]" in missing_items(_certificate(), [page], 1)


def test_the_blank_employers_liability_cells_of_a_form_without_that_policy_are_no_evidence() -> None:
    page = _line("E.L.", "EACH", "ACCIDENT", "$")
    assert "policies[workers_comp]" not in missing_items(_certificate(), [page], 1)


def test_values_every_certificate_prints_left_unread_on_a_scan_are_listed() -> None:
    certificate = _certificate()
    certificate.insured.name = "Rivera Concrete LLC"
    certificate.policies[0].claims_made, certificate.policies[0].aggregate_applies_per = False, "policy"
    certificate.policies[0].expiration_date = None  # the holder's name is unread too

    review, _ = build_review(certificate, {})

    assert review.needs_human_review == ["certificate_holder.name", "policies[0].expiration_date"]


def test_on_a_digital_certificate_an_absent_value_is_what_was_printed() -> None:
    certificate = _certificate()
    certificate.document.engine = "pdf-text"
    certificate.insured.name = "Rivera Concrete LLC"
    certificate.policies[0].expiration_date = None

    review, _ = build_review(certificate, {})

    assert review.needs_human_review == []


def test_an_unread_insurer_letter_is_listed_only_when_the_certificate_names_insurers() -> None:
    certificate = _certificate()
    certificate.insured.name, certificate.certificate_holder.name = "Rivera Concrete LLC", "Granite Peak LLC"
    certificate.policies[0].claims_made, certificate.policies[0].aggregate_applies_per = False, "policy"
    certificate.policies[0].insurer_letter = None

    assert build_review(certificate, {})[0].needs_human_review == ["policies[0].insurer_letter"]
    certificate.insurers = []  # an agency that printed no insurer rows printed no letters either
    assert build_review(certificate, {})[0].needs_human_review == []


def test_an_umbrella_row_whose_coverage_is_in_doubt_names_excess_and_the_other_way_round() -> None:
    # The UMBRELLA LIAB / EXCESS LIAB row's mark tells the two apart: a doubted mark may hide the other
    certificate = _certificate()
    certificate.policies.append(Policy(coverage="umbrella", insurer_letter="A", policy_number="UET-154-924"))
    assert coverage_told_by_a_doubted_mark(certificate, {"policies.1.coverage": 0.45}) == ["policies[excess]"]
    assert coverage_told_by_a_doubted_mark(certificate, {"policies.1.coverage": 0.9}) == []
    certificate.policies[1].coverage = "excess"
    assert coverage_told_by_a_doubted_mark(certificate, {"policies.1.coverage": 0.45}) == [
        "policies[umbrella]"
    ]
    # a doubted general liability coverage has no such twin
    assert coverage_told_by_a_doubted_mark(certificate, {"policies.0.coverage": 0.45}) == []
