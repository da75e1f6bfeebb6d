"""The rules one judged policy must meet for one coverage requirement: in force on the day,
limits (with umbrella stacking), evidence terms (additional insured, waiver, primary and
non-contributory, completed operations), the row's own checkboxes, and the insurer's rating."""

from __future__ import annotations

from services.review.rules import am_best, messages
from services.review.rules.limits import (
    MAXIMUM_KEYS,
    STACKABLE,
    ordered_limit_keys,
    printed_limit,
)
from services.review.rules.review_context import Review
from services.review.rules.verdict_builder import deficiency
from shared.contracts.carriers import Carrier
from shared.contracts.certificate import Policy
from shared.contracts.requirements import CoverageRequirement
from shared.contracts.verdict import Deficiency, DeficiencyCode

Code = DeficiencyCode


# Attached endorsement pages that prove additional-insured status for a line (evidence > checkbox).
_AI_FORMS = {
    "general_liability": frozenset(
        {"CG 20 10", "CG 20 26", "CG 20 33", "CG 20 37", "CG 20 38", "CG 20 39", "CG 20 40"}
    ),
    "auto_liability": frozenset({"CA 20 48"}),
}
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


def period_deficiencies(review: Review, requirement: CoverageRequirement, policy: Policy) -> list[Deficiency]:
    """The policy must be in force on the review date."""
    coverage, label, as_of = requirement.coverage, requirement.label, review.as_of
    found: list[Deficiency] = []
    if policy.expiration_date is not None and policy.expiration_date < as_of:
        found.append(
            deficiency(
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
            deficiency(
                Code.POLICY_NOT_YET_EFFECTIVE,
                coverage,
                "effective_date",
                as_of.isoformat(),
                policy.effective_date.isoformat(),
                messages.policy_not_yet_effective(coverage, label, policy, policy.effective_date, as_of),
            )
        )
    return found


def evidence_deficiencies(
    review: Review, requirement: CoverageRequirement, policy: Policy
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
            deficiency(
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
            deficiency(
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
            deficiency(
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
            deficiency(
                Code.COMPLETED_OPERATIONS_MISSING,
                coverage,
                None,
                True,
                False,
                messages.completed_operations_missing(coverage, label),
            )
        )
    return found


def form_deficiencies(review: Review, requirement: CoverageRequirement, policy: Policy) -> list[Deficiency]:
    """Terms the coverage row's own checkboxes carry (form, aggregate basis, autos, statute, officers)."""
    coverage, label = requirement.coverage, requirement.label
    description, endorsements = review.description, review.endorsements
    found: list[Deficiency] = []
    if requirement.occurrence_only and policy.claims_made is True:
        found.append(
            deficiency(
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
            deficiency(
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
                deficiency(
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
            deficiency(
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
            deficiency(
                Code.OFFICERS_EXCLUDED,
                coverage,
                "officers_excluded",
                False,
                True,
                messages.officers_excluded(coverage, label, policy),
            )
        )
    return found


def limit_deficiencies(review: Review, requirement: CoverageRequirement, policy: Policy) -> list[Deficiency]:
    coverage, label = requirement.coverage, requirement.label
    found: list[Deficiency] = []
    for key in ordered_limit_keys(coverage, requirement.limits):
        required = requirement.limits[key]
        printed = printed_limit(policy, coverage, key)
        if key in MAXIMUM_KEYS:
            if printed is not None and printed > required:
                found.append(
                    deficiency(
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
            deficiency(
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


def _carrier_for(review: Review, letter: str | None) -> tuple[str | None, Carrier | None]:
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


def _meets_minimum(review: Review, letter: str, minimum: am_best.Minimum) -> bool:
    carrier = _carrier_for(review, letter)[1]
    return carrier is not None and am_best.is_rated_for(carrier, minimum) and am_best.meets(carrier, minimum)


def insurer_deficiency(
    review: Review, requirement: CoverageRequirement, policy: Policy, minimum: am_best.Minimum
) -> Deficiency | None:
    coverage, label = requirement.coverage, requirement.label
    letter = policy.insurer_letter
    letters = [insurer.letter for insurer in review.certificate.insurers]
    # On a scan, a letter naming no insurer row is a letter misread (`F` for a serif `C`).
    misread = letter not in letters and review.certificate.document.read_from_images
    if letter is None or misread:
        # No letter printed or read: the insurer is still one of the certificate's insurer rows.
        # With one row it is that one; when every row meets the minimum, whichever it is does.
        if len(letters) == 1:
            letter = letters[0]
        elif letters and all(_meets_minimum(review, each, minimum) for each in letters):
            return None
    insurer_name, carrier = _carrier_for(review, letter)
    if carrier is None or not am_best.is_rated_for(carrier, minimum):
        return deficiency(
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
    return deficiency(
        Code.INSURER_RATING_BELOW_MINIMUM,
        coverage,
        "insurer",
        minimum.label,
        rated,
        messages.insurer_rating_below(insurer_name or carrier.name, rated, minimum.label, coverage, label),
        insurer=insurer_name or carrier.name,
    )
