"""The records crossing Procore's ports: a tenant's connection, the id mapping, what Procore tells
us about projects, vendors and commitments, and a normalised change (webhook or poll)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shared.procore.auth import AuthMode
from shared.procore.client import CommitmentKind

InsuranceScope = Literal["project", "company"]


MappedKind = Literal["project", "vendor", "contract"]


@dataclass(frozen=True)
class ProcoreConnection:
    """One tenant's link to one Procore company."""

    tenant_id: str
    company_id: int
    auth_mode: AuthMode = "authorization_code"
    # The exact `Authorization` header value configured on the tenant's webhook hook.
    webhook_authorization: str = field(default="", repr=False)
    insurance_scope: InsuranceScope = "project"
    enabled: bool = True
    # Off when the company's Procore ERP integration owns insurance records (Procore then locks
    # type, dates, limit, insurer and policy number): only the commitment's pay gate is written.
    sync_insurances: bool = True
    # For the Connected Apps page: who approved (the Procore user, or the service account).
    connected_as: str = ""
    company_name: str = ""
    connected_at: datetime | None = None


@dataclass(frozen=True)
class SyncHealth:
    last_sync_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None


@dataclass(frozen=True)
class ProcoreRef:
    procore_id: int
    # Only for contracts: which commitment endpoint family it lives under.
    commitment_kind: CommitmentKind | None = None
    procore_project_id: int | None = None


@dataclass(frozen=True)
class ProcoreProject:
    procore_id: int
    name: str
    project_number: str | None
    active: bool
    address: str | None = None
    city: str | None = None
    state_code: str | None = None
    zip: str | None = None
    # Created in Draft (a project staff chose to import): nobody is e-mailed before they look.
    draft: bool = False


@dataclass(frozen=True)
class ProcoreVendor:
    procore_id: int
    name: str
    legal_name: str | None
    email_address: str | None
    business_phone: str | None
    active: bool
    address: str | None = None
    city: str | None = None
    state_code: str | None = None
    zip: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    trades: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcoreCommitment:
    procore_id: int
    kind: CommitmentKind
    procore_project_id: int
    procore_vendor_id: int | None
    number: str | None
    title: str | None
    status: str
    executed: bool
    # Approved/Complete work order contracts and Approved..Closed purchase orders are live work.
    active: bool
    deleted: bool = False
    invoice_contact_emails: tuple[str, ...] = ()
    # Who should receive certificate requests: the vendor's insurance manager on the project's
    # directory, else the vendor's primary contact (filled by inbound sync, not by the list item).
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class ProcoreChange:
    """A normalised webhook delivery (v2.0 or v4.0), or a change found by the reconciliation poll."""

    tenant_id: str
    company_id: int
    resource_name: str
    resource_id: int
    event_type: Literal["create", "update", "delete"]
    project_id: int | None = None
    delivery_key: str = ""
    occurred_at: datetime | None = None
