"""The ERP records the workspace keeps and both the API and erp_export read: the ERPs we write
for, a tenant's ERP settings (`TenantErpConfig`), and each export as the Exports page lists it
(`ExportRecord`, with the vendors left out and the deliveries)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

ErpName = Literal["sage300cre", "intacct", "cmic", "vista"]
ERP_NAMES: tuple[ErpName, ...] = ("sage300cre", "intacct", "cmic", "vista")
ERP_TITLES: dict[str, str] = {
    "sage300cre": "Sage 300 CRE",
    "intacct": "Sage Intacct",
    "cmic": "CMiC",
    "vista": "Viewpoint Vista",
}
# Configurations stored before the rename name Sage 300 CRE `sage300`.
_LEGACY_NAMES = {"sage300": "sage300cre"}
# When a tenant's files are written by the nightly run ("manual": only on "Export now").
Schedule = Literal["nightly", "weekdays", "weekly", "manual"]

# The coverage families every ERP layout names (contract coverage keys).
GENERAL_LIABILITY = "general_liability"
AUTO_LIABILITY = "auto_liability"
UMBRELLA = "umbrella"
EXCESS = "excess"
WORKERS_COMP = "workers_comp"

# What an export is doing: "queued" (asked for, or a delivery retry asked for), "running" (the
# erp_export service is at it), "done" (files written, deliveries tried), "failed" (see `error`).
ExportStatus = Literal["queued", "running", "done", "failed"]
SETTLED: frozenset[str] = frozenset({"done", "failed"})
_EXPORT_ID = re.compile(r"[0-9TZ]{16}-[a-z0-9]+-[0-9a-f]{6}")


def new_export_id(now: datetime, erp: str) -> str:
    """Export ids start with the time, so the table lists them in order."""
    return f"{now:%Y%m%dT%H%M%SZ}-{erp}-{uuid.uuid4().hex[:6]}"


def is_export_id(value: str) -> bool:
    return _EXPORT_ID.fullmatch(value) is not None


class _Coverage(Protocol):
    @property
    def coverage(self) -> str: ...


class TenantErpConfig(BaseModel):
    """Which ERPs a tenant feeds, when, and the codes its ERP administrator set up."""

    # Older stored configurations carry fields since dropped (a custom Intacct hold field).
    model_config = ConfigDict(frozen=True, extra="ignore")

    tenant_id: str
    erps: list[ErpName] = Field(default_factory=list)
    schedule: Schedule = "nightly"
    # For "weekly": Monday is 0.
    weekly_day: int = Field(default=0, ge=0, le=6)
    # Accounts payable addresses that get each file by e-mail (when `email_files`).
    ap_emails: list[str] = Field(default_factory=list, max_length=10)
    email_files: bool = False
    # Compliance / insurance codes per coverage, as defined in the ERP (overridable per tenant).
    compliance_codes: dict[str, str] = Field(
        default_factory=lambda: {
            GENERAL_LIABILITY: "GL",
            AUTO_LIABILITY: "AUTO",
            UMBRELLA: "UMB",
            EXCESS: "EXCESS",
            WORKERS_COMP: "WC",
            "other": "OTHER",
            # Required documents (W-9, licences) the workspace tracks next to insurance.
            "document": "DOC",
        }
    )
    # The flag-type code holding the overall verdict (Vista type F, Sage's "Overall Compliance").
    overall_code: str = "COI"
    cmic_company_code: str = "01"
    vista_sl_company: int = Field(default=1, ge=1, le=255)
    vista_ap_company: int = Field(default=1, ge=1, le=255)
    vista_vendor_group: int = Field(default=1, ge=1, le=255)
    # Intacct: also deliver over the XML gateway (the file is written either way).
    intacct_send: bool = False
    # SSM SecureString parameter holding the Intacct credentials as JSON
    # (sender_id, sender_password, user_id, company_id, user_password).
    intacct_credentials_parameter: str | None = None

    @field_validator("erps", mode="before")
    @classmethod
    def _renamed_erps(cls, value: Any) -> Any:
        if isinstance(value, list):
            return sorted({_LEGACY_NAMES.get(v, v) for v in value}, key=str)
        return value

    def code_for(self, coverage: _Coverage) -> str:
        return self.compliance_codes.get(coverage.coverage) or self.compliance_codes.get("other", "OTHER")

    def due_on(self, day: date) -> bool:
        """Whether the nightly run writes this tenant's files on `day`."""
        if not self.erps or self.schedule == "manual":
            return False
        if self.schedule == "weekdays":
            return day.weekday() < 5
        if self.schedule == "weekly":
            return day.weekday() == self.weekly_day
        return True


class LeftOut(BaseModel):
    """A vendor (or one contract of it) the file leaves out: the ERP would not know the id."""

    model_config = ConfigDict(frozen=True)

    vendor_id: str
    vendor_name: str
    # "vendor" (no valid vendor code), "job" or "commitment" (that contract's rows only).
    missing: Literal["vendor", "job", "commitment"]
    reason: str
    project_id: str | None = None
    contract_id: str | None = None


class Delivery(BaseModel):
    """Sending a file somewhere beyond S3 (Intacct's gateway, the AP mailbox): its outcome."""

    model_config = ConfigDict(frozen=True)

    channel: Literal["intacct_api", "email"]
    status: Literal["pending", "sent", "failed"]
    attempts: int = 0
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    detail: str | None = None


class ExportRecord(BaseModel):
    """One export of one ERP: what the Exports page lists. Asked for on the page, it is stored
    "queued" by the API and completed by erp_export; the nightly run stores it "done"."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    erp: ErpName
    created_at: datetime
    trigger: Literal["schedule", "manual"]
    # S3 keys of the file(s) (Vista writes two).
    keys: list[str]
    rows: int
    held: int
    vendors: int
    left_out: list[LeftOut] = Field(default_factory=list)
    deliveries: list[Delivery] = Field(default_factory=list)
    requested_by: str | None = None
    # Records stored before requests went through erp_export have no status: they are done.
    status: ExportStatus = "done"
    error: str | None = None

    def delivery(self, channel: str) -> Delivery | None:
        return next((d for d in self.deliveries if d.channel == channel), None)

    @classmethod
    def requested(cls, tenant_id: str, erp: ErpName, *, now: datetime, by: str) -> ExportRecord:
        """The placeholder "Export now" stores before erp_export writes the files."""
        return cls(
            id=new_export_id(now, erp),
            tenant_id=tenant_id,
            erp=erp,
            created_at=now,
            trigger="manual",
            keys=[],
            rows=0,
            held=0,
            vendors=0,
            requested_by=by,
            status="queued",
        )
