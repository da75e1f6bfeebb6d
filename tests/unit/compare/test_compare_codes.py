"""`compare_certificates`: one generated pair per change code, and pairs that must raise nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.review.logic.changes import compare_certificates
from shared.contracts.carriers import load_carriers_csv
from shared.contracts.certificate import Certificate
from shared.contracts.changes import CHANGES_SCHEMA, Changes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rules"
BASE: dict[str, Any] = json.loads((FIXTURES / "certificate_compliant.json").read_text())
CARRIERS = load_carriers_csv(FIXTURES / "carriers_sample.csv")


def renewal() -> dict[str, Any]:
    """The base certificate renewed for a year, everything else equal (raises nothing)."""
    renewed = copy.deepcopy(BASE)
    renewed["certificate_date"] = "2026-12-10"
    for policy in renewed["policies"]:
        policy["effective_date"], policy["expiration_date"] = "2027-01-01", "2028-01-01"
    return renewed


def policy(certificate: dict[str, Any], coverage: str) -> dict[str, Any]:
    return next(p for p in certificate["policies"] if p["coverage"] == coverage)


def compare(previous: dict[str, Any], current: dict[str, Any]) -> Changes:
    return compare_certificates(
        Certificate.model_validate(previous), Certificate.model_validate(current), carriers=CARRIERS
    )


def _lower_rated_carrier(cert: dict[str, Any]) -> None:
    cert["insurers"].append({"letter": "D", "name": "Lowland Assurance Co", "naic": "90104"})
    policy(cert, "general_liability")["insurer_letter"] = "D"


def _same_rated_other_carrier(cert: dict[str, Any]) -> None:
    cert["insurers"].append({"letter": "D", "name": "Pinecrest Insurance Co", "naic": "90999"})
    policy(cert, "auto_liability")["insurer_letter"] = "D"


def _blanket(cert: dict[str, Any]) -> None:
    cert["endorsements"] = [{"form": "CG 20 37", "edition": "04 13", "page": None}]
    cert["description_of_operations"] = (
        "Job #2231 Harbor Point Tower. Blanket additional insured where required by written contract "
        "per CG 20 38 for ongoing operations and CG 20 37 for completed operations. Waiver of "
        "subrogation applies where not prohibited by law."
    )


def _midterm(cert: dict[str, Any]) -> None:
    general = policy(cert, "general_liability")
    general["policy_number"], general["effective_date"] = "GL-99001", "2026-07-01"
    general["expiration_date"] = "2027-07-01"


def _gap(cert: dict[str, Any]) -> None:
    policy(cert, "workers_comp")["effective_date"] = "2027-01-15"


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str | None, str]] = {
    "CARRIER_CHANGED": (_same_rated_other_carrier, "auto_liability", "info"),
    "CARRIER_RATING_LOWER": (_lower_rated_carrier, "general_liability", "warning"),
    "LIMIT_REDUCED": (
        lambda c: policy(c, "umbrella")["limits"].update(each_occurrence=2000000),
        "umbrella",
        "warning",
    ),
    "COVERAGE_DROPPED": (
        lambda c: c.update(policies=[p for p in c["policies"] if p["coverage"] != "auto_liability"]),
        "auto_liability",
        "warning",
    ),
    "ADDITIONAL_INSURED_DROPPED": (
        lambda c: policy(c, "auto_liability").update(additional_insured=None),
        "auto_liability",
        "warning",
    ),
    "SUBROGATION_WAIVER_DROPPED": (
        lambda c: policy(c, "workers_comp").update(subrogation_waived=False),
        "workers_comp",
        "warning",
    ),
    "ENDORSEMENT_DROPPED": (
        lambda c: c.update(
            endorsements=[{"form": "CG 20 10", "edition": "04 13", "page": 2}],
            description_of_operations=BASE["description_of_operations"].replace(" and CG 20 37 04 13", ""),
        ),
        "general_liability",
        "warning",
    ),
    "AI_SCHEDULED_TO_BLANKET": (_blanket, "general_liability", "warning"),
    "OCCURRENCE_TO_CLAIMS_MADE": (
        lambda c: policy(c, "umbrella").update(claims_made=True),
        "umbrella",
        "warning",
    ),
    "AGGREGATE_BASIS_WIDER": (
        lambda c: policy(c, "general_liability").update(aggregate_applies_per="policy"),
        "general_liability",
        "warning",
    ),
    "POLICY_NUMBER_CHANGED_MIDTERM": (_midterm, "general_liability", "warning"),
    "COVERAGE_GAP": (_gap, "workers_comp", "warning"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_raised_by_its_generated_pair(code: str) -> None:
    mutate, coverage, severity = CASES[code]
    current = renewal()
    if code == "POLICY_NUMBER_CHANGED_MIDTERM":
        current = copy.deepcopy(BASE)  # a rewrite while the old policy still runs
    mutate(current)
    changes = compare(BASE, current)
    found = [c for c in changes.changes if c.code == code]
    assert len(found) == 1, changes.changes
    assert found[0].coverage == coverage
    assert found[0].severity == severity
    assert found[0].message.endswith(".")
    assert "\n" not in found[0].message
    # Only the intended change (a dropped scheduled form is explained by the blanket change).
    expected = {code, "CARRIER_CHANGED"} if code == "CARRIER_RATING_LOWER" else {code}
    assert {c.code for c in changes.changes} == expected


def test_a_plain_renewal_raises_nothing() -> None:
    assert compare(BASE, renewal()).changes == []


def test_the_same_certificate_twice_raises_nothing() -> None:
    assert compare(BASE, copy.deepcopy(BASE)).changes == []


def test_better_terms_raise_nothing() -> None:
    current = renewal()
    policy(current, "umbrella")["limits"].update(each_occurrence=10000000, retention=0)
    policy(current, "general_liability")["claims_made"] = None  # unread, not a change of basis
    policy(current, "workers_comp")["effective_date"] = "2026-12-15"  # overlapping renewal
    assert compare(BASE, current).changes == []


def test_the_rating_message_names_both_carriers_and_ratings() -> None:
    current = renewal()
    _lower_rated_carrier(current)
    lower = next(c for c in compare(BASE, current).changes if c.code == "CARRIER_RATING_LOWER")
    assert lower.message == (
        "The new general liability policy is written by Lowland Assurance Co, rated B++ VIII; "
        "the previous one by Granite Mutual Insurance Co, rated A+ XV."
    )
    assert (lower.previous, lower.current) == ("A+ XV", "B++ VIII")


def test_a_carrier_change_is_matched_by_naic_before_name() -> None:
    current = renewal()
    current["insurers"][0]["name"] = "GRANITE MUTUAL INS. CO."  # same NAIC, printed differently
    assert compare(BASE, current).changes == []


def test_a_limit_no_longer_printed_is_reduced() -> None:
    current = renewal()
    del policy(current, "general_liability")["limits"]["general_aggregate"]
    (change,) = compare(BASE, current).changes
    assert (change.code, change.field, change.previous, change.current) == (
        "LIMIT_REDUCED",
        "general_aggregate",
        2000000,
        None,
    )


def test_other_coverages_pair_by_label() -> None:
    previous, current = copy.deepcopy(BASE), renewal()
    professional = {
        "coverage": "other", "label": "Professional Liability", "insurer_letter": "A",
        "policy_number": "PL-1", "effective_date": "2026-01-01", "expiration_date": "2027-01-01",
        "limits": {"each_claim": 2000000},
    }  # fmt: skip
    previous["policies"].append(professional)
    current["policies"].append(
        {**professional, "label": "Pollution Liability", "effective_date": "2027-01-01"}
    )
    dropped = [c for c in compare(previous, current).changes if c.code == "COVERAGE_DROPPED"]
    assert [(c.coverage, c.label) for c in dropped] == [("other", "Professional Liability")]


def test_contract_json_shape() -> None:
    current = renewal()
    _gap(current)
    data = compare(BASE, current).to_contract_json()
    assert data["schema"] == CHANGES_SCHEMA
    changes = data["changes"]
    assert isinstance(changes, list)
    (change,) = changes
    assert set(change) >= {"code", "coverage", "field", "previous", "current", "severity", "message"}
    assert (change["previous"], change["current"]) == ("2027-01-01", "2027-01-15")
