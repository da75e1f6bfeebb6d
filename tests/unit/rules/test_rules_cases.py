"""A table of cases: one change to a compliant certificate or requirement group, the exact result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from rules_builders import (
    AS_OF,
    Mutation,
    base_certificate,
    base_requirements,
    codes,
    policy,
    requirement,
    run_check,
)


def _noop(_: dict[str, Any]) -> None:
    return None


@dataclass
class Case:
    id: str
    certificate: Mutation = _noop
    requirements: Mutation = _noop
    expected: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    statuses: dict[str, str] | None = None


def _set(kind: str, **values: Any) -> Mutation:
    def apply(certificate: dict[str, Any]) -> None:
        policy(certificate, kind).update(values)

    return apply


def _limits(coverage: str, **values: Any) -> Mutation:
    def apply(certificate: dict[str, Any]) -> None:
        limits = policy(certificate, coverage)["limits"]
        for key, value in values.items():
            if value is None:
                limits.pop(key, None)
            else:
                limits[key] = value

    return apply


def _require(coverage: str, **values: Any) -> Mutation:
    def apply(requirements: dict[str, Any]) -> None:
        requirement(requirements, coverage).update(values)

    return apply


def _require_limits(coverage: str, **values: int) -> Mutation:
    def apply(requirements: dict[str, Any]) -> None:
        requirement(requirements, coverage).setdefault("limits", {}).update(values)

    return apply


def _unlettered(certificate: dict[str, Any]) -> None:
    for each in certificate["policies"]:
        each["insurer_letter"] = None


def _top(**values: Any) -> Mutation:
    def apply(document: dict[str, Any]) -> None:
        document.update(values)

    return apply


def _scanned(**values: Any) -> Mutation:
    """Top-level values of a certificate read from a scan (OCR), where names may be misread."""
    return _top(document={"pages": 1, "kind": "acord25", "engine": "tesseract"}, **values)


def _doubted_insured(name: str) -> Mutation:
    """A scanned insured name the reader listed for a person."""
    return _scanned(
        insured={"name": name},
        review={"needs_human_review": ["insured.name"], "confidence": {"insured.name": 0.4}},
    )


def _all(*mutations: Mutation) -> Mutation:
    def apply(document: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(document)

    return apply


def _remove(coverage: str) -> Mutation:
    def apply(certificate: dict[str, Any]) -> None:
        certificate["policies"] = [p for p in certificate["policies"] if p["coverage"] != coverage]

    return apply


def _add_policy(**values: Any) -> Mutation:
    def apply(certificate: dict[str, Any]) -> None:
        certificate["policies"].append(values)

    return apply


def _endorsements(*forms: tuple[str, int | None]) -> Mutation:
    return _top(endorsements=[{"form": form, "edition": None, "page": page} for form, page in forms])


def _description(text: str) -> Mutation:
    return _top(description_of_operations=text)


GL, AUTO, UMB, EXC, WC, OTHER = (
    "general_liability",
    "auto_liability",
    "umbrella",
    "excess",
    "workers_comp",
    "other",
)
LIMIT = "LIMIT_BELOW_REQUIRED"
# A description that names both additional insureds but gives no other wording.
NAMES_ONLY = "Summit Builders Inc and Harbor Point Owner LLC."
FULL_WORDING = (
    "Summit Builders Inc and Harbor Point Owner LLC are additional insureds for ongoing and completed "
    "operations on a primary and non-contributory basis. Waiver of subrogation applies."
)

CASES = [
    Case("baseline certificate is compliant", statuses={GL: "met", AUTO: "met", UMB: "met", WC: "met"}),
    # -- limits and umbrella stacking ------------------------------------------------------------
    Case(
        "GL each occurrence short is made up by the umbrella",
        certificate=_limits(GL, each_occurrence=500_000),
    ),
    Case(
        "no stacking when the requirements forbid it",
        certificate=_limits(GL, each_occurrence=500_000),
        requirements=_top(allow_umbrella_to_satisfy_limits=False),
        expected=[(LIMIT, GL, "each_occurrence")],
    ),
    Case(
        "an expired umbrella cannot make up a shortfall",
        certificate=_all(_limits(GL, each_occurrence=500_000), _set(UMB, expiration_date="2026-04-30")),
        expected=[(LIMIT, GL, "each_occurrence"), ("POLICY_EXPIRED", UMB, "expiration_date")],
        statuses={GL: "deficient", UMB: "expired"},
    ),
    Case(
        "a future umbrella cannot make up a shortfall",
        certificate=_all(_limits(GL, each_occurrence=500_000), _set(UMB, effective_date="2026-05-02")),
        expected=[(LIMIT, GL, "each_occurrence"), ("POLICY_NOT_YET_EFFECTIVE", UMB, "effective_date")],
    ),
    Case(
        "umbrella makes up the shortfall exactly",
        requirements=_require_limits(GL, each_occurrence=6_000_000),
    ),
    Case(
        "umbrella too small still leaves a shortfall",
        requirements=_require_limits(GL, each_occurrence=6_000_001),
        expected=[(LIMIT, GL, "each_occurrence")],
    ),
    Case(
        "general aggregate is made up by the umbrella aggregate",
        certificate=_limits(GL, general_aggregate=1_000_000),
    ),
    Case(
        "general aggregate is not made up when the umbrella prints no aggregate",
        certificate=_all(_limits(GL, general_aggregate=1_000_000), _limits(UMB, aggregate=None)),
        expected=[(LIMIT, GL, "general_aggregate")],
    ),
    Case(
        "products-completed operations aggregate is never made up",
        certificate=_limits(GL, products_completed_operations_aggregate=1_000_000),
        requirements=_require_limits(GL, products_completed_operations_aggregate=2_000_000),
        expected=[(LIMIT, GL, "products_completed_operations_aggregate")],
    ),
    Case(
        "auto combined single limit is made up by the umbrella",
        certificate=_limits(AUTO, combined_single_limit=500_000),
    ),
    Case(
        "auto split limits are not made up",
        requirements=_require_limits(AUTO, bodily_injury_per_person=500_000),
        expected=[(LIMIT, AUTO, "bodily_injury_per_person")],
    ),
    Case(
        "employers' liability is not made up",
        certificate=_limits(WC, el_each_accident=500_000),
        expected=[(LIMIT, WC, "el_each_accident")],
    ),
    Case(
        "a limit that is not printed is reported and not made up",
        certificate=_limits(GL, each_occurrence=None),
        expected=[(LIMIT, GL, "each_occurrence")],
    ),
    Case(
        "an excess policy meets an umbrella requirement",
        certificate=_set(UMB, coverage=EXC),
        statuses={UMB: "met"},
    ),
    Case(
        "two umbrella rows are not added together",
        certificate=_all(
            _limits(UMB, each_occurrence=2_000_000),
            _add_policy(
                coverage=EXC,
                insurer_letter="A",
                policy_number="XS-1",
                effective_date="2026-01-01",
                expiration_date="2027-01-01",
                limits={"each_occurrence": 3_000_000},
            ),
        ),
        requirements=_require_limits(GL, each_occurrence=5_000_000),
        expected=[(LIMIT, GL, "each_occurrence"), (LIMIT, UMB, "each_occurrence")],
    ),
    Case(
        "an umbrella retention above the allowed maximum is raised",
        requirements=_require_limits(UMB, retention=5_000),
        expected=[(LIMIT, UMB, "retention")],
    ),
    # -- coverage presence, waivers and dates ---------------------------------------------------------
    Case(
        "a required coverage with no policy is missing",
        certificate=_remove(WC),
        expected=[("COVERAGE_MISSING", WC, None)],
        statuses={WC: "missing"},
    ),
    Case(
        "a waived coverage raises nothing even when absent",
        certificate=_remove(WC),
        requirements=_require(WC, waived=True),
        statuses={WC: "waived"},
    ),
    Case(
        "a waived coverage raises nothing even when deficient",
        certificate=_set(AUTO, auto_types=["owned"], expiration_date="2026-01-31"),
        requirements=_require(AUTO, waived=True),
        statuses={AUTO: "waived"},
    ),
    Case(
        "a policy that expired the day before as_of is expired",
        certificate=_set(GL, expiration_date="2026-04-30"),
        expected=[("POLICY_EXPIRED", GL, "expiration_date")],
        statuses={GL: "expired"},
    ),
    Case("a policy expiring on as_of is still in force", certificate=_set(GL, expiration_date="2026-05-01")),
    Case(
        "a policy effective the day after as_of is not yet effective",
        certificate=_set(AUTO, effective_date="2026-05-02"),
        expected=[("POLICY_NOT_YET_EFFECTIVE", AUTO, "effective_date")],
        statuses={AUTO: "deficient"},
    ),
    Case("a policy effective on as_of is in force", certificate=_set(AUTO, effective_date="2026-05-01")),
    Case(
        "the renewal row is judged, not the expired row beside it",
        certificate=_add_policy(
            **{
                **base_certificate()["policies"][0],
                "policy_number": "GL-OLD",
                "effective_date": "2025-01-01",
                "expiration_date": "2026-01-01",
            }
        ),
        statuses={GL: "met"},
    ),
    # -- additional insured ---------------------------------------------------------------------------
    Case(
        "ADDL INSD not marked",
        certificate=_all(_set(GL, additional_insured=None), _endorsements(("CG 20 37", None))),
        expected=[("ADDITIONAL_INSURED_MISSING", GL, "additional_insured")],
    ),
    Case(
        "ADDL INSD marked N",
        certificate=_all(_set(GL, additional_insured=False), _endorsements(("CG 20 37", None))),
        expected=[("ADDITIONAL_INSURED_MISSING", GL, "additional_insured")],
    ),
    Case(
        "an attached CG 20 10 page proves additional insured over a blank box",
        certificate=_set(GL, additional_insured=None),
    ),
    Case(
        "a CG 20 10 only cited does not replace the box",
        certificate=_all(
            _set(GL, additional_insured=None), _endorsements(("CG 20 10", None), ("CG 20 37", None))
        ),
        expected=[("ADDITIONAL_INSURED_MISSING", GL, "additional_insured")],
    ),
    Case(
        "a required name absent from the description",
        certificate=_description(
            "Summit Builders Inc is additional insured per CG 20 37. " + FULL_WORDING[46:]
        ),
        expected=[("ADDITIONAL_INSURED_NAME_MISSING", GL, None)],
    ),
    Case(
        "names match ignoring case, punctuation, The and suffixes",
        certificate=_description(
            "THE SUMMIT BUILDERS, INCORPORATED and Harbor Point Owner, L.L.C. are additional insureds for "
            "ongoing and completed operations, primary & non-contributory; waiver of subrogation applies."
        ),
    ),
    Case(
        "blanket wording 'as required by written contract' covers every name",
        certificate=_description(
            "Certificate holder and others as required by written contract are additional insureds for "
            "ongoing and completed operations on a primary and non-contributory basis; waiver of subrogation."
        ),
    ),
    Case(
        "blanket additional insured via CG 20 38 cited",
        certificate=_all(
            _description(
                "Blanket AI per CG 20 38 and CG 20 37. Primary and noncontributory. Waiver of subrogation."
            ),
        ),
    ),
    Case(
        "negated blanket wording does not count",
        certificate=_description(
            "Blanket additional insured status does not apply. CG 20 37 attached. "
            "Primary and non-contributory; waiver of subrogation applies."
        ),
        expected=[
            ("ADDITIONAL_INSURED_NAME_MISSING", GL, None),
            ("ADDITIONAL_INSURED_NAME_MISSING", GL, None),
        ],
    ),
    Case(
        "a name mentioned only in a negated sentence is not named",
        certificate=_description(
            FULL_WORDING.replace(" and Harbor Point Owner LLC are", " is")
            + " Harbor Point Owner LLC is NOT included as additional insured."
        ),
        expected=[("ADDITIONAL_INSURED_NAME_MISSING", GL, None)],
    ),
    Case(
        "'certificate holder is additional insured' names the holder",
        certificate=_description(
            "The certificate holder is included as additional insured, and so is Harbor Point Owner LLC, for "
            "ongoing and completed operations; primary and non-contributory; waiver of subrogation applies."
        ),
    ),
    Case(
        "a name on an attached endorsement schedule counts",
        certificate=_all(
            _description("Summit Builders Inc is additional insured. " + FULL_WORDING[70:]),
            _top(
                endorsements=[
                    {
                        "form": "CG 20 10",
                        "edition": "04 13",
                        "page": 2,
                        "schedule": ["Harbor Point Owner, LLC"],
                    },
                    {"form": "CG 20 37", "page": None},
                ]
            ),
        ),
    ),
    # -- waiver, P&NC, completed operations ----------------------------------------------------------
    Case(
        "no SUBR WVD mark and no waiver wording",
        certificate=_all(
            _set(GL, subrogation_waived=None),
            _description(FULL_WORDING.replace(" Waiver of subrogation applies.", "")),
        ),
        expected=[("SUBROGATION_WAIVER_MISSING", GL, "subrogation_waived")],
    ),
    Case(
        "waiver wording that names only workers' comp does not cover GL",
        certificate=_all(
            _set(GL, subrogation_waived=False),
            _description(
                FULL_WORDING.replace(
                    "Waiver of subrogation applies.", "Waiver of subrogation applies to workers compensation."
                )
            ),
        ),
        expected=[("SUBROGATION_WAIVER_MISSING", GL, "subrogation_waived")],
    ),
    Case(
        "CG 24 04 cited proves the GL waiver",
        certificate=_all(
            _set(GL, subrogation_waived=None),
            _description(
                NAMES_ONLY
                + " Additional insured for ongoing and completed operations, primary and non-contributory,"
                + " CG 24 04."
            ),
        ),
    ),
    Case(
        "WC 00 03 13 cited proves the workers' comp waiver",
        certificate=_set(WC, subrogation_waived=None),
        requirements=_require(WC, subrogation_waived=True),
    ),
    Case(
        "negated waiver wording does not count",
        certificate=_all(
            _set(GL, subrogation_waived=None),
            _description(
                FULL_WORDING.replace(
                    "Waiver of subrogation applies.", "Waiver of subrogation does not apply."
                )
            ),
        ),
        expected=[("SUBROGATION_WAIVER_MISSING", GL, "subrogation_waived")],
    ),
    Case(
        "no primary and non-contributory wording",
        certificate=_description(FULL_WORDING.replace(" on a primary and non-contributory basis", "")),
        expected=[("PRIMARY_NONCONTRIBUTORY_MISSING", GL, None)],
    ),
    Case(
        "CG 20 01 cited proves primary and non-contributory",
        certificate=_all(
            _description(FULL_WORDING.replace(" on a primary and non-contributory basis", "")),
            _endorsements(("CG 20 10", 2), ("CG 20 01", None)),
        ),
    ),
    Case(
        "no completed-operations wording nor form",
        certificate=_all(
            _description(FULL_WORDING.replace("ongoing and completed operations", "ongoing operations")),
            _endorsements(("CG 20 10", 2)),
        ),
        expected=[("COMPLETED_OPERATIONS_MISSING", GL, None)],
    ),
    Case(
        "a products-completed operations aggregate mention is not completed-operations wording",
        certificate=_all(
            _description(
                FULL_WORDING.replace("ongoing and completed operations", "ongoing operations")
                + " Products-completed operations aggregate $2,000,000."
            ),
            _endorsements(("CG 20 10", 2)),
        ),
        expected=[("COMPLETED_OPERATIONS_MISSING", GL, None)],
    ),
    Case(
        "CG 20 40 proves completed operations",
        certificate=_all(
            _description(FULL_WORDING.replace("ongoing and completed operations", "ongoing operations")),
            _endorsements(("CG 20 10", 2), ("CG 20 40", 3)),
        ),
    ),
    # -- form of coverage -----------------------------------------------------------------------------
    Case(
        "claims-made GL when occurrence only",
        certificate=_set(GL, claims_made=True),
        expected=[("CLAIMS_MADE_NOT_ACCEPTED", GL, "claims_made")],
    ),
    Case("an unmarked form is not claims-made", certificate=_set(GL, claims_made=None)),
    Case(
        "aggregate per policy when per project is required",
        certificate=_set(GL, aggregate_applies_per="policy"),
        expected=[("PER_PROJECT_AGGREGATE_MISSING", GL, "aggregate_applies_per")],
    ),
    Case(
        "aggregate per location when per project is required",
        certificate=_set(GL, aggregate_applies_per="location"),
        expected=[("PER_PROJECT_AGGREGATE_MISSING", GL, "aggregate_applies_per")],
    ),
    Case(
        "an unmarked aggregate basis does not show per project",
        certificate=_set(GL, aggregate_applies_per=None),
        expected=[("PER_PROJECT_AGGREGATE_MISSING", GL, "aggregate_applies_per")],
    ),
    Case(
        "CG 25 03 cited proves the per-project aggregate",
        certificate=_all(
            _set(GL, aggregate_applies_per="policy"),
            _endorsements(("CG 20 10", 2), ("CG 20 37", None), ("CG 25 03", None)),
        ),
    ),
    Case(
        "owned and hired autos when any auto is required",
        certificate=_set(AUTO, auto_types=["owned", "hired"]),
        expected=[("AUTO_TYPES_INSUFFICIENT", AUTO, "auto_types")],
    ),
    Case(
        "any auto satisfies a list of acceptable types",
        requirements=_require(AUTO, auto_types_any_of=["owned", "hired"]),
    ),
    Case(
        "one of several acceptable auto types is enough",
        certificate=_set(AUTO, auto_types=["scheduled", "hired"]),
        requirements=_require(AUTO, auto_types_any_of=["owned", "hired"]),
    ),
    Case(
        "workers' comp not per statute",
        certificate=_set(WC, per_statute=False),
        expected=[("NOT_PER_STATUTE", WC, "per_statute")],
    ),
    Case(
        "workers' comp per statute unmarked",
        certificate=_set(WC, per_statute=None),
        expected=[("NOT_PER_STATUTE", WC, "per_statute")],
    ),
    Case(
        "officers excluded when not allowed",
        certificate=_set(WC, officers_excluded=True),
        expected=[("OFFICERS_EXCLUDED", WC, "officers_excluded")],
    ),
    Case(
        "officers excluded when the requirement does not say",
        certificate=_set(WC, officers_excluded=True),
        requirements=_require(WC, officers_excluded_allowed=None),
    ),
    # -- insurers -------------------------------------------------------------------------------------
    Case(
        "an insurer below the minimum rating is raised once per coverage it writes",
        certificate=_top(
            insurers=[
                {"letter": "A", "name": "Lowland Assurance Co", "naic": "90104"},
                {"letter": "B", "name": "Bayline Casualty Company", "naic": "90102"},
                {"letter": "C", "name": "Northfield Indemnity Corporation", "naic": "90103"},
            ]
        ),
        expected=[
            ("INSURER_RATING_BELOW_MINIMUM", GL, "insurer"),
            ("INSURER_RATING_BELOW_MINIMUM", UMB, "insurer"),
        ],
    ),
    Case(
        "size category below the minimum",
        requirements=_top(minimum_am_best={"rating": "A-", "size": "VIII"}),
        expected=[("INSURER_RATING_BELOW_MINIMUM", WC, "insurer")],
    ),
    Case(
        "a rating and size exactly at the minimum pass and one step below fails",
        requirements=_top(minimum_am_best={"rating": "A", "size": "X"}),
        expected=[("INSURER_RATING_BELOW_MINIMUM", WC, "insurer")],
    ),
    Case(
        "an insurer missing from the carrier table is not rated",
        certificate=_top(
            insurers=[
                {"letter": "A", "name": "Granite Mutual Insurance Co", "naic": "90101"},
                {"letter": "B", "name": "Unknown Carrier Inc", "naic": "99999"},
                {"letter": "C", "name": "Northfield Indemnity Corporation", "naic": "90103"},
            ]
        ),
        expected=[("INSURER_NOT_RATED", AUTO, "insurer")],
    ),
    Case(
        "a policy whose insurer letter was not read is rated when every insurer row meets the minimum",
        certificate=_set(GL, insurer_letter=None),
        expected=[],
    ),
    Case(
        "a policy whose insurer letter was not read is not rated when one insurer row is not",
        certificate=_all(
            _set(GL, insurer_letter=None),
            _top(
                insurers=[
                    {"letter": "A", "name": "Granite Mutual Insurance Co", "naic": "90101"},
                    {"letter": "B", "name": "Unknown Carrier Inc", "naic": "99999"},
                    {"letter": "C", "name": "Northfield Indemnity Corporation", "naic": "90103"},
                ]
            ),
        ),
        expected=[("INSURER_NOT_RATED", GL, "insurer"), ("INSURER_NOT_RATED", AUTO, "insurer")],
    ),
    Case(
        "on a scan, a policy whose insurer letter names no insurer row (a letter misread) is rated when "
        "every insurer row meets the minimum",
        certificate=_all(
            _set(GL, insurer_letter="F"),
            _scanned(),
        ),
        expected=[],
    ),
    Case(
        "in a text layer, a policy whose insurer letter names no insurer row is not rated",
        certificate=_set(GL, insurer_letter="F"),
        expected=[("INSURER_NOT_RATED", GL, "insurer")],
    ),
    Case(
        "a policy without a letter on a certificate with one insurer row is that insurer's",
        certificate=_all(
            _unlettered,
            _top(insurers=[{"letter": "A", "name": "Lowland Assurance Co", "naic": "90104"}]),
        ),
        expected=[("INSURER_RATING_BELOW_MINIMUM", coverage, "insurer") for coverage in (GL, AUTO, UMB, WC)],
    ),
    Case(
        "an insurer is found by name when its NAIC is not printed",
        certificate=_top(
            insurers=[
                {"letter": "A", "name": "Granite Mutual Insurance Company", "naic": None},
                {"letter": "B", "name": "Bayline Casualty Co.", "naic": None},
                {"letter": "C", "name": "The Northfield Indemnity Corp", "naic": None},
            ]
        ),
    ),
    Case(
        "no minimum rating means no rating check",
        certificate=_top(insurers=[{"letter": "A", "name": "Nobody", "naic": None}]),
        requirements=_top(minimum_am_best=None),
        expected=[],
    ),
    # -- document level -------------------------------------------------------------------------------
    Case(
        "the insured matches ignoring suffix and The",
        certificate=_top(insured={"name": "The Rivera Concrete Co."}),
    ),
    Case(
        "on a scan, an insured name one glyph off the required one is taken as misread, not another",
        certificate=_scanned(insured={"name": "Rlvera Concrete LLC"}),
    ),
    Case(
        "in a text layer, an insured name one letter off the required one is a mismatch",
        certificate=_top(insured={"name": "Rlvera Concrete LLC"}),
        expected=[("INSURED_NAME_MISMATCH", None, None)],
    ),
    Case(
        "on a scan, a holder name with a suffix read as a remnant still matches",
        certificate=_scanned(certificate_holder={"name": "Summit Builders Ed"}),
    ),
    Case(
        "on a scan, an insured name listed for a person, read with an echo and a speck, still matches",
        certificate=_doubted_insured("Rivera Con Concrete © LLC"),
    ),
    Case(
        "on a scan, the same reading not listed for a person is a mismatch",
        certificate=_scanned(insured={"name": "Rivera Con Concrete © LLC"}),
        expected=[("INSURED_NAME_MISMATCH", None, None)],
    ),
    Case(
        "on a scan, a doubted insured name missing a word of the required one is a mismatch",
        certificate=_doubted_insured("Concrete LLC"),
        expected=[("INSURED_NAME_MISMATCH", None, None)],
    ),
    Case(
        "a different insured is a mismatch",
        certificate=_top(insured={"name": "Rivera Paving LLC"}),
        expected=[("INSURED_NAME_MISMATCH", None, None)],
    ),
    Case(
        "a different certificate holder is a mismatch, reported before coverage issues",
        certificate=_all(
            _top(certificate_holder={"name": "Summit Partners Inc"}), _set(GL, claims_made=True)
        ),
        expected=[
            ("CERTIFICATE_HOLDER_MISMATCH", None, None),
            ("CLAIMS_MADE_NOT_ACCEPTED", GL, "claims_made"),
        ],
    ),
    Case(
        "a blank certificate holder is a mismatch",
        certificate=_top(certificate_holder={"name": None}),
        expected=[("CERTIFICATE_HOLDER_MISMATCH", None, None)],
    ),
    Case(
        "a document that is not a certificate gets NOT_A_CERTIFICATE only",
        certificate=_all(_top(document={"pages": 1, "kind": "unknown"}), _remove(GL)),
        expected=[("NOT_A_CERTIFICATE", None, None)],
    ),
    # -- other coverages -------------------------------------------------------------------------------
    Case(
        "an 'other' requirement is met by a row whose label contains its words",
        certificate=_add_policy(
            coverage=OTHER,
            label="Contractors Pollution Liability",
            insurer_letter="A",
            policy_number="CPL-1",
            effective_date="2026-01-01",
            expiration_date="2027-01-01",
            limits={"each_claim": 1_000_000, "aggregate": 2_000_000},
        ),
        requirements=_top(
            coverages=[
                {
                    "coverage": OTHER,
                    "label": "Pollution Liability",
                    "limits": {"each_occurrence": 1_000_000, "aggregate": 2_000_000},
                }
            ]
        ),
        statuses={OTHER: "met"},
    ),
    Case(
        "an 'other' row with another label does not meet the requirement",
        certificate=_add_policy(
            coverage=OTHER,
            label="Professional Liability",
            insurer_letter="A",
            policy_number="PL-1",
            effective_date="2026-01-01",
            expiration_date="2027-01-01",
            limits={"each_claim": 1_000_000},
        ),
        requirements=_top(coverages=[{"coverage": OTHER, "label": "Pollution Liability"}]),
        expected=[("COVERAGE_MISSING", OTHER, None)],
        statuses={OTHER: "missing"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_case(case: Case) -> None:
    # GIVEN the compliant baseline with one change
    certificate, requirements = base_certificate(), base_requirements()
    case.certificate(certificate)
    case.requirements(requirements)

    # WHEN it is checked
    verdict = run_check(certificate, requirements)

    # THEN exactly the expected deficiencies are raised, in order, and compliance follows from them
    assert codes(verdict) == case.expected, [d.message for d in verdict.deficiencies]
    assert verdict.compliant is (not case.expected)
    assert verdict.as_of == AS_OF
    if case.statuses:
        by_coverage = {row.coverage: row.status for row in verdict.coverages}
        for coverage, status in case.statuses.items():
            assert by_coverage[coverage] == status
