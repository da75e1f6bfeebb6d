"""The compliance rules: one certificate against one requirement group, as of one day.

This module drives a check (which policy is judged for each requirement, the status, the order of
the deficiencies); the rules themselves live beside it: `parties.py` (insured, holder, additional
insured names), `coverage_terms.py` (period, limits, evidence, checkboxes, insurer rating),
`review_context.py` (what one check carries) and `verdict_builder.py` (building the verdict).

Pure and deterministic: no I/O, no clock unless `as_of` and `requirements.as_of` are both absent.
Hot path: the certificate and requirements arrive validated; the verdict is assembled without a
second round of pydantic validation (see `verdict_builder.built`), so a check costs well under a millisecond.

Decisions the contract leaves open (each errs towards raising what a reviewer can clear):

- Document level: `document.kind == "unknown"` gives NOT_A_CERTIFICATE alone and no coverage rows
  (nothing was assessed). Name checks compare cores: case, punctuation, "The" and trailing legal
  suffixes ignored (`shared.contracts.names`); a blank name never matches.
- Several policies for one requirement (a renewal beside the expiring policy, two `other` rows):
  the one with the fewest deficiencies is judged; ties go to the one not expired, then to the
  first printed. An umbrella requirement accepts an excess policy and vice versa.
- Every rule runs on the judged policy even when it is expired, so the broker sees everything
  that needs fixing at once; status is `expired` when the judged policy is expired, `deficient`
  for any other deficiency (including "not yet effective"), else `met`.
- Dates: expired means expiration before `as_of` (a policy expiring on `as_of` is in force); not
  yet effective means effective after `as_of`. A date that was not read is not held against it.
- Stacking: see `limits.py` (GL each occurrence and general aggregate, auto CSL; the largest single
  in-force umbrella/excess layer; never products-completed operations, EL or split auto limits).
- Additional insured mark: evidence beats the checkbox. An attached (paged) AI endorsement for the
  line (CG 20 10/20 26/20 33/20 37/20 38/20 39/20 40 for GL, CA 20 48 for auto) clears a blank or
  "N" ADDL INSD; a form only cited in the description does not (no stronger than the box).
- Additional insured names: reported once per name, under the GL requirement when it asks for AI
  (else the first requirement that does, else GL, else the first one not waived). A name counts
  when it appears in a clause without negation, on an attached AI endorsement's schedule, or is the
  certificate holder and a clause says the certificate holder is additional insured. Blanket
  wording ("as required by written contract", "blanket additional insured", CG 20 38 / CG 20 33 in
  evidence) clears every name. Negated clauses never count (`wording.py`).
- Waiver of subrogation: SUBR WVD marked, or waiver wording in a clause that names the coverage or
  names none, or CG 24 04 (GL) / CA 04 44 (auto) / WC 00 03 13 (WC) attached or cited.
- Primary and non-contributory: wording scoped the same way, or CG 20 01 (GL), CA 04 49 (auto),
  CU 24 78 / CX 24 33 (umbrella, excess). Completed operations: CG 20 37/20 39/20 40, or
  "completed operations" wording in a clause without negation; a "products-completed operations
  aggregate" limit line is not such wording.
- Per-project aggregate: PRO-JECT, CG 25 03 or per-project aggregate wording clear it; a blank
  basis raises it (found null), like every other "required and not marked" rule.
- Claims-made: raised only when CLAIMS-MADE is marked (null is not claims-made).
- Auto types: "any auto" satisfies any list; otherwise one listed type must be marked.
- Insurer rating: per required coverage, the judged policy's insurer (by letter), looked up by
  NAIC then by normalised name; a policy with no letter is written by the only insurer row, or
  meets the minimum when every insurer row does. Not in the table, a letter naming no row, or
  the table lacks a part of the rating the minimum asks for -> INSURER_NOT_RATED; below on rating
  or size -> BELOW_MINIMUM. An umbrella used only to stack is not rated for the coverage it props up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.review.rules import messages
from services.review.rules.coverage_terms import (
    evidence_deficiencies,
    form_deficiencies,
    insurer_deficiency,
    limit_deficiencies,
    period_deficiencies,
)
from services.review.rules.limits import (
    UMBRELLA_KINDS,
    umbrella_layers,
)
from services.review.rules.names import label_matches
from services.review.rules.parties import (
    additional_insured_name_deficiencies,
    additional_insured_names_owner,
    document_deficiencies,
)
from services.review.rules.review_context import (
    InvalidRequirements,
    Review,
    minimum_for,
    validate_requirements,
)
from services.review.rules.verdict_builder import (
    built,
    deficiency,
    not_a_certificate_verdict,
    unreadable_verdict,
    verdict,
)
from services.review.rules.wording import (
    read_description,
    read_endorsements,
)
from shared.clock import SystemClock
from shared.contracts.carriers import CarrierTable
from shared.contracts.certificate import Certificate, Policy
from shared.contracts.requirements import CoverageRequirement, Requirements
from shared.contracts.verdict import CoverageVerdict, Deficiency, DeficiencyCode, Verdict

__all__ = [
    "InvalidRequirements",
    "check_certificate",
    "not_a_certificate_verdict",
    "unreadable_verdict",
    "validate_requirements",
]

Code = DeficiencyCode
_CODE_RANK = {code.value: rank for rank, code in enumerate(DeficiencyCode)}
_DOCUMENT_GROUP = -1


def check_certificate(
    certificate: Certificate,
    requirements: Requirements,
    *,
    carriers: CarrierTable,
    as_of: date | None = None,
) -> Verdict:
    """The verdict of `certificate` against `requirements` on `as_of` (default: the requirements'
    `as_of`, else today in UTC). Raises InvalidRequirements when the requirement group cannot be applied."""
    day = as_of or requirements.as_of or SystemClock().today()
    if certificate.document.kind == "unknown":
        return not_a_certificate_verdict(day)
    minimum_required = requirements.minimum_am_best
    description = read_description(certificate.description_of_operations)
    review = Review(
        certificate=certificate,
        requirements=requirements,
        carriers=carriers,
        as_of=day,
        description=description,
        endorsements=read_endorsements(certificate, description),
        layers=umbrella_layers(certificate.policies, day)
        if requirements.allow_umbrella_to_satisfy_limits
        else {},
        minimum=minimum_for(minimum_required.rating, minimum_required.size) if minimum_required else None,
        carrier_cache={},
    )

    grouped: list[tuple[int, Deficiency]] = [(_DOCUMENT_GROUP, d) for d in document_deficiencies(review)]
    coverage_verdicts: list[CoverageVerdict] = []
    names_owner = additional_insured_names_owner(requirements)
    for index, requirement in enumerate(requirements.coverages):
        status, found = _review_coverage(review, requirement)
        if index == names_owner:
            name_gaps = additional_insured_name_deficiencies(review, requirement)
            if name_gaps and status == "met":
                status = "deficient"
            found.extend(name_gaps)
        row: dict[str, Any] = {
            "coverage": requirement.coverage,
            "status": status,
            "label": requirement.label if requirement.coverage == "other" else None,
        }
        coverage_verdicts.append(built(CoverageVerdict, row))
        grouped.extend((index, gap) for gap in found)

    # Stable sort: document-level first, then requirement order, then the contract's code order;
    # within one code the construction order (limit keys in contract order, names as listed).
    grouped.sort(key=lambda item: (item[0], _CODE_RANK[item[1].code]))
    return verdict(day, coverage_verdicts, [gap for _, gap in grouped])


def _candidates(certificate: Certificate, requirement: CoverageRequirement) -> list[Policy]:
    coverage = requirement.coverage
    if coverage in UMBRELLA_KINDS:
        # An umbrella requirement accepts an excess policy and vice versa; the exact kind is tried first.
        exact = [p for p in certificate.policies if p.coverage == coverage]
        return exact + [
            p for p in certificate.policies if p.coverage in UMBRELLA_KINDS and p.coverage != coverage
        ]
    if coverage == "other":
        return [
            p
            for p in certificate.policies
            if p.coverage == "other" and label_matches(requirement.label, p.label)
        ]
    return [p for p in certificate.policies if p.coverage == coverage]


def _review_coverage(review: Review, requirement: CoverageRequirement) -> tuple[str, list[Deficiency]]:
    if requirement.waived:
        return "waived", []
    candidates = _candidates(review.certificate, requirement)
    if not candidates:
        return "missing", [
            deficiency(
                Code.COVERAGE_MISSING,
                requirement.coverage,
                None,
                True,
                None,
                messages.coverage_missing(requirement.coverage, requirement.label),
            )
        ]
    # Several rows for one coverage (a renewal next to the expiring policy, two "other" rows):
    # the row that best meets the requirement is the one judged; ties go to the one in force,
    # then to the first printed.
    best: tuple[tuple[int, bool, int], list[Deficiency]] | None = None
    for position, policy in enumerate(candidates):
        found = _policy_deficiencies(review, requirement, policy)
        expired = any(d.code == Code.POLICY_EXPIRED for d in found)
        rank = (len(found), expired, position)
        if best is None or rank < best[0]:
            best = (rank, found)
        if not found:
            break
    assert best is not None
    (_, expired, _), found = best
    if expired:
        return "expired", found
    return ("deficient" if found else "met"), found


def _policy_deficiencies(
    review: Review, requirement: CoverageRequirement, policy: Policy
) -> list[Deficiency]:
    found = period_deficiencies(review, requirement, policy)
    if requirement.limits:
        found.extend(limit_deficiencies(review, requirement, policy))
    found.extend(evidence_deficiencies(review, requirement, policy))
    found.extend(form_deficiencies(review, requirement, policy))
    if review.minimum is not None:
        rating_gap = insurer_deficiency(review, requirement, policy, review.minimum)
        if rating_gap is not None:
            found.append(rating_gap)
    return found
