"""Domain entities of the GC workspace (pydantic). Storage items live in `store.py`/`dynamo.py`;
these never leak a DynamoDB key."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from shared.contracts import Certificate, CoverageRequirement, MinimumAmBest, Requirements, Verdict
from shared.contracts.certificate import CoverageKind
from shared.contracts.changes import Change
from shared.contracts.requirements import check_coverages, plain_errors

ContractCompliance = Literal["needs_certificate", "needs_review", "compliant", "non_compliant", "inactive"]
CONTRACT_STATUSES: tuple[ContractCompliance, ...] = (
    "needs_certificate",
    "needs_review",
    "compliant",
    "non_compliant",
    "inactive",
)
UploadChannel = Literal["portal", "staff", "email", "procore"]

_ID_PATTERN = re.compile(r"^[a-z0-9]{8,64}$")
# The address syntax of the HTML standard (what a browser's type=email accepts): no spaces, commas
# or angle brackets, so a stored address can never smuggle a second recipient into a mail header.
_EMAIL_PATTERN = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)

# Request-body building blocks with lengths, so no request can grow an item past DynamoDB's 400 KB.
IdRef = Annotated[str, Field(min_length=1, max_length=64)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
LimitName = Annotated[str, Field(min_length=1, max_length=60)]
# Dollar amounts: DynamoDB numbers hold 38 digits, no limit on a certificate is near a trillion.
Amount = Annotated[int, Field(ge=0, le=10**12)]
Limits = Annotated[dict[LimitName, Amount], Field(max_length=20)]
MAX_LIST_ITEMS = 50


def is_email_address(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL_PATTERN.fullmatch(value))


def new_id() -> str:
    return uuid.uuid4().hex


def is_valid_id(value: str) -> bool:
    """Ids are lowercase hex; anything else cannot exist (and must not reach a key)."""
    return bool(_ID_PATTERN.match(value))


def utcnow() -> datetime:
    return datetime.now(UTC)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def normalized_name(text: str) -> str:
    """For sorting and matching vendor names: case and punctuation ignored."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class _Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class _Input(BaseModel):
    """Request bodies: unknown fields are an error so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---------------------------------------------------------------- accounts


class Role(StrEnum):
    ADMIN = "admin"
    STANDARD = "standard"
    READ_ONLY = "read_only"
    REVIEWER = "reviewer"


class TenantSettings(_Entity):
    sender_name: str | None = None
    sender_email: str | None = None
    reply_to: str | None = None
    # Whether an automatic verdict without deficiencies approves the document without a human.
    auto_approve_compliant: bool = False
    expiring_soon_days: int = Field(default=30, ge=1, le=365)
    portal_link_days: int = Field(default=180, ge=1, le=3650)


class Tenant(_Entity):
    id: str
    name: str
    settings: TenantSettings = Field(default_factory=TenantSettings)
    created_at: datetime = Field(default_factory=utcnow)
    # Set by notify when SES refuses the tenant's sender address (unverified, rejected): vendor
    # e-mails wait instead of failing into a dead-letter queue; saving the sender clears it.
    sender_paused_reason: str | None = None
    sender_paused_at: datetime | None = None


class User(_Entity):
    id: str
    tenant_id: str
    email: str
    name: str
    role: Role
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ReviewerGrant(_Entity):
    """A client tenant lets a managed-service reviewer (from another tenant) work its queue."""

    tenant_id: str
    reviewer_user_id: str
    reviewer_email: str
    granted_by: str
    granted_at: datetime = Field(default_factory=utcnow)


class LegalEntity(_Entity):
    id: str
    tenant_id: str
    name: str
    address: str | None = None


# ---------------------------------------------------------------- projects


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    FROZEN = "frozen"
    WARRANTY = "warranty"
    CLOSED = "closed"


class SampleDocument(_Entity):
    id: str
    title: str
    key: str
    content_type: str


class Project(_Entity):
    id: str
    tenant_id: str
    number: str
    name: str
    address: str | None = None
    legal_entity_id: str | None = None
    status: ProjectStatus = ProjectStatus.DRAFT
    warranty_end_date: date | None = None
    additional_insureds: list[str] = Field(default_factory=list)
    requirement_group_id: str | None = None
    sample_documents: list[SampleDocument] = Field(default_factory=list)
    # Contract counts by compliance status, kept in step with every contract status change.
    contract_counts: dict[str, int] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def compliance_bar(self) -> ComplianceBar:
        active = sum(n for status, n in self.contract_counts.items() if status != "inactive")
        compliant = self.contract_counts.get("compliant", 0)
        return ComplianceBar(active_contracts=active, compliant_contracts=compliant)


class ComplianceBar(BaseModel):
    active_contracts: int
    compliant_contracts: int

    @property
    def percent(self) -> int | None:
        if not self.active_contracts:
            return None
        return round(100 * self.compliant_contracts / self.active_contracts)


class NewProject(_Input):
    number: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    legal_entity_id: IdRef | None = None
    status: ProjectStatus = ProjectStatus.DRAFT
    warranty_end_date: date | None = None
    additional_insureds: list[Name] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    # A tenant-level group to copy instead of the tenant default.
    requirement_group_id: IdRef | None = None


class ProjectUpdate(_Input):
    number: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    legal_entity_id: IdRef | None = None
    additional_insureds: list[Name] | None = Field(default=None, max_length=MAX_LIST_ITEMS)
    requirement_group_id: IdRef | None = None


class ProjectStatusChange(_Input):
    status: ProjectStatus
    warranty_end_date: date | None = None

    @model_validator(mode="after")
    def _warranty_needs_end_date(self) -> ProjectStatusChange:
        if self.status == ProjectStatus.WARRANTY and self.warranty_end_date is None:
            raise ValueError("warranty_end_date is required for the warranty status")
        return self


# ---------------------------------------------------------------- requirements


class CoverageSpec(CoverageRequirement):
    """A requirement group's coverage: the rules-engine contract plus what reviewers check by eye."""

    label: str | None = Field(default=None, max_length=120)
    limits: Limits = Field(default_factory=dict)
    endorsements: list[Name] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)

    @property
    def requirement_key(self) -> str:
        return requirement_key(self.coverage, self.label)


