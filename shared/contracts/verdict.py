"""The verdict contract (`coi.verdict/1`) and the deficiency codes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.certificate import CoverageKind

VERDICT_SCHEMA = "coi.verdict/1"

CoverageStatus = Literal["met", "deficient", "missing", "expired", "waived"]


class DeficiencyCode(StrEnum):
    NOT_A_CERTIFICATE = "NOT_A_CERTIFICATE"
    UNREADABLE = "UNREADABLE"
    COVERAGE_MISSING = "COVERAGE_MISSING"
    LIMIT_BELOW_REQUIRED = "LIMIT_BELOW_REQUIRED"
    POLICY_EXPIRED = "POLICY_EXPIRED"
    POLICY_NOT_YET_EFFECTIVE = "POLICY_NOT_YET_EFFECTIVE"
    ADDITIONAL_INSURED_MISSING = "ADDITIONAL_INSURED_MISSING"
    ADDITIONAL_INSURED_NAME_MISSING = "ADDITIONAL_INSURED_NAME_MISSING"
    SUBROGATION_WAIVER_MISSING = "SUBROGATION_WAIVER_MISSING"
    PRIMARY_NONCONTRIBUTORY_MISSING = "PRIMARY_NONCONTRIBUTORY_MISSING"
    COMPLETED_OPERATIONS_MISSING = "COMPLETED_OPERATIONS_MISSING"
    CLAIMS_MADE_NOT_ACCEPTED = "CLAIMS_MADE_NOT_ACCEPTED"
    PER_PROJECT_AGGREGATE_MISSING = "PER_PROJECT_AGGREGATE_MISSING"
    AUTO_TYPES_INSUFFICIENT = "AUTO_TYPES_INSUFFICIENT"
    NOT_PER_STATUTE = "NOT_PER_STATUTE"
    OFFICERS_EXCLUDED = "OFFICERS_EXCLUDED"
    INSURER_RATING_BELOW_MINIMUM = "INSURER_RATING_BELOW_MINIMUM"
    INSURER_NOT_RATED = "INSURER_NOT_RATED"
    INSURED_NAME_MISMATCH = "INSURED_NAME_MISMATCH"
    CERTIFICATE_HOLDER_MISMATCH = "CERTIFICATE_HOLDER_MISMATCH"


DOCUMENT_LEVEL_CODES = frozenset(
    {
        DeficiencyCode.NOT_A_CERTIFICATE,
        DeficiencyCode.UNREADABLE,
        DeficiencyCode.INSURED_NAME_MISMATCH,
        DeficiencyCode.CERTIFICATE_HOLDER_MISMATCH,
    }
)


class Deficiency(BaseModel):
    model_config = ConfigDict(extra="allow", use_enum_values=True)

    code: DeficiencyCode
    coverage: CoverageKind | None = None
    field: str | None = None
    required: int | str | bool | list[str] | None = None
    found: int | str | bool | list[str] | None = None
    message: str


class CoverageVerdict(BaseModel):
    model_config = ConfigDict(extra="allow")

    coverage: CoverageKind
    status: CoverageStatus
    label: str | None = None


class Verdict(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    schema_: str = Field(default=VERDICT_SCHEMA, alias="schema")
    compliant: bool
    as_of: date
    coverages: list[CoverageVerdict] = Field(default_factory=list)
    deficiencies: list[Deficiency] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compliant_iff_no_deficiencies(self) -> Verdict:
        if self.compliant != (not self.deficiencies):
            raise ValueError("compliant must be true exactly when deficiencies is empty")
        return self

    def to_contract_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
