"""What the ERP export keeps per contract (the latest compliance seen) and the files it makes.
Formatters read only these records and the tenant's settings (`shared.erp.TenantErpConfig`)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.erp.records import (
    AUTO_LIABILITY,
    EXCESS,
    GENERAL_LIABILITY,
    UMBRELLA,
    WORKERS_COMP,
    ErpName,
)
from shared.events import ComplianceChanged, ContractChanged

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


class ExportFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    erp: ErpName
    filename: str
    content: bytes
    content_type: str