def requirement_key(coverage: CoverageKind | str, label: str | None = None) -> str:
    """Stable name of a coverage requirement inside a contract: `general_liability`, `other:pollution`."""
    if coverage == "other":
        return f"other:{slug(label or 'other')}"
    return str(coverage)


class RequiredDocument(_Entity):
    """A document without expiry the vendor must provide (W-9, AI endorsement)."""

    key: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=500)

    @property
    def requirement_key(self) -> str:
        return f"document:{self.key}"


class RequirementGroup(_Entity):
    id: str
    tenant_id: str
    name: str
    # None: a tenant-level group; otherwise the project (and maybe contract) the copy belongs to.
    project_id: str | None = None
    contract_id: str | None = None
    is_default: bool = False
    copied_from: str | None = None
    coverages: list[CoverageSpec] = Field(default_factory=list)
    minimum_am_best: MinimumAmBest | None = None
    allow_umbrella_to_satisfy_limits: bool = True
    required_documents: list[RequiredDocument] = Field(default_factory=list)
    # Free text the vendor and its broker read with the requirements (portal and request e-mails).
    vendor_instructions: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)

    def requirement_keys(self) -> list[str]:
        """Every requirement the contract must satisfy, waived ones included."""
        return [c.requirement_key for c in self.coverages] + [
            d.requirement_key for d in self.required_documents
        ]

    def waived_keys(self) -> set[str]:
        return {c.requirement_key for c in self.coverages if c.waived}

    def to_requirements(
        self,
        *,
        insured_name: str | None,
        certificate_holder: str | None,
        additional_insureds: list[str],
        as_of: date,
    ) -> Requirements:
        # A stored group was checked when saved; reading it never refuses (an older group included).
        return Requirements.model_validate(
            {
                "name": self.name,
                "as_of": as_of,
                "insured_name": insured_name,
                "certificate_holder": certificate_holder,
                "additional_insureds": additional_insureds,
                "minimum_am_best": self.minimum_am_best,
                "allow_umbrella_to_satisfy_limits": self.allow_umbrella_to_satisfy_limits,
                "coverages": [CoverageRequirement.model_validate(c.model_dump()) for c in self.coverages],
            },
            context={"stored": True},
        )


