"""The requirements contract (`coi.requirements/1`): input of `coi check --requirements`.

Every key but `coverages` is optional; an absent key is not checked.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.contracts.carriers import parse_am_best_rating, parse_am_best_size
from shared.contracts.certificate import AutoType, CoverageKind

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

    def to_contract_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
