"""The requirements contract (`coi.requirements/1`): input of `coi check --requirements`.

Every key but `coverages` is optional; an absent key is not checked.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from shared.contracts.carriers import parse_am_best_rating, parse_am_best_size
from shared.contracts.certificate import LIMIT_KEYS, AutoType, CoverageKind

REQUIREMENTS_SCHEMA = "coi.requirements/1"


class MinimumAmBest(BaseModel):
    model_config = ConfigDict(extra="allow")

    rating: str | None = None
    size: str | None = None

    # A minimum nobody can compare against must fail where the requirement group is read (an API
    # 400, `coi check` exit 2), not later in a review. Values are stored canonical ("a-" -> "A-",
    # "7" -> "VII"), so every reader sees the same scale.
    @field_validator("rating")
    @classmethod
    def _known_rating(cls, value: str | None) -> str | None:
        return parse_am_best_rating(value)

    @field_validator("size")
    @classmethod
    def _known_size(cls, value: str | None) -> str | None:
        return parse_am_best_size(value)


class CoverageRequirement(BaseModel):
    model_config = ConfigDict(extra="allow")

    coverage: CoverageKind
    # For `other` coverages: the printed label to match (e.g. "Pollution Liability").
    label: str | None = None
    limits: dict[str, int] = Field(default_factory=dict)
    additional_insured: bool | None = None
    subrogation_waived: bool | None = None
    primary_noncontributory: bool | None = None
    completed_operations: bool | None = None
    occurrence_only: bool | None = None
    per_project_aggregate: bool | None = None
    auto_types_any_of: list[AutoType] | None = None
    per_statute: bool | None = None
    officers_excluded_allowed: bool | None = None
    waived: bool = False


class Requirements(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    schema_: str = Field(default=REQUIREMENTS_SCHEMA, alias="schema")
    name: str | None = None
    as_of: date | None = None
    insured_name: str | None = None
    certificate_holder: str | None = None
    additional_insureds: list[str] = Field(default_factory=list)
    minimum_am_best: MinimumAmBest | None = None
    allow_umbrella_to_satisfy_limits: bool = True
    coverages: list[CoverageRequirement]

    # A misspelt limit key would otherwise be checked as a new limit while the real one goes unchecked.
    # Groups already stored are read as they are (context `stored`): their checks ran when saved.
    @field_validator("coverages")
    @classmethod
    def _meetable(
        cls, coverages: list[CoverageRequirement], info: ValidationInfo
    ) -> list[CoverageRequirement]:
        if not (info.context or {}).get("stored"):
            check_coverages(coverages, options=False)
        return coverages

    def to_contract_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# ---------------------------------------------------------------- checking a requirement

# What the certificate prints, so a requirement reads as the vendor's broker will see it.
COVERAGE_TITLES: dict[str, str] = {
    "general_liability": "Commercial general liability",
    "auto_liability": "Automobile liability",
    "umbrella": "Umbrella liability",
    "excess": "Excess liability",
    "workers_comp": "Workers compensation and employers' liability",
    "other": "Other coverage",
}

LIMIT_LABELS: dict[str, str] = {
    "each_occurrence": "Each occurrence",
    "damage_to_rented_premises": "Damage to rented premises (ea occurrence)",
    "medical_expense": "Med exp (any one person)",
    "personal_advertising_injury": "Personal & adv injury",
    "general_aggregate": "General aggregate",
    "products_completed_operations_aggregate": "Products - comp/op agg",
    "combined_single_limit": "Combined single limit (ea accident)",
    "bodily_injury_per_person": "Bodily injury (per person)",
    "bodily_injury_per_accident": "Bodily injury (per accident)",
    "property_damage_per_accident": "Property damage (per accident)",
    "aggregate": "Aggregate",
    "retention": "Retention (at most)",
    "deductible": "Deductible (at most)",
    "el_each_accident": "E.L. each accident",
    "el_disease_each_employee": "E.L. disease - ea employee",
    "el_disease_policy_limit": "E.L. disease - policy limit",
}

OPTION_LABELS: dict[str, str] = {
    "additional_insured": "Additional insured",
    "completed_operations": "Additional insured includes completed operations",
    "subrogation_waived": "Waiver of subrogation",
    "primary_noncontributory": "Primary and non-contributory",
    "occurrence_only": "Occurrence form only (no claims-made)",
    "per_project_aggregate": "Aggregate applies per project",
    "per_statute": "Per statute",
    "officers_excluded_allowed": "Officers may be excluded",
    "auto_types_any_of": "Auto types (any of)",
}

# The options a certificate can show for each coverage; any other is a requirement nobody can meet.
_LIABILITY = ("additional_insured", "completed_operations", "subrogation_waived", "primary_noncontributory")
OPTIONS_BY_COVERAGE: dict[str, tuple[str, ...]] = {
    "general_liability": (*_LIABILITY, "occurrence_only", "per_project_aggregate"),
    "auto_liability": (
        "additional_insured",
        "subrogation_waived",
        "primary_noncontributory",
        "auto_types_any_of",
    ),
    "umbrella": (*_LIABILITY, "occurrence_only"),
    "excess": (*_LIABILITY, "occurrence_only"),
    "workers_comp": ("subrogation_waived", "per_statute", "officers_excluded_allowed"),
    "other": (*_LIABILITY, "occurrence_only"),
}

_MAXIMA = frozenset({"retention", "deductible"})
_FREE_LIMIT_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def limit_label(key: str) -> str:
    return LIMIT_LABELS.get(key, key.replace("_", " ").capitalize())


def coverage_title(coverage: str, label: str | None = None) -> str:
    if coverage == "other" and label:
        return label
    return COVERAGE_TITLES.get(coverage, coverage.replace("_", " ").capitalize())


def coverage_problems(spec: CoverageRequirement, *, options: bool = True) -> list[tuple[str, str]]:
    """(field, plain sentence) for each part of a coverage requirement no certificate can meet or show:
    a limit key the coverage does not have (`each_occurence` would silently drop the real check), an
    amount that cannot be, and (`options`) an option that does not exist for that coverage."""
    title = coverage_title(spec.coverage, spec.label)
    problems: list[tuple[str, str]] = []
    if spec.coverage == "other" and not (spec.label or "").strip():
        problems.append(
            ("label", "Other coverage: give the label printed on the certificate (e.g. Pollution)")
        )
    known = LIMIT_KEYS.get(spec.coverage)
    for key, amount in spec.limits.items():
        field = f"limits.{key}"
        if known is not None and key not in known:
            choices = ", ".join(limit_label(k) for k in known)
            problems.append(
                (field, f"{title}: “{key}” is not a limit of this coverage; use one of {choices}")
            )
        elif known is None and not _FREE_LIMIT_KEY.match(key):
            problems.append(
                (field, f"{title}: limit name “{key}” must be lower-case words joined by _ (e.g. each_claim)")
            )
        elif amount < 0:
            problems.append((field, f"{title}: {limit_label(key)} cannot be negative"))
        elif amount == 0 and key not in _MAXIMA:
            problems.append(
                (field, f"{title}: {limit_label(key)} of $0 requires nothing; leave it empty instead")
            )
    if not options:
        return problems
    allowed = OPTIONS_BY_COVERAGE.get(spec.coverage, ())
    for option, label in OPTION_LABELS.items():
        value = getattr(spec, option)
        if value and option not in allowed:
            problems.append((option, f"{title}: “{label}” does not exist for this coverage"))
    if spec.completed_operations and spec.additional_insured is False:
        problems.append(
            (
                "completed_operations",
                f"{title}: completed operations needs the additional insured requirement",
            )
        )
    for extra in spec.model_extra or {}:
        problems.append((extra, f"{title}: “{extra}” is not a requirement option"))
    return problems


def check_coverages(coverages: list[CoverageRequirement], *, options: bool = True) -> None:
    """Raise one plain sentence per problem across the coverages (a validator's error). `options`
    off: the rules engine's own input, where an option that cannot apply is simply not checked."""
    sentences = [message for spec in coverages for _, message in coverage_problems(spec, options=options)]
    if sentences:
        raise ValueError("; ".join(sentences))


_FIELD_WORDS = {
    "coverages": "coverage",
    "coverage": "kind of coverage",
    "limits": "limit",
    "minimum_am_best": "minimum AM Best",
    "rating": "rating",
    "size": "financial size",
    "required_documents": "required document",
    "name": "name",
    "key": "key",
    "description": "description",
    "label": "label",
    "endorsements": "endorsement form",
    "vendor_instructions": "policy options shown to vendors",
    **{key: label.lower() for key, label in OPTION_LABELS.items()},
}


def field_in_words(location: tuple[int | str, ...]) -> str:
    """`coverages.4.limits.each_occurence` -> "coverage 5, limit each_occurence"."""
    words: list[str] = []
    for part in location:
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
            continue
        if words and words[-1] == "limit":
            # The limit's key itself: kept as typed so a typo stays visible.
            words[-1] = f"limit {part}"
            continue
        words.append(_FIELD_WORDS.get(part, part.replace("_", " ")))
    return ", ".join(words) or "the requirements"


# Pydantic error types whose wording does not depend on the error's context.
_FIXED_MESSAGES = {
    "int_parsing": "must be a whole dollar amount",
    "int_type": "must be a whole dollar amount",
    "int_from_float": "must be a whole dollar amount",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "bool_parsing": "must be true or false",
}


def _plain_message(error: Any) -> str:
    kind, message = error["type"], error["msg"]
    context = error.get("ctx", {})
    if kind in _FIXED_MESSAGES:
        return _FIXED_MESSAGES[kind]
    if kind == "literal_error":
        expected = context.get("expected", "")
        return f"must be one of {expected.replace(chr(39), '').replace('_', ' ')}"
    if kind == "greater_than_equal" and context.get("ge") == 0:
        return "cannot be negative"
    if kind.startswith("greater_than"):
        return f"must be at least {context.get('ge', context.get('gt', 0))}"
    return message.removeprefix("Value error, ")


def plain_errors(exc: ValidationError) -> tuple[str, dict[str, str]]:
    """A validation error as one readable line plus `{dotted field: plain message}`."""
    fields: dict[str, str] = {}
    lines: list[str] = []
    for error in exc.errors():
        location = tuple(error["loc"])
        message = _plain_message(error)
        fields[".".join(str(p) for p in location) or "body"] = message
        # Our own checks already name the coverage and the field in their sentence.
        lines.append(message if error["type"] == "value_error" else f"{field_in_words(location)}: {message}")
    return "; ".join(lines), fields