class RequirementGroupInput(_Input):
    name: str = Field(min_length=1, max_length=120)
    coverages: list[CoverageSpec] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    minimum_am_best: MinimumAmBest | None = None
    allow_umbrella_to_satisfy_limits: bool = True
    required_documents: list[RequiredDocument] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    vendor_instructions: str | None = Field(default=None, max_length=4000)

    @field_validator("coverages")
    @classmethod
    def _one_requirement_per_coverage(cls, coverages: list[CoverageSpec]) -> list[CoverageSpec]:
        keys = [c.requirement_key for c in coverages]
        if len(keys) != len(set(keys)):
            raise ValueError("each coverage (and each `other` label) may appear only once")
        check_coverages(list(coverages))
        return coverages

    @field_validator("required_documents")
    @classmethod
    def _one_entry_per_document(cls, documents: list[RequiredDocument]) -> list[RequiredDocument]:
        keys = [d.key for d in documents]
        if len(keys) != len(set(keys)):
            raise ValueError("each required document may appear only once")
        return documents

    @classmethod
    def plain_errors(cls, exc: ValidationError) -> tuple[str, dict[str, str]]:
        return plain_errors(exc)


class CopyRequirementGroup(_Input):
    name: str = Field(min_length=1, max_length=120)
    # Where the copy belongs: omitted = tenant level; a project; or one contract of that project.
    project_id: IdRef | None = None
    contract_id: IdRef | None = None


# ---------------------------------------------------------------- vendors and contracts


class VendorContractRef(_Entity):
    """Where a vendor works, kept on the vendor so the directory reads one item per vendor."""

    project_id: str
    status: ContractCompliance
    active: bool = True


class Vendor(_Entity):
    id: str
    tenant_id: str
    name: str
    address: str | None = None
    tax_id: str | None = None
    # The vendor's number in the GC's accounting system (ERP exports print it).
    code: str | None = None
    contracts: dict[str, VendorContractRef] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)


class VendorInput(_Input):
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    tax_id: str | None = Field(default=None, max_length=40)
    code: str | None = Field(default=None, max_length=40)


class Contact(_Entity):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    sms_opt_in: bool = False

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        value = value.strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an email address")
        return value.lower()


class Contract(_Entity):
    id: str
    tenant_id: str
    project_id: str
    vendor_id: str
    vendor_name: str
    number: str | None = None
    description: str | None = None
    contact: Contact = Field(default_factory=Contact)
    requirement_group_id: str
    active: bool = True
    status: ContractCompliance = "needs_certificate"
    status_changed_at: datetime = Field(default_factory=utcnow)
    # Once anything on the contract was reviewed it can only be deactivated, never removed.
    reviewed: bool = False
    # Last day the approved coverage keeps every requirement met (pending reviews aside); None when
    # not met today. The Do-Not-Pay list for a pay date reads only this.
    compliant_until: date | None = None
    documents_count: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class NewContract(_Input):
    # Either an existing vendor or a new one (matched by name so a vendor is one record).
    vendor_id: IdRef | None = None
    vendor: VendorInput | None = None
    number: str | None = Field(default=None, max_length=64)
    description: str | None = Field(default=None, max_length=500)
    contact: Contact = Field(default_factory=Contact)
    requirement_group_id: IdRef | None = None
    active: bool = True

    @model_validator(mode="after")
    def _one_vendor(self) -> NewContract:
        if (self.vendor_id is None) == (self.vendor is None):
            raise ValueError("give exactly one of vendor_id or vendor")
        return self


