"""The compliance rules: one certificate against one requirement group, as of one day.

Pure and deterministic: no I/O, no clock unless `as_of` and `requirements.as_of` are both absent.
Hot path: the certificate and requirements arrive validated; the verdict is assembled without a
second round of pydantic validation (see `_built`), so a check costs well under a millisecond.

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
  NAIC then by normalised name. Not in the table, no letter, or the table lacks a part of the
  rating the minimum asks for -> INSURER_NOT_RATED; below on rating or size -> BELOW_MINIMUM. An
  umbrella used only to stack is not rated for the coverage it props up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from services.review.rules import am_best, messages
from services.review.rules.limits import (
    MAXIMUM_KEYS,
    STACKABLE,
    UMBRELLA_KINDS,
    ordered_limit_keys,
    printed_limit,
    umbrella_layers,
)
from services.review.rules.names import label_matches, names_match
from services.review.rules.wording import (
    DescriptionFacts,
    EndorsementFacts,
    read_description,
    read_endorsements,
)
from shared.clock import SystemClock
from shared.contracts.carriers import Carrier, CarrierTable
from shared.contracts.certificate import Certificate, Policy
from shared.contracts.requirements import CoverageRequirement, MinimumAmBest, Requirements
from shared.contracts.verdict import VERDICT_SCHEMA, CoverageVerdict, Deficiency, DeficiencyCode, Verdict

Code = DeficiencyCode
_CODE_RANK = {code.value: rank for rank, code in enumerate(DeficiencyCode)}
_DOCUMENT_GROUP = -1

# Attached endorsement pages that prove additional-insured status for a line (evidence > checkbox).
_AI_FORMS = {
    "general_liability": frozenset(
        {"CG 20 10", "CG 20 26", "CG 20 33", "CG 20 37", "CG 20 38", "CG 20 39", "CG 20 40"}
    ),
    "auto_liability": frozenset({"CA 20 48"}),
}
_BLANKET_AI_FORMS = frozenset({"CG 20 38", "CG 20 33"})
_WAIVER_FORMS = {
    "general_liability": frozenset({"CG 24 04"}),
    "auto_liability": frozenset({"CA 04 44"}),
    "workers_comp": frozenset({"WC 00 03 13"}),
}
_PNC_FORMS = {
    "general_liability": frozenset({"CG 20 01"}),
    "auto_liability": frozenset({"CA 04 49"}),
    "umbrella": frozenset({"CU 24 78", "CX 24 33"}),
    "excess": frozenset({"CU 24 78", "CX 24 33"}),
}
_COMPLETED_OPERATIONS_FORMS = frozenset({"CG 20 37", "CG 20 39", "CG 20 40"})
_PER_PROJECT_FORMS = frozenset({"CG 25 03"})
_NO_FORMS: frozenset[str] = frozenset()


class InvalidRequirements(ValueError):
    """The requirement group cannot be applied (e.g. an unknown AM Best rating)."""


@lru_cache(maxsize=256)
def _minimum(rating: str | None, size: str | None) -> am_best.Minimum | None:
    try:
        return am_best.minimum_from(MinimumAmBest(rating=rating, size=size))
    except ValueError as error:
        raise InvalidRequirements(f"minimum_am_best: {error}") from error


def validate_requirements(requirements: Requirements) -> None:
    """Raise InvalidRequirements for what the model accepts but the rules cannot apply."""
    if requirements.minimum_am_best is not None:
        _minimum(requirements.minimum_am_best.rating, requirements.minimum_am_best.size)


_Model = TypeVar("_Model", bound=BaseModel)


def _built(model: type[_Model], values: dict[str, Any], extra: dict[str, Any] | None = None) -> _Model:
    """An instance from values already of the contract's types, without validation.

    What `model_construct` does minus its per-field default and alias handling, which these
    contract models do not need here (every field is passed). The property tests re-validate
    every verdict built this way against the models.
    """
    instance = _new_object(model)
    _set_attribute(instance, "__dict__", values)
    _set_attribute(instance, "__pydantic_fields_set__", set(values))
    _set_attribute(instance, "__pydantic_extra__", extra if extra is not None else {})
    _set_attribute(instance, "__pydantic_private__", None)
    return instance


_new_object = object.__new__
_set_attribute = object.__setattr__


def _deficiency(  # noqa: PLR0913, PLR0917 - one call shape for twenty codes reads best positionally
    code: Code,
    coverage: str | None,
    field: str | None,
    required: object,
    found: object,
    message: str,
    **extra: object,
) -> Deficiency:
    # `code` is stored as its string value, as the validated model (use_enum_values) stores it.
    values: dict[str, Any] = {
        "code": code.value,
        "coverage": coverage,
        "field": field,
        "required": required,
        "found": found,
        "message": message,
    }
    return _built(Deficiency, values, dict(extra) if extra else None)


def _verdict(as_of: date, coverages: list[CoverageVerdict], deficiencies: list[Deficiency]) -> Verdict:
    values: dict[str, Any] = {
        "schema_": VERDICT_SCHEMA,
        "compliant": not deficiencies,
        "as_of": as_of,
        "coverages": coverages,
        "deficiencies": deficiencies,
    }
    return _built(Verdict, values)


def unreadable_verdict(reason: str, as_of: date) -> Verdict:
    """The verdict for a document nobody could read: UNREADABLE and nothing else."""
    return _verdict(
        as_of, [], [_deficiency(Code.UNREADABLE, None, None, None, None, messages.unreadable(reason))]
    )


def not_a_certificate_verdict(as_of: date) -> Verdict:
    return _verdict(
        as_of, [], [_deficiency(Code.NOT_A_CERTIFICATE, None, None, None, None, messages.not_a_certificate())]
    )


@dataclass(slots=True)
class _Review:
    certificate: Certificate
    requirements: Requirements
    carriers: CarrierTable
    as_of: date
    description: DescriptionFacts
    endorsements: EndorsementFacts
    layers: dict[str, int]
    minimum: am_best.Minimum | None
    carrier_cache: dict[str | None, tuple[str | None, Carrier | None]]


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
    review = _Review(
        certificate=certificate,
        requirements=requirements,
        carriers=carriers,
        as_of=day,
        description=description,
        endorsements=read_endorsements(certificate, description),
        layers=umbrella_layers(certificate.policies, day)
        if requirements.allow_umbrella_to_satisfy_limits
        else {},
        minimum=_minimum(minimum_required.rating, minimum_required.size) if minimum_required else None,
        carrier_cache={},
    )

    grouped: list[tuple[int, Deficiency]] = [(_DOCUMENT_GROUP, d) for d in _document_deficiencies(review)]
    coverage_verdicts: list[CoverageVerdict] = []
    names_owner = _additional_insured_names_owner(requirements)
    for index, requirement in enumerate(requirements.coverages):
        status, found = _review_coverage(review, requirement)
        if index == names_owner:
            name_gaps = _additional_insured_name_deficiencies(review, requirement)
            if name_gaps and status == "met":
                status = "deficient"
            found.extend(name_gaps)
        row: dict[str, Any] = {
            "coverage": requirement.coverage,
            "status": status,
            "label": requirement.label if requirement.coverage == "other" else None,
        }
        coverage_verdicts.append(_built(CoverageVerdict, row))
        grouped.extend((index, deficiency) for deficiency in found)

    # Stable sort: document-level first, then requirement order, then the contract's code order;
    # within one code the construction order (limit keys in contract order, names as listed).
    grouped.sort(key=lambda item: (item[0], _CODE_RANK[item[1].code]))
    return _verdict(day, coverage_verdicts, [deficiency for _, deficiency in grouped])


def _document_deficiencies(review: _Review) -> list[Deficiency]:
    requirements, certificate = review.requirements, review.certificate
    found: list[Deficiency] = []
    if requirements.insured_name and not names_match(certificate.insured.name, requirements.insured_name):
        found.append(
            _deficiency(
                Code.INSURED_NAME_MISMATCH,
                None,
                None,
                requirements.insured_name,
                certificate.insured.name,
                messages.insured_name_mismatch(certificate.insured.name, requirements.insured_name),
            )
        )
    holder = certificate.certificate_holder.name
    if requirements.certificate_holder and not names_match(holder, requirements.certificate_holder):
        found.append(
            _deficiency(
                Code.CERTIFICATE_HOLDER_MISMATCH,
                None,
                None,
                requirements.certificate_holder,
                holder,
                messages.certificate_holder_mismatch(holder, requirements.certificate_holder),
            )
        )
    return found


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


def _review_coverage(review: _Review, requirement: CoverageRequirement) -> tuple[str, list[Deficiency]]:
    if requirement.waived:
        return "waived", []
    candidates = _candidates(review.certificate, requirement)
    if not candidates:
        return "missing", [
            _deficiency(
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
    review: _Review, requirement: CoverageRequirement, policy: Policy
) -> list[Deficiency]:
    found = _period_deficiencies(review, requirement, policy)
    if requirement.limits:
        found.extend(_limit_deficiencies(review, requirement, policy))
    found.extend(_evidence_deficiencies(review, requirement, policy))
    found.extend(_form_deficiencies(review, requirement, policy))
    if review.minimum is not None:
        rating_gap = _insurer_deficiency(review, requirement, policy, review.minimum)
        if rating_gap is not None:
            found.append(rating_gap)
    return found


def _period_deficiencies(
    review: _Review, requirement: CoverageRequirement, policy: Policy
) -> list[Deficiency]:
    """The policy must be in force on the review date."""
    coverage, label, as_of = requirement.coverage, requirement.label, review.as_of
    found: list[Deficiency] = []
    if policy.expiration_date is not None and policy.expiration_date < as_of:
        found.append(
            _deficiency(
                Code.POLICY_EXPIRED,
                coverage,
                "expiration_date",
                as_of.isoformat(),
                policy.expiration_date.isoformat(),
                messages.policy_expired(coverage, label, policy, policy.expiration_date, as_of),
            )
        )
    if policy.effective_date is not None and policy.effective_date > as_of:
        found.append(
            _deficiency(
                Code.POLICY_NOT_YET_EFFECTIVE,
                coverage,
                "effective_date",
                as_of.isoformat(),
                policy.effective_date.isoformat(),
                messages.policy_not_yet_effective(coverage, label, policy, policy.effective_date, as_of),
            )
        )
    return found


def _evidence_deficiencies(
    review: _Review, requirement: CoverageRequirement, policy: Policy
) -> list[Deficiency]:
    """Terms a box, the description or an endorsement can show (additional insured, waiver,
    primary and non-contributory, completed operations)."""
    coverage, label = requirement.coverage, requirement.label
    description, endorsements = review.description, review.endorsements
    found: list[Deficiency] = []
    # Evidence beats the checkbox: an attached AI endorsement page for this line clears a blank or
    # "N" ADDL INSD box. A form only cited in the description does not (it is no stronger than the box).
    if (
        requirement.additional_insured
        and policy.additional_insured is not True
        and not endorsements.any_attached(_AI_FORMS.get(coverage, _NO_FORMS))
    ):
        found.append(
            _deficiency(
                Code.ADDITIONAL_INSURED_MISSING,
                coverage,
                "additional_insured",
                True,
                policy.additional_insured,
                messages.additional_insured_missing(coverage, label, policy),
            )
        )

    if (
        requirement.subrogation_waived
        and policy.subrogation_waived is not True
        and not description.waiver_for(coverage)
        and not endorsements.any_of(_WAIVER_FORMS.get(coverage, _NO_FORMS))
    ):
        found.append(
            _deficiency(
                Code.SUBROGATION_WAIVER_MISSING,
                coverage,
                "subrogation_waived",
                True,
                policy.subrogation_waived,
                messages.subrogation_waiver_missing(coverage, label, policy),
            )
        )

    if requirement.primary_noncontributory and not (
        description.primary_noncontributory_for(coverage)
        or endorsements.any_of(_PNC_FORMS.get(coverage, _NO_FORMS))
    ):
        found.append(
            _deficiency(
                Code.PRIMARY_NONCONTRIBUTORY_MISSING,
                coverage,
                None,
                True,
                False,
                messages.primary_noncontributory_missing(coverage, label),
            )
        )

    if requirement.completed_operations and not (
        description.completed_operations or endorsements.any_of(_COMPLETED_OPERATIONS_FORMS)
    ):
        found.append(
            _deficiency(
                Code.COMPLETED_OPERATIONS_MISSING,
                coverage,
                None,
                True,
                False,
                messages.completed_operations_missing(coverage, label),
            )
        )
    return found


def _form_deficiencies(review: _Review, requirement: CoverageRequirement, policy: Policy) -> list[Deficiency]:
    """Terms the coverage row's own checkboxes carry (form, aggregate basis, autos, statute, officers)."""
    coverage, label = requirement.coverage, requirement.label
    description, endorsements = review.description, review.endorsements
    found: list[Deficiency] = []
    if requirement.occurrence_only and policy.claims_made is True:
        found.append(
            _deficiency(
                Code.CLAIMS_MADE_NOT_ACCEPTED,
                coverage,
                "claims_made",
                False,
                True,
                messages.claims_made_not_accepted(coverage, label, policy),
            )
        )

    # A blank aggregate basis counts as "not per project": the requirement asks the certificate to
    # show a per-project aggregate, and an unmarked row shows nothing (the same reading as every
    # other "required and not marked" rule). PRO-JECT, CG 25 03 or per-project wording clear it.
    if (
        requirement.per_project_aggregate
        and policy.aggregate_applies_per != "project"
        and not (endorsements.any_of(_PER_PROJECT_FORMS) or description.per_project_aggregate)
    ):
        found.append(
            _deficiency(
                Code.PER_PROJECT_AGGREGATE_MISSING,
                coverage,
                "aggregate_applies_per",
                "project",
                policy.aggregate_applies_per,
                messages.per_project_aggregate_missing(coverage, label, policy.aggregate_applies_per),
            )
        )

    wanted_autos = requirement.auto_types_any_of
    if wanted_autos:
        marked = policy.auto_types
        # "Any auto" covers every type, so it satisfies any list of acceptable types.
        if "any" not in marked and not any(kind in marked for kind in wanted_autos):
            found.append(
                _deficiency(
                    Code.AUTO_TYPES_INSUFFICIENT,
                    coverage,
                    "auto_types",
                    list(wanted_autos),
                    list(marked),
                    messages.auto_types_insufficient(coverage, label, policy, wanted_autos, marked),
                )
            )

    if requirement.per_statute and policy.per_statute is not True:
        found.append(
            _deficiency(
                Code.NOT_PER_STATUTE,
                coverage,
                "per_statute",
                True,
                policy.per_statute,
                messages.not_per_statute(coverage, label, policy),
            )
        )

    if requirement.officers_excluded_allowed is False and policy.officers_excluded is True:
        found.append(
            _deficiency(
                Code.OFFICERS_EXCLUDED,
                coverage,
                "officers_excluded",
                False,
                True,
                messages.officers_excluded(coverage, label, policy),
            )
        )
    return found


