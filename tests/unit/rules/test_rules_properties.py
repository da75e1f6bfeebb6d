"""Invariants of the rules over generated certificates and requirement groups (hypothesis)."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_builders import run_check

from shared.contracts.verdict import Verdict

AMOUNTS = [None, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000]
FLAGS = [True, False, None]
EFFECTIVE = ["2025-01-01", "2026-01-01", "2026-05-01", "2026-05-02", None]
EXPIRATION = ["2026-04-30", "2026-05-01", "2027-01-01", None]
LIMIT_KEYS = {
    "general_liability": ["each_occurrence", "general_aggregate", "products_completed_operations_aggregate"],
    "auto_liability": ["combined_single_limit", "bodily_injury_per_person"],
    "umbrella": ["each_occurrence", "aggregate"],
    "excess": ["each_occurrence", "aggregate"],
    "workers_comp": ["el_each_accident", "el_disease_policy_limit"],
}
SNIPPETS = [
    "Summit Builders Inc is additional insured.",
    "Harbor Point Owner, LLC is an additional insured.",
    "Harbor Point Owner LLC is NOT an additional insured.",
    "Additional insured as required by written contract.",
    "Blanket additional insured does not apply.",
    "Waiver of subrogation applies.",
    "Waiver of subrogation applies to workers compensation.",
    "Waiver of subrogation does not apply.",
    "Coverage is primary and non-contributory.",
    "Additional insured for ongoing and completed operations.",
    "Per project aggregate applies.",
    "Job No. 2231, 100 Main St. Boston.",
    "Per CG 20 10 04 13 and CG 20 37 04 13.",
    "CG 20 38 does not apply.",
]
FORMS = ["CG 20 10", "CG 20 37", "CG 20 38", "CG 24 04", "CG 20 01", "CG 25 03", "WC 00 03 13", "CA 04 44"]
INSURERS = [
    {"letter": "A", "name": "Granite Mutual Insurance Co", "naic": "90101"},
    {"letter": "B", "name": "Lowland Assurance Co", "naic": "90104"},
    {"letter": "C", "name": "Unlisted Mutual", "naic": None},
]


@st.composite
def policies(draw: st.DrawFn, coverage: str) -> dict[str, Any]:
    limits = {key: amount for key in LIMIT_KEYS[coverage] if (amount := draw(st.sampled_from(AMOUNTS)))}
    return {
        "coverage": coverage,
        "insurer_letter": draw(st.sampled_from(["A", "B", "C", None])),
        "policy_number": f"P-{coverage[:3].upper()}",
        "effective_date": draw(st.sampled_from(EFFECTIVE)),
        "expiration_date": draw(st.sampled_from(EXPIRATION)),
        "additional_insured": draw(st.sampled_from(FLAGS)),
        "subrogation_waived": draw(st.sampled_from(FLAGS)),
        "claims_made": draw(st.sampled_from(FLAGS)),
        "aggregate_applies_per": draw(st.sampled_from(["policy", "project", "location", None])),
        "auto_types": draw(st.lists(st.sampled_from(["any", "owned", "hired", "non_owned"]), unique=True)),
        "per_statute": draw(st.sampled_from(FLAGS)),
        "officers_excluded": draw(st.sampled_from(FLAGS)),
        "limits": limits,
    }


@st.composite
def certificates(draw: st.DrawFn) -> dict[str, Any]:
    # At most one policy per coverage and one umbrella-or-excess row, so "the policy judged for a
    # requirement" is unambiguous and the invariants can be stated as set inclusion.
    kinds = [
        "general_liability",
        "auto_liability",
        "workers_comp",
        draw(st.sampled_from(["umbrella", "excess"])),
    ]
    chosen = [kind for kind in kinds if draw(st.booleans())]
    forms = draw(st.lists(st.sampled_from(FORMS), unique=True, max_size=4))
    return {
        "schema": "coi.certificate/1",
        "document": {"pages": 1, "kind": "acord25"},
        "insured": {
            "name": draw(st.sampled_from(["Rivera Concrete LLC", "The Rivera Concrete Co.", "Other LLC"]))
        },
        "insurers": INSURERS,
        "policies": [draw(policies(kind)) for kind in chosen],
        "description_of_operations": " ".join(draw(st.lists(st.sampled_from(SNIPPETS), max_size=5))),
        "certificate_holder": {
            "name": draw(st.sampled_from(["Summit Builders, Inc.", "Someone Else", None]))
        },
        "endorsements": [{"form": form, "page": draw(st.sampled_from([None, 2]))} for form in forms],
    }


@st.composite
def requirement_groups(draw: st.DrawFn) -> dict[str, Any]:
    coverages = []
    for coverage in ("general_liability", "auto_liability", "umbrella", "workers_comp"):
        if not draw(st.booleans()):
            continue
        limits = {key: amount for key in LIMIT_KEYS[coverage] if (amount := draw(st.sampled_from(AMOUNTS)))}
        coverages.append(
            {
                "coverage": coverage,
                "limits": limits,
                "additional_insured": draw(st.sampled_from(FLAGS)),
                "subrogation_waived": draw(st.sampled_from(FLAGS)),
                "primary_noncontributory": draw(st.sampled_from(FLAGS)),
                "completed_operations": draw(st.sampled_from(FLAGS)),
                "occurrence_only": draw(st.sampled_from(FLAGS)),
                "per_project_aggregate": draw(st.sampled_from(FLAGS)),
                "auto_types_any_of": draw(st.sampled_from([None, ["any"], ["owned", "hired"]])),
                "per_statute": draw(st.sampled_from(FLAGS)),
                "officers_excluded_allowed": draw(st.sampled_from(FLAGS)),
                "waived": draw(st.booleans()),
            }
        )
    return {
        "schema": "coi.requirements/1",
        "as_of": "2026-05-01",
        "insured_name": draw(st.sampled_from([None, "Rivera Concrete LLC"])),
        "certificate_holder": draw(st.sampled_from([None, "Summit Builders Inc"])),
        "additional_insureds": draw(
            st.sampled_from([[], ["Summit Builders Inc"], ["Summit Builders Inc", "Harbor Point Owner LLC"]])
        ),
        "minimum_am_best": draw(st.sampled_from([None, {"rating": "A-", "size": "VII"}, {"rating": "B+"}])),
        "allow_umbrella_to_satisfy_limits": draw(st.booleans()),
        "coverages": coverages,
    }


def _keys(verdict: Verdict) -> Counter[tuple[object, ...]]:
    # A missing additional-insured name is a fact about the description; which requirement it is
    # reported under may move when that requirement is waived, so it is compared without coverage.
    return Counter(
        (d.code, d.found) if d.code == "ADDITIONAL_INSURED_NAME_MISSING" else (d.code, d.coverage, d.field)
        for d in verdict.deficiencies
    )


def _included(after: Verdict, before: Verdict) -> bool:
    return not (_keys(after) - _keys(before))


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(certificates(), requirement_groups(), st.data())
def test_raising_a_limit_never_adds_a_deficiency(
    certificate: dict[str, Any], requirements: dict[str, Any], data: st.DataObject
) -> None:
    # GIVEN a certificate with at least one printed limit
    printed = [(i, key) for i, p in enumerate(certificate["policies"]) for key in p["limits"]]
    if not printed:
        return
    index, key = data.draw(st.sampled_from(printed))
    before = run_check(certificate, requirements)

    # WHEN one limit is raised
    raised = copy.deepcopy(certificate)
    raised["policies"][index]["limits"][key] += data.draw(st.sampled_from([1, 500_000, 10_000_000]))
    after = run_check(raised, requirements)

    # THEN no deficiency appears that was not there before
    assert _included(after, before)


@PROPERTY_SETTINGS
@given(certificates(), requirement_groups(), st.data())
def test_removing_a_policy_never_makes_a_certificate_compliant(
    certificate: dict[str, Any], requirements: dict[str, Any], data: st.DataObject
) -> None:
    if not certificate["policies"]:
        return
    before = run_check(certificate, requirements)
    index = data.draw(st.integers(0, len(certificate["policies"]) - 1))

    reduced = copy.deepcopy(certificate)
    del reduced["policies"][index]
    after = run_check(reduced, requirements)

    assert before.compliant or not after.compliant


@PROPERTY_SETTINGS
@given(certificates(), requirement_groups(), st.data())
def test_waiving_a_coverage_never_adds_a_deficiency(
    certificate: dict[str, Any], requirements: dict[str, Any], data: st.DataObject
) -> None:
    if not requirements["coverages"]:
        return
    before = run_check(certificate, requirements)
    index = data.draw(st.integers(0, len(requirements["coverages"]) - 1))

    waived = copy.deepcopy(requirements)
    waived["coverages"][index]["waived"] = True
    after = run_check(certificate, waived)

    assert _included(after, before)
    assert after.coverages[index].status == "waived"


@PROPERTY_SETTINGS
@given(certificates(), requirement_groups())
def test_the_verdict_is_deterministic_and_valid_against_the_contract(
    certificate: dict[str, Any], requirements: dict[str, Any]
) -> None:
    first = run_check(certificate, requirements)
    second = run_check(copy.deepcopy(certificate), copy.deepcopy(requirements))

    assert first.to_contract_json() == second.to_contract_json()
    # The engine builds verdicts without validation for speed; they must still validate.
    revalidated = Verdict.model_validate(first.to_contract_json())
    assert revalidated == first
    assert revalidated.to_contract_json() == first.to_contract_json()
    assert first.compliant is (not first.deficiencies)
    assert len(first.coverages) == len(requirements["coverages"])