class ContractUpdate(_Input):
    number: str | None = Field(default=None, max_length=64)
    description: str | None = Field(default=None, max_length=500)
    contact: Contact | None = None
    requirement_group_id: IdRef | None = None
    active: bool | None = None


class PortalLink(_Entity):
    tenant_id: str
    project_id: str
    contract_id: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    created_by: str
    # Random nonce the token is derived from (HMAC with PORTAL_TOKEN_SECRET); a new one on
    # regenerate retires the old token. None on links issued before tokens were derived.
    generation: str | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


# How long a replaced link still answers "expired" (410) after it would have expired anyway.
RETIRED_LINK_GRACE_DAYS = 90


class RetiredPortalLink(_Entity):
    """A replaced link's token hash: the old link then answers "expired, use the newer one" (410)
    instead of "unknown" (404) until a while after it would have expired."""

    tenant_id: str
    project_id: str
    contract_id: str
    token_hash: str
    retired_at: datetime
    # When the replaced link would have expired.
    expires_at: datetime

    @property
    def kept_until(self) -> datetime:
        return max(self.expires_at, self.retired_at) + timedelta(days=RETIRED_LINK_GRACE_DAYS)


def new_portal_generation() -> str:
    return secrets.token_urlsafe(16)


# ---------------------------------------------------------------- documents and reviews


class DocumentStatus(StrEnum):
    NEEDS_REVIEW = "needs_review"
    REVIEWED = "reviewed"
    DUPLICATE = "duplicate"


class Document(_Entity):
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


class RequirementDecision(_Input):
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


class DocumentProblemDecision(_Input):
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


class Review(_Entity):
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


class ReviewInput(_Input):
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


class CoverageRecord(_Entity):
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


class ExcludedOfficers(_Entity):
    tenant_id: str
    project_id: str
    contract_id: str
    vendor_name: str
    document_id: str
    officers: list[str]
    recorded_at: datetime


class Note(_Entity):
    id: str
    tenant_id: str
    contract_id: str
    author: str
    text: str
    email_user_id: str | None = None
    created_at: datetime


class NoteInput(_Input):
    text: str = Field(min_length=1, max_length=4000)
    email_user_id: IdRef | None = None


class AuditEntry(_Entity):
    """One decision, as it happened. Stored with a create-only condition; there is no edit path."""

    id: str
    tenant_id: str
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    changes: dict[str, object] = Field(default_factory=dict)


class WaiveInput(_Input):
    requirement_key: str = Field(min_length=1, max_length=80)
    note: str = Field(min_length=1, max_length=2000)


class UserInput(_Input):
    email: str = Field(min_length=3, max_length=254)
    name: str = Field(min_length=1, max_length=200)
    role: Role

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an email address")
        return value.lower()


class UserUpdate(_Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    active: bool | None = None


class LegalEntityInput(_Input):
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)


class TenantSettingsUpdate(_Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    sender_name: str | None = Field(default=None, max_length=100)
    sender_email: str | None = Field(default=None, max_length=254)
    reply_to: str | None = Field(default=None, max_length=254)
    auto_approve_compliant: bool | None = None
    expiring_soon_days: int | None = Field(default=None, ge=1, le=365)
    portal_link_days: int | None = Field(default=None, ge=1, le=3650)

    @field_validator("sender_email", "reply_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        # "" clears the setting; anything else must be one plain address.
        if value is None or value == "":
            return value
        if not is_email_address(value):
            raise ValueError("not an email address (name@example.com)")
        return value.lower()

    @field_validator("sender_name")
    @classmethod
    def _display_name(cls, value: str | None) -> str | None:
        # The name goes into the From header: no line breaks, quotes or angle brackets.
        if value and any(ch in value for ch in '\r\n"<>'):
            raise ValueError("no line breaks, quotes or angle brackets")
        return value
