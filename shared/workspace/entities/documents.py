"""Documents, reviews and their decisions, coverage records and excluded officers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from shared.contracts import Certificate, Verdict
from shared.contracts.changes import Change
from shared.workspace.entities.common import (
    MAX_LIST_ITEMS,
    ContractCompliance,
    Entity,
    Limits,
    Name,
    RequestBody,
    UploadChannel,
)


class DocumentStatus(StrEnum):
    NEEDS_REVIEW = "needs_review"
    REVIEWED = "reviewed"
    DUPLICATE = "duplicate"


class Document(Entity):
    id: str
    tenant_id: str
    project_id: str
    contract_id: str
    vendor_id: str
    bucket: str
    key: str
    sha256: str
    content_type: str | None = None
    channel: UploadChannel = "portal"
    uploaded_by: str | None = None
    uploaded_at: datetime
    certificate: Certificate | None = None
    extraction_error: str | None = None
    needs_human_review: list[str] = Field(default_factory=list)
    verdict: Verdict | None = None
    status: DocumentStatus = DocumentStatus.NEEDS_REVIEW
    duplicate_of: str | None = None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    correlation_id: str | None = None
    # The contract status change the automatic check caused, kept so a redelivery republishes it.
    compliance_previous: ContractCompliance | None = None
    compliance_status: ContractCompliance | None = None
    # What got weaker since the certificate this one replaces on the contract (coi.changes/1).
    changes: list[Change] = Field(default_factory=list)


class ReviewDecisionStatus(StrEnum):
    ACTIVE = "active"
    REJECTED = "rejected"
    WAIVED = "waived"
    APPROVED_NON_COMPLIANT = "approved_non_compliant"


# Only the checks stored reviews always met (a waive's note is checked when a review is done,
# so reviews saved before that rule still load).
_NOTE_REQUIRED = {
    ReviewDecisionStatus.APPROVED_NON_COMPLIANT: "a note is required to approve a non-compliant requirement",
}


class RequirementDecision(RequestBody):
    requirement_key: str = Field(min_length=1, max_length=80)
    status: ReviewDecisionStatus
    note: str | None = Field(default=None, max_length=2000, validate_default=True)
    # What the certificate shows for this requirement; defaults come from the extracted policy.
    policy_number: str | None = Field(default=None, max_length=80)
    insurer_name: str | None = Field(default=None, max_length=200)
    effective_date: date | None = None
    expiration_date: date | None = None
    limits: Limits | None = None
    # Workers' compensation: officers the policy excludes.
    excluded_officers: list[Name] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)

    @field_validator("note")
    @classmethod
    def _notes_where_needed(cls, note: str | None, info: ValidationInfo) -> str | None:
        # A field check on `note` (run on the default too) so the API's 4xx names the field.
        needs = _NOTE_REQUIRED.get(info.data.get("status"))  # type: ignore[arg-type]
        if needs and not (note or "").strip():
            raise ValueError(needs)
        return note


# Problems with the certificate as a whole (not one policy): decided like a policy before any policy
# on it can be approved, so a certificate naming another company never turns a contract compliant.
DocumentProblemCode = Literal["INSURED_NAME_MISMATCH", "CERTIFICATE_HOLDER_MISMATCH"]
DOCUMENT_PROBLEM_CODES: tuple[str, ...] = ("INSURED_NAME_MISMATCH", "CERTIFICATE_HOLDER_MISMATCH")


class DocumentProblemDecision(RequestBody):
    code: DocumentProblemCode
    status: Literal["accepted", "rejected"]
    note: str | None = Field(default=None, max_length=2000, validate_default=True)

    @field_validator("note")
    @classmethod
    def _accepting_needs_a_reason(cls, note: str | None, info: ValidationInfo) -> str | None:
        # A field check on `note` so the API's 4xx names the field to fill in.
        if info.data.get("status") == "accepted" and not (note or "").strip():
            raise ValueError("a note is required to accept a certificate-level problem")
        return note


class ReviewState(StrEnum):
    DRAFT = "draft"
    DONE = "done"


class Review(Entity):
    tenant_id: str
    document_id: str
    contract_id: str
    state: ReviewState = ReviewState.DRAFT
    decisions: list[RequirementDecision] = Field(default_factory=list)
    document_decisions: list[DocumentProblemDecision] = Field(default_factory=list)
    notes_to_vendor: str | None = None
    # Whether the vendor hears of the decision now (the reviewer's "send e-mail to the vendor").
    notify_vendor: bool = True
    reviewer: str
    updated_at: datetime
    completed_at: datetime | None = None
    rounds: int = 0


class ReviewInput(RequestBody):
    decisions: list[RequirementDecision] = Field(default_factory=list, max_length=MAX_LIST_ITEMS * 2)
    document_decisions: list[DocumentProblemDecision] = Field(default_factory=list, max_length=4)
    notes_to_vendor: str | None = Field(default=None, max_length=4000)
    # False: the decision is recorded but no rejection e-mail is queued now.
    notify_vendor: bool = True
    # Approving as plain Active a requirement the automatic check still finds problems with
    # needs this, and the override is recorded with who made it.
    confirm_override: bool = False

    @field_validator("decisions")
    @classmethod
    def _one_decision_per_requirement(cls, decisions: list[RequirementDecision]) -> list[RequirementDecision]:
        keys = [d.requirement_key for d in decisions]
        if len(keys) != len(set(keys)):
            raise ValueError("one decision per requirement")
        return decisions


class CoverageStatus(StrEnum):
    UNREVIEWED = "unreviewed"
    ACTIVE = "active"
    INACTIVE = "inactive"
    WAIVED = "waived"
    APPROVED_NON_COMPLIANT = "approved_non_compliant"
    # No certificate or document ever covered the requirement.
    MISSING = "missing"


class CoverageRecord(Entity):
    """One certificate's (or one waiver's) evidence for one requirement of a contract.

    Renewals stack: every document adds records; history is never rewritten except by review.
    """

    id: str
    tenant_id: str
    project_id: str
    contract_id: str
    vendor_id: str
    vendor_name: str
    requirement_key: str
    coverage: str
    label: str | None = None
    document_id: str | None = None
    recorded_at: datetime
    decision: ReviewDecisionStatus | None = None
    note: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    policy_number: str | None = None
    insurer_name: str | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    limits: dict[str, int] = Field(default_factory=dict)
    # A later approved certificate for the same requirement took over (company views skip it).
    superseded: bool = False

    def status_on(self, day: date) -> CoverageStatus:
        if self.decision is None:
            return CoverageStatus.UNREVIEWED
        if self.decision == ReviewDecisionStatus.WAIVED:
            return CoverageStatus.WAIVED
        if self.decision == ReviewDecisionStatus.REJECTED:
            return CoverageStatus.INACTIVE
        if self.expiration_date is not None and self.expiration_date < day:
            return CoverageStatus.INACTIVE
        if self.decision == ReviewDecisionStatus.APPROVED_NON_COMPLIANT:
            return CoverageStatus.APPROVED_NON_COMPLIANT
        return CoverageStatus.ACTIVE

    def inactive_reason(self, day: date) -> str | None:
        if self.decision == ReviewDecisionStatus.REJECTED:
            return "rejected"
        if self.status_on(day) == CoverageStatus.INACTIVE:
            return "expired"
        return None


class ExcludedOfficers(Entity):
    tenant_id: str
    project_id: str
    contract_id: str
    vendor_name: str
    document_id: str
    officers: list[str]
    recorded_at: datetime


class WaiveInput(RequestBody):
    requirement_key: str = Field(min_length=1, max_length=80)
    note: str = Field(min_length=1, max_length=2000)
