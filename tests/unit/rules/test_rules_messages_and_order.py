"""Messages a broker can act on, the order of deficiencies, and the verdict's date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rules_builders import base_certificate, base_requirements, policy, requirement, run_check

from services.review.rules import unreadable_verdict
from services.review.rules.messages import long_date, money


def test_money_and_dates_are_formatted_for_people() -> None:
    assert money(1_000_000) == "$1,000,000"
    assert money(500) == "$500"
    assert long_date(date(2026, 3, 14)) == "March 14, 2026"
    assert long_date(date(2026, 5, 1)) == "May 1, 2026"


def test_limit_message_reads_as_in_the_contract() -> None:
    # GIVEN the contract's example: $1,000,000 each occurrence against $2,000,000, no umbrella help
    certificate, requirements = base_certificate(), base_requirements()
    requirement(requirements, "general_liability")["limits"]["each_occurrence"] = 2_000_000
    requirements["allow_umbrella_to_satisfy_limits"] = False

    deficiency = run_check(certificate, requirements).deficiencies[0]

    assert deficiency.message == (
        "General liability each-occurrence limit is $1,000,000; the project requires $2,000,000."
    )
    assert (deficiency.required, deficiency.found) == (2_000_000, 1_000_000)


def test_every_message_is_one_sentence() -> None:
    # GIVEN a certificate wrong in many ways at once
    certificate, requirements = base_certificate(), base_requirements()
    certificate["insured"]["name"] = "Someone Else LLC"
    certificate["description_of_operations"] = "Job 1."
    certificate["endorsements"] = []
    gl = policy(certificate, "general_liability")
    gl.update(
        claims_made=True, aggregate_applies_per="policy", additional_insured=None, subrogation_waived=None
    )
    policy(certificate, "workers_comp").update(
        per_statute=None, officers_excluded=True, expiration_date="2026-04-01"
    )
    certificate["policies"] = [p for p in certificate["policies"] if p["coverage"] != "auto_liability"]

    verdict = run_check(certificate, requirements)

    # THEN each message is a single sentence ending with a period, with no internal sentence break
    assert len(verdict.deficiencies) >= 10
    for deficiency in verdict.deficiencies:
        assert deficiency.message.endswith(".")
        assert ". " not in deficiency.message.replace("e.g. ", ""), deficiency.message


def test_deficiencies_are_ordered_document_first_then_by_requirement_then_by_code() -> None:
    certificate, requirements = base_certificate(), base_requirements()
    certificate["certificate_holder"]["name"] = "Other Holder Inc"
    policy(certificate, "workers_comp")["per_statute"] = None
    policy(certificate, "general_liability").update(claims_made=True, expiration_date="2026-04-01")
    policy(certificate, "general_liability")["limits"]["general_aggregate"] = 100_000
    requirements["allow_umbrella_to_satisfy_limits"] = False

    codes = [(d.code, d.coverage) for d in run_check(certificate, requirements).deficiencies]

    assert codes == [
        ("CERTIFICATE_HOLDER_MISMATCH", None),
        ("LIMIT_BELOW_REQUIRED", "general_liability"),
        ("POLICY_EXPIRED", "general_liability"),
        ("CLAIMS_MADE_NOT_ACCEPTED", "general_liability"),
        ("NOT_PER_STATUTE", "workers_comp"),
    ]


def test_as_of_defaults_to_the_requirements_then_today() -> None:
    certificate, requirements = base_certificate(), base_requirements()
    assert run_check(certificate, requirements).as_of == date(2026, 5, 1)
    assert run_check(certificate, requirements, as_of=date(2026, 6, 1)).as_of == date(2026, 6, 1)
    del requirements["as_of"]
    assert run_check(certificate, requirements).as_of == datetime.now(UTC).date()


def test_unreadable_verdict_carries_only_unreadable() -> None:
    verdict = unreadable_verdict("the PDF is encrypted", date(2026, 5, 1))

    assert verdict.compliant is False
    assert verdict.coverages == []
    assert [(d.code, d.coverage, d.field) for d in verdict.deficiencies] == [("UNREADABLE", None, None)]
    assert "encrypted" in verdict.deficiencies[0].message
    assert verdict.to_contract_json()["schema"] == "coi.verdict/1"
