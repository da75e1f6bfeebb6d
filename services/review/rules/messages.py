"""One plain sentence per deficiency, written for the subcontractor's insurance broker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from shared.contracts.certificate import Policy

_COVERAGE_NAMES = {
    "general_liability": "general liability",
    "auto_liability": "auto liability",
    "umbrella": "umbrella liability",
    "excess": "excess liability",
    "workers_comp": "workers' compensation",
    "other": "other coverage",
}

_LIMIT_NAMES = {
    "each_occurrence": "each-occurrence",
    "damage_to_rented_premises": "damage-to-rented-premises",
    "medical_expense": "medical expense",
    "personal_advertising_injury": "personal and advertising injury",
    "general_aggregate": "general aggregate",
    "products_completed_operations_aggregate": "products-completed operations aggregate",
    "combined_single_limit": "combined single limit",
    "bodily_injury_per_person": "bodily injury per person",
    "bodily_injury_per_accident": "bodily injury per accident",
    "property_damage_per_accident": "property damage per accident",
    "aggregate": "aggregate",
    "retention": "retention",
    "deductible": "deductible",
    "el_each_accident": "employers' liability each-accident",
    "el_disease_each_employee": "employers' liability disease each-employee",
    "el_disease_policy_limit": "employers' liability disease policy",
}

_AUTO_TYPE_NAMES = {
    "any": "any auto",
    "owned": "owned autos",
    "scheduled": "scheduled autos",
    "hired": "hired autos",
    "non_owned": "non-owned autos",
}


def money(amount: int) -> str:
    return f"${amount:,}"


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def coverage_name(coverage: str, label: str | None = None) -> str:
    """Lower-case human name: "general liability", or the printed label of an `other` coverage."""
    if coverage == "other" and label:
        return label.strip()
    return _COVERAGE_NAMES.get(coverage, coverage.replace("_", " "))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def limit_name(key: str) -> str:
    return _LIMIT_NAMES.get(key, key.replace("_", " "))


def _policy_ref(coverage: str, label: str | None, policy: Policy | None) -> str:
    name = coverage_name(coverage, label)
    if policy is not None and policy.policy_number:
        return f"the {name} policy {policy.policy_number}"
    return f"the {name} policy"


def _join_words(items: Sequence[str], conjunction: str = "and") -> str:
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def not_a_certificate() -> str:
    return "This document is not a certificate of liability insurance; please send an ACORD 25 certificate."


def unreadable(reason: str) -> str:
    reason = reason.strip().rstrip(".")
    detail = f" ({reason})" if reason else ""
    return f"The document could not be read{detail}; please send a clear, unprotected PDF of the certificate."


def insured_name_mismatch(found: str | None, required: str) -> str:
    if not found:
        return f'The certificate does not show the named insured; it must name "{required}".'
    return f'The certificate names the insured as "{found}"; it must name "{required}".'


def certificate_holder_mismatch(found: str | None, required: str) -> str:
    if not found:
        return f'The certificate holder is blank; it must be "{required}".'
    return f'The certificate holder is "{found}"; it must be "{required}".'


def coverage_missing(coverage: str, label: str | None) -> str:
    return (
        f"The certificate shows no {coverage_name(coverage, label)} policy; "
        "please add one that meets the project's requirements."
    )


def limit_below(  # noqa: PLR0913, PLR0917 - the figures a limit message names, in the order it says them
    coverage: str,
    label: str | None,
    key: str,
    required: int,
    found: int | None,
    with_umbrella: int | None,
) -> str:
    subject = f"{_capitalised(coverage_name(coverage, label))} {limit_name(key)} limit"
    if found is None:
        return f"{subject} is not shown; the project requires {money(required)}."
    if with_umbrella is not None:
        return (
            f"{subject} is {money(found)}, or {money(with_umbrella)} with the umbrella/excess policy; "
            f"the project requires {money(required)}."
        )
    return f"{subject} is {money(found)}; the project requires {money(required)}."


def limit_above_maximum(coverage: str, label: str | None, key: str, maximum: int, found: int) -> str:
    subject = f"{_capitalised(coverage_name(coverage, label))} {limit_name(key)}"
    return f"{subject} is {money(found)}; the project allows at most {money(maximum)}."


def policy_expired(coverage: str, label: str | None, policy: Policy, expired_on: date, as_of: date) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return (
        f"{ref} expired on {long_date(expired_on)}, before {long_date(as_of)}; "
        "please send a certificate showing the renewal."
    )


def policy_not_yet_effective(
    coverage: str, label: str | None, policy: Policy, effective_on: date, as_of: date
) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return (
        f"{ref} only takes effect on {long_date(effective_on)}; "
        f"the project needs coverage in force on {long_date(as_of)}."
    )


def additional_insured_missing(coverage: str, label: str | None, policy: Policy) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return (
        f"{ref} is not marked ADDL INSD; the project requires additional insured status, "
        "so mark it and attach the endorsement."
    )


def additional_insured_name_missing(name: str) -> str:
    return (
        f'"{name}" is not named as additional insured in the description of operations; '
        "please add it or cite blanket additional insured wording (e.g. CG 20 38)."
    )


_WAIVER_FORMS = {
    "general_liability": " or cite CG 24 04",
    "auto_liability": " or cite CA 04 44",
    "workers_comp": " or cite WC 00 03 13",
}


def subrogation_waiver_missing(coverage: str, label: str | None, policy: Policy) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    forms = _WAIVER_FORMS.get(coverage, " or add waiver wording")
    return f"{ref} does not show a waiver of subrogation; please mark SUBR WVD{forms}."


_PNC_FORMS = {
    "general_liability": "CG 20 01",
    "auto_liability": "CA 04 49",
    "umbrella": "CU 24 78",
    "excess": "CX 24 33",
}


def primary_noncontributory_missing(coverage: str, label: str | None) -> str:
    form = _PNC_FORMS.get(coverage)
    cite = f" or cite {form}" if form else ""
    return (
        f"The {coverage_name(coverage, label)} coverage is not shown as primary and non-contributory; "
        f"please add that wording to the description{cite}."
    )


def completed_operations_missing(coverage: str, label: str | None) -> str:
    return (
        f"The {coverage_name(coverage, label)} additional insured status does not show completed "
        "operations; please cite CG 20 37 (or CG 20 39 / CG 20 40) or add completed-operations wording."
    )


def claims_made_not_accepted(coverage: str, label: str | None, policy: Policy) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return f"{ref} is written on a claims-made form; the project accepts occurrence form only."


def per_project_aggregate_missing(coverage: str, label: str | None, basis: str | None) -> str:
    subject = f"The {coverage_name(coverage, label)} general aggregate"
    shown = {"policy": "applies per policy", "location": "applies per location"}.get(
        basis or "", "is not shown as applying per project"
    )
    return f"{subject} {shown}; the project requires a per-project aggregate (PRO-JECT or CG 25 03)."


def auto_types_insufficient(
    coverage: str, label: str | None, policy: Policy, required: Sequence[str], found: Sequence[str]
) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    shown = _join_words([_AUTO_TYPE_NAMES.get(t, t) for t in found])
    wanted = _join_words([_AUTO_TYPE_NAMES.get(t, t) for t in required], "or")
    if not found:
        return f"{ref} does not mark any covered auto type; the project requires {wanted}."
    return f"{ref} covers {shown}; the project requires {wanted}."


def not_per_statute(coverage: str, label: str | None, policy: Policy) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return f"{ref} is not marked PER STATUTE; the project requires statutory workers' compensation."


def officers_excluded(coverage: str, label: str | None, policy: Policy) -> str:
    ref = _capitalised(_policy_ref(coverage, label, policy))
    return f"{ref} excludes proprietors, partners, officers or members; the project does not allow that."


def insurer_rating_below(insurer: str, found: str, minimum: str, coverage: str, label: str | None) -> str:
    return (
        f"{insurer}, the {coverage_name(coverage, label)} insurer, is rated {found} by AM Best, "
        f"below the project's minimum of {minimum}."
    )


def insurer_not_rated(insurer: str | None, coverage: str, label: str | None, minimum: str) -> str:
    who = insurer or f"The {coverage_name(coverage, label)} insurer"
    return (
        f"{who} has no AM Best rating in the carrier table; "
        f"the project requires {minimum} or better for {coverage_name(coverage, label)}."
    )