def _limit_deficiencies(
    review: _Review, requirement: CoverageRequirement, policy: Policy
) -> list[Deficiency]:
    coverage, label = requirement.coverage, requirement.label
    found: list[Deficiency] = []
    for key in ordered_limit_keys(coverage, requirement.limits):
        required = requirement.limits[key]
        printed = printed_limit(policy, coverage, key)
        if key in MAXIMUM_KEYS:
            if printed is not None and printed > required:
                found.append(
                    _deficiency(
                        Code.LIMIT_BELOW_REQUIRED,
                        coverage,
                        key,
                        required,
                        printed,
                        messages.limit_above_maximum(coverage, label, key, required, printed),
                    )
                )
            continue
        if printed is not None and printed >= required:
            continue
        with_umbrella: int | None = None
        umbrella_key = STACKABLE.get((coverage, key))
        if printed is not None and umbrella_key is not None:
            layer = review.layers.get(umbrella_key)
            if layer is not None:
                with_umbrella = printed + layer
                if with_umbrella >= required:
                    continue
        extra = {"found_with_umbrella": with_umbrella} if with_umbrella is not None else {}
        found.append(
            _deficiency(
                Code.LIMIT_BELOW_REQUIRED,
                coverage,
                key,
                required,
                printed,
                messages.limit_below(coverage, label, key, required, printed, with_umbrella),
                **extra,
            )
        )
    return found


