"""Versioned event payloads. Commands are imperative, events past tense.

Event names are the EventBridge `DetailType`; rules in `infra/template.yaml` route them by name.
Add a field with a default freely; a breaking change is a new VERSION alongside the old one.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from shared.contracts.certificate import Certificate
from shared.contracts.changes import Change
from shared.contracts.verdict import Verdict
from shared.events.envelope import EventPayload

SOURCE_INTAKE = "coi.intake"
SOURCE_REVIEW = "coi.review"
SOURCE_API = "coi.api"
SOURCE_NOTIFY = "coi.notify"
SOURCE_PROCORE = "coi.procore_sync"
SOURCE_ERP = "coi.erp_export"

UploadChannel = Literal["portal", "staff", "email", "procore"]
ContractCompliance = Literal["needs_certificate", "needs_review", "compliant", "non_compliant", "inactive"]


class ContractRef(EventPayload):
    """Fields every contract-scoped event carries so consumers need no lookup to route it."""

    tenant_id: str
    project_id: str
    contract_id: str


class CertificateExtracted(ContractRef):
    NAME = "CertificateExtracted"

    document_id: str
    bucket: str
    key: str
    sha256: str
    content_type: str | None = None
    channel: UploadChannel = "portal"
    uploaded_by: str | None = None
    # None when the document could not be read at all; `error` then says why in one line.
    certificate: Certificate | None = None
    error: str | None = None
    # Dotted contract paths of values read with low confidence ("policies.0.policy_number").
    needs_human_review: list[str] = Field(default_factory=list)


class CertificateReviewed(ContractRef):
    """The automatic check of a newly extracted certificate against the contract's requirements."""

    NAME = "CertificateReviewed"

    document_id: str
    vendor_id: str | None = None
    verdict: Verdict
    channel: UploadChannel = "portal"


class CoverageSnapshot(EventPayload):
    NAME = "CoverageSnapshot"

    coverage: str
    label: str | None = None
    status: str
    policy_number: str | None = None
    insurer_name: str | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    limits: dict[str, int] = Field(default_factory=dict)


class ComplianceChanged(ContractRef):
    NAME = "ComplianceChanged"

    vendor_id: str
    previous_status: ContractCompliance | None = None
    status: ContractCompliance
    coverages: list[CoverageSnapshot] = Field(default_factory=list)
    reason: str | None = None
    # Names the ERP exports print (our ids are used when these are unknown).
    vendor_name: str | None = None
    # The vendor's code in the GC's accounting system (Sage/CMiC/Vista vendor number).
    vendor_code: str | None = None
    project_number: str | None = None
    contract_number: str | None = None
    # What the certificate behind this change weakened against the one it replaced (renewal
    # comparison); Procore shows them in the insurance records' notes. Empty when not a renewal.
    changes: list[Change] = Field(default_factory=list)


class ReviewCompleted(ContractRef):
    """A human finished reviewing a document ("Done")."""

    NAME = "ReviewCompleted"

    document_id: str
    reviewer: str
    rejected: bool
    # Plain sentences for the vendor: one per requirement rejected, plus the reviewer's notes.
    reasons: list[str] = Field(default_factory=list)
    notes_to_vendor: str | None = None
    # The reviewer's "send e-mail to the vendor": False records the decision without telling the
    # vendor now. Added within version 1 with a default, so events published before it still parse.
    notify_vendor: bool = True


class ContractChanged(ContractRef):
    NAME = "ContractChanged"

    change: Literal[
        "created", "activated", "deactivated", "contact_updated", "removed", "requirements_changed"
    ]
    active: bool


class ProjectStatusChanged(EventPayload):
    NAME = "ProjectStatusChanged"

    tenant_id: str
    project_id: str
    previous_status: str | None = None
    status: str


class DocumentsRequested(ContractRef):
    """Staff asked for documents now (outside the automatic sequence)."""

    NAME = "DocumentsRequested"

    requested_by: str
    message: str | None = None


class ContractNoteAdded(ContractRef):
    NAME = "ContractNoteAdded"

    note_id: str
    author: str
    text: str
    email_user_id: str | None = None


class OverrideRequested(ContractRef):
    """A vendor asked the GC to accept a requirement they cannot meet (override) or to waive it
    (exception). Only the GC's approvers decide; nothing approves it automatically."""

    NAME = "OverrideRequested"

    request_id: str
    kind: Literal["override", "exception"] = "override"
    requirement: str | None = None
    reason: str
    requested_by: str
    document_id: str | None = None


class OverrideDecided(ContractRef):
    """A GC approver approved or declined an override/exception request."""

    NAME = "OverrideDecided"

    request_id: str
    approved: bool
    decided_by: str
    note: str | None = None


class ErpExportRequested(EventPayload):
    """Staff asked for one ERP's file now; the API stored the export as queued and erp_export
    writes it (`shared.erp.console`)."""

    NAME = "ErpExportRequested"

    tenant_id: str
    export_id: str
    erp: str
    requested_by: str


class ErpDeliveryRetryRequested(EventPayload):
    """Staff asked erp_export to retry an export's failed deliveries (Intacct, AP e-mail)."""

    NAME = "ErpDeliveryRetryRequested"

    tenant_id: str
    export_id: str
    requested_by: str | None = None


EVENT_TYPES: dict[str, type[EventPayload]] = {
    cls.NAME: cls
    for cls in (
        CertificateExtracted,
        CertificateReviewed,
        ComplianceChanged,
        ReviewCompleted,
        ContractChanged,
        ProjectStatusChanged,
        DocumentsRequested,
        ContractNoteAdded,
        OverrideRequested,
        OverrideDecided,
        ErpExportRequested,
        ErpDeliveryRetryRequested,
    )
}
