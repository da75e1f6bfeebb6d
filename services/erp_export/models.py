"""What the ERP export keeps per contract (the latest compliance seen) and per tenant (which ERPs
it feeds and how). Formatters read only these records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.events import ComplianceChanged, ContractChanged

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

_HEADLINE_LIMITS = {
    GENERAL_LIABILITY: ("each_occurrence", "general_aggregate"),
    AUTO_LIABILITY: ("combined_single_limit", "bodily_injury_per_accident", "bodily_injury_per_person"),
    UMBRELLA: ("each_occurrence", "aggregate"),
    EXCESS: ("each_occurrence", "aggregate"),
    WORKERS_COMP: ("el_each_accident", "el_disease_each_employee", "el_disease_policy_limit"),
}
_OTHER_LIMITS = ("each_claim", "each_occurrence", "per_occurrence", "aggregate")
# Coverage statuses that make a coverage acceptable: the workspace's requirement statuses
# (approved-non-compliant counts as an approval there) and the verdict contract's.
ACCEPTABLE_COVERAGE = frozenset({"active", "approved_non_compliant", "waived", "met"})


class CoverageState(BaseModel):
    model_config = ConfigDict(frozen=True)

    coverage: str
    label: str | None = None
    status: str
    policy_number: str | None = None
    insurer_name: str | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    limits: dict[str, int] = Field(default_factory=dict)

    @property
    def headline_limit(self) -> int | None:
        for key in _HEADLINE_LIMITS.get(self.coverage, _OTHER_LIMITS):
            if self.limits.get(key) is not None:
                return self.limits[key]
        return max(self.limits.values()) if self.limits else None

    @property
    def acceptable(self) -> bool:
        return self.status in ACCEPTABLE_COVERAGE


class ContractComplianceState(BaseModel):
    """The latest `ComplianceChanged` for one contract."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    project_id: str
    contract_id: str
    vendor_id: str
    status: str
    coverages: list[CoverageState] = Field(default_factory=list)
    vendor_name: str | None = None
    vendor_code: str | None = None
    project_number: str | None = None
    contract_number: str | None = None
    # The producer's time of the change: older redeliveries never overwrite newer state.
    changed_at: datetime
    # A tombstone: the contract was removed from the workspace (kept so a late change cannot revive it).
    removed: bool = False

    @classmethod
    def from_event(cls, event: ComplianceChanged, changed_at: datetime) -> ContractComplianceState:
        return cls(
            tenant_id=event.tenant_id,
            project_id=event.project_id,
            contract_id=event.contract_id,
            vendor_id=event.vendor_id,
            status=event.status,
            coverages=[CoverageState.model_validate(c.model_dump()) for c in event.coverages],
            vendor_name=event.vendor_name,
            vendor_code=event.vendor_code,
            project_number=event.project_number,
            contract_number=event.contract_number,
            changed_at=changed_at,
        )

    @classmethod
    def tombstone(cls, event: ContractChanged, changed_at: datetime) -> ContractComplianceState:
        return cls(
            tenant_id=event.tenant_id,
            project_id=event.project_id,
            contract_id=event.contract_id,
            vendor_id="",
            status="inactive",
            changed_at=changed_at,
            removed=True,
        )

    @property
    def active(self) -> bool:
        return self.status != "inactive" and not self.removed

    @property
    def hold_payment(self) -> bool:
        """Pay only compliant contracts; a contract no longer tracked holds nothing."""
        return self.active and self.status != "compliant"

    # The ERP's ids (set by `codes.prepare`): never our internal ids, which no ERP knows.
    @property
    def vendor_number(self) -> str:
        return self.vendor_code or ""

    @property
    def job_number(self) -> str:
        return self.project_number or ""

    @property
    def subcontract_number(self) -> str:
        return self.contract_number or ""


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

    def code_for(self, coverage: CoverageState) -> str:
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


class ExportFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    erp: ErpName
    filename: str
    content: bytes
    content_type: str


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
    """One generated export of one ERP: what the Exports page lists."""

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

    def delivery(self, channel: str) -> Delivery | None:
        return next((d for d in self.deliveries if d.channel == channel), None)