def _carrier_for(review: _Review, letter: str | None) -> tuple[str | None, Carrier | None]:
    cached = review.carrier_cache.get(letter)
    if cached is not None:
        return cached
    insurer = review.certificate.insurer(letter)
    if insurer is None:
        result: tuple[str | None, Carrier | None] = (None, None)
    else:
        result = (insurer.name, review.carriers.lookup(insurer.naic, insurer.name))
    review.carrier_cache[letter] = result
    return result


def _insurer_deficiency(
    review: _Review, requirement: CoverageRequirement, policy: Policy, minimum: am_best.Minimum
) -> Deficiency | None:
    coverage, label = requirement.coverage, requirement.label
    insurer_name, carrier = _carrier_for(review, policy.insurer_letter)
    if carrier is None or not am_best.is_rated_for(carrier, minimum):
        return _deficiency(
            Code.INSURER_NOT_RATED,
            coverage,
            "insurer",
            minimum.label,
            insurer_name,
            messages.insurer_not_rated(insurer_name, coverage, label, minimum.label),
        )
    if am_best.meets(carrier, minimum):
        return None
    rated = am_best.describe(carrier)
    return _deficiency(
        Code.INSURER_RATING_BELOW_MINIMUM,
        coverage,
        "insurer",
        minimum.label,
        rated,
        messages.insurer_rating_below(insurer_name or carrier.name, rated, minimum.label, coverage, label),
        insurer=insurer_name or carrier.name,
    )


