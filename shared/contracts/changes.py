"""The renewal-changes contract (`coi.changes/1`): what `coi compare PREVIOUS CURRENT --json` prints.

Each change says what got worse (or merely different) from the certificate a vendor sent before to
the one that replaces it. `warning` changes send a certificate to a person even when it passes
the requirements; `info` changes are shown but decide nothing.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.certificate import CoverageKind

CHANGES_SCHEMA = "coi.changes/1"

Severity = Literal["warning", "info"]
ChangeValue = int | str | bool | date | list[str] | None


class ChangeCode(StrEnum):
    CARRIER_CHANGED = "CARRIER_CHANGED"
    CARRIER_RATING_LOWER = "CARRIER_RATING_LOWER"
    LIMIT_REDUCED = "LIMIT_REDUCED"
    COVERAGE_DROPPED = "COVERAGE_DROPPED"
    ADDITIONAL_INSURED_DROPPED = "ADDITIONAL_INSURED_DROPPED"
    SUBROGATION_WAIVER_DROPPED = "SUBROGATION_WAIVER_DROPPED"
    ENDORSEMENT_DROPPED = "ENDORSEMENT_DROPPED"
    AI_SCHEDULED_TO_BLANKET = "AI_SCHEDULED_TO_BLANKET"
    OCCURRENCE_TO_CLAIMS_MADE = "OCCURRENCE_TO_CLAIMS_MADE"
    AGGREGATE_BASIS_WIDER = "AGGREGATE_BASIS_WIDER"
    POLICY_NUMBER_CHANGED_MIDTERM = "POLICY_NUMBER_CHANGED_MIDTERM"
    COVERAGE_GAP = "COVERAGE_GAP"


class Change(BaseModel):
    model_config = ConfigDict(extra="allow", use_enum_values=True)

    code: ChangeCode
    coverage: CoverageKind | None = None
    # The printed name of an `other` coverage ("Pollution Liability"); null otherwise.
    label: str | None = None
    field: str | None = None
    previous: ChangeValue = None
    current: ChangeValue = None
    severity: Severity
    message: str


class Changes(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    schema_: str = Field(default=CHANGES_SCHEMA, alias="schema")
    changes: list[Change] = Field(default_factory=list)

    @property
    def warnings(self) -> list[Change]:
        return [change for change in self.changes if change.severity == "warning"]

    def to_contract_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
