"""Validation lowers the confidence of implausible values and sends them to human review."""

from __future__ import annotations

from datetime import date

from services.intake.extraction.api import extract_document
from services.intake.extraction.validate import REVIEW_THRESHOLD, validate
from shared.contracts.certificate import Certificate, Insurer, Policy
from tests.fixtures.certgen import generate


def _certificate() -> Certificate:
    return Certificate(
        insurers=[
            Insurer(letter="A", name="Travelers", naic="25674"),
            Insurer(letter="B", name="Zurich", naic="1653"),
        ],
        policies=[
            Policy(
                coverage="general_liability",
                insurer_letter="C",
                policy_number="GL-88120",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2025, 1, 1),
                limits={"each_occurrence": 1_000_000, "general_aggregate": 20},
            ),
            Policy(
                coverage="umbrella",
                insurer_letter="A",
                policy_number="UMB-1",
                effective_date=date(2026, 1, 1),
                expiration_date=date(2027, 1, 1),
                limits={"each_occurrence": 5_000_000, "retention": 0},
            ),
        ],
    )


def test_implausible_values_go_to_human_review_by_contract_path() -> None:
    # GIVEN values read with full engine confidence but failing validation
    certificate = _certificate()
    confidences = {
        "insurers.1.naic": 1.0,
        "policies.0.insurer_letter": 1.0,
        "policies.0.effective_date": 1.0,
        "policies.0.expiration_date": 1.0,
        "policies.0.limits.general_aggregate": 1.0,
        "policies.1.limits.retention": 1.0,
        "policies.1.policy_number": 1.0,
    }

    # WHEN validated
    scores, review = validate(certificate, confidences)

    # THEN a 4-digit NAIC, an unlisted insurer letter, expiry before effect and a $20 aggregate are
    # flagged, and the occurrence limit above that aggregate with it (one of the two is misread)
    assert review == [
        "insurers.1.naic",
        "policies.0.effective_date",
        "policies.0.expiration_date",
        "policies.0.insurer_letter",
        "policies.0.limits.each_occurrence",
        "policies.0.limits.general_aggregate",
    ]
    # AND a zero retention and a short but real policy number stay trusted
    assert scores["policies.1.limits.retention"] >= REVIEW_THRESHOLD
    assert "policies.1.policy_number" not in review


def test_a_headline_limit_in_the_thousands_is_a_misreading_while_a_small_limit_may_be_real() -> None:
    # GIVEN `$2,000,000` read as `2,000.00` in an auto row, beside a real $5,000 medical expense
    certificate = _certificate()
    certificate.policies[0].limits = {"medical_expense": 5_000, "each_occurrence": 1_000_000}
    certificate.policies[1].coverage = "auto_liability"
    certificate.policies[1].limits = {"combined_single_limit": 2_000}
    _, review = validate(certificate, {})
    # THEN only the single limit goes to a person: no carrier writes one that low
    assert [path for path in review if ".limits." in path] == ["policies.1.limits.combined_single_limit"]


def test_low_engine_confidence_alone_sends_a_value_to_review() -> None:
    certificate = _certificate()
    _, review = validate(certificate, {"policies.1.policy_number": 0.4, "insurers.0.name": 0.95})
    assert "policies.1.policy_number" in review
    assert "insurers.0.name" not in review


def test_hybrid_xfa_fillable_form_is_read_through_its_acroform() -> None:
    # GIVEN a fillable certificate that also carries an XFA form, as the official ACORD 25 does
    document = next(d for d in (generate(seed, "fillable") for seed in range(40)) if b"/XFA" in d.data)
    assert document.truth is not None

    # WHEN read
    result = extract_document(document.data)

    # THEN the AcroForm values were used
    assert result.certificate.document.engine == "pdf-form"
    assert result.certificate.policies == document.truth.policies


def test_fillable_form_without_printed_labels_is_read_by_official_field_names() -> None:
    # GIVEN a fillable certificate with official ACORD field names whose labels are not text
    # (as when the form is laid over a scanned background): keep only the field values as words
    from services.intake.extraction.api import _map

    for seed in range(40):
        document = generate(seed, "fillable")
        read = extract_document(document.data)
        if any("Policy_GeneralLiability" in f.name for f in read.ir.fields):
            break
    assert document.truth is not None
    pages = [
        p.model_copy(update={"words": [w for w in p.words if w.source == "pdf-form"]}) for p in read.ir.pages
    ]

    # WHEN mapped
    result = _map(read.ir.model_copy(update={"pages": pages}))

    # THEN the field names give the same certificate
    assert result.certificate.document.kind == "acord25"
    assert result.certificate.policies == document.truth.policies
    assert result.certificate.insurers == document.truth.insurers
