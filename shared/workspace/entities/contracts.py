"""Vendors, contracts and the portal links vendors upload through."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta

from pydantic import Field, field_validator, model_validator

from shared.workspace.entities.common import ContractCompliance, Entity, IdRef, RequestBody, utcnow


class VendorContractRef(Entity):
    """Where a vendor works, kept on the vendor so the directory reads one item per vendor."""

    project_id: str
    status: ContractCompliance
    active: bool = True
    # The contract's own number (SC-004, PO-009) so the directory names each contract; items
    # stored before it was kept have none until the contract next changes.
    number: str | None = None


class Vendor(Entity):
    id: str
    tenant_id: str
    name: str
    address: str | None = None
    tax_id: str | None = None
    # The vendor's number in the GC's accounting system (ERP exports print it).
    code: str | None = None
    contracts: dict[str, VendorContractRef] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)


class VendorInput(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    tax_id: str | None = Field(default=None, max_length=40)
    code: str | None = Field(default=None, max_length=40)


class Contact(Entity):
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


class Contract(Entity):
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


class NewContract(RequestBody):
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


class ContractUpdate(RequestBody):
    number: str | None = Field(default=None, max_length=64)
    description: str | None = Field(default=None, max_length=500)
    contact: Contact | None = None
    requirement_group_id: IdRef | None = None
    active: bool | None = None


class PortalLink(Entity):
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


class RetiredPortalLink(Entity):
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