def _additional_insured_names_owner(requirements: Requirements) -> int | None:
    """Which requirement the required additional-insured names are reported under.

    The description of operations is one text for the whole certificate, so each missing name is
    reported once, not once per coverage: under the general liability requirement when it asks for
    additional insured status (the usual case), else the first requirement that does, else general
    liability, else the first requirement not waived. Nothing is checked when every one is waived.
    """
    if not requirements.additional_insureds:
        return None
    active = [(i, r) for i, r in enumerate(requirements.coverages) if not r.waived]
    for predicate in (
        lambda r: r.coverage == "general_liability" and r.additional_insured,
        lambda r: bool(r.additional_insured),
        lambda r: r.coverage == "general_liability",
        lambda r: True,
    ):
        for index, requirement in active:
            if predicate(requirement):
                return index
    return None


def _additional_insured_name_deficiencies(
    review: _Review, requirement: CoverageRequirement
) -> list[Deficiency]:
    description, endorsements = review.description, review.endorsements
    if description.blanket_additional_insured or endorsements.any_of(_BLANKET_AI_FORMS):
        return []
    holder = review.certificate.certificate_holder.name
    found: list[Deficiency] = []
    for name in review.requirements.additional_insureds:
        if description.names(name):
            continue
        if description.certificate_holder_is_additional_insured and names_match(name, holder):
            continue
        if any(names_match(name, scheduled) for scheduled in endorsements.scheduled_names):
            continue
        found.append(
            _deficiency(
                Code.ADDITIONAL_INSURED_NAME_MISSING,
                requirement.coverage,
                None,
                name,
                name,
                messages.additional_insured_name_missing(name),
            )
        )
    return found
