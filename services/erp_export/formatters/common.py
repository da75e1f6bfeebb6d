"""Helpers shared by the ERP layouts: date styles, vendor roll-ups; ASCII and CSV come from
`shared.erp.text` (the Company Coverages CSV uses them too)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.erp_export.models import ContractComplianceState, CoverageState
from shared.erp.text import ascii_text, csv_bytes, us_date, yes_no

__all__ = [
    "active_contracts",
    "ascii_text",
    "csv_bytes",
    "limit_text",
    "oracle_date",
    "status_words",
    "us_date",
    "vendor_summaries",
    "yes_no",
]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def oracle_date(value: date | None) -> str:
    """CMiC (Oracle): DD-MON-YYYY, month in English capitals whatever the locale."""
    return f"{value.day:02d}-{_MONTHS[value.month - 1]}-{value.year:04d}" if value else ""


def status_words(status: str) -> str:
    """`approved_non_compliant` -> `approved non compliant` for description columns."""
    return status.replace("_", " ")


def limit_text(coverage: CoverageState | None) -> str:
    limit = coverage.headline_limit if coverage else None
    return str(limit) if limit is not None else ""


@dataclass(frozen=True)
class VendorSummary:
    """A vendor across its active contracts: ERPs keep insurance on the vendor record."""

    vendor_number: str
    vendor_name: str
    contracts: tuple[ContractComplianceState, ...]

    @property
    def hold_payment(self) -> bool:
        return any(c.hold_payment for c in self.contracts)

    @property
    def compliance_received(self) -> bool:
        return not self.hold_payment

    def coverage(self, *families: str) -> CoverageState | None:
        """The policy to show for these coverage families: an acceptable one first, then the one
        running longest (a renewal beats the policy it replaces)."""
        candidates = [cov for c in self.contracts for cov in c.coverages if cov.coverage in families]
        if not candidates:
            return None
        return max(candidates, key=lambda cov: (cov.acceptable, cov.expiration_date or date.min))


def vendor_summaries(states: Iterable[ContractComplianceState]) -> list[VendorSummary]:
    by_vendor: dict[str, list[ContractComplianceState]] = {}
    for state in states:
        if state.active:
            by_vendor.setdefault(state.vendor_number, []).append(state)
    summaries = []
    for number, contracts in sorted(by_vendor.items()):
        contracts.sort(key=lambda c: c.contract_id)
        name = next((c.vendor_name for c in contracts if c.vendor_name), number)
        summaries.append(VendorSummary(number, name, tuple(contracts)))
    return summaries


def active_contracts(states: Iterable[ContractComplianceState]) -> list[ContractComplianceState]:
    return sorted(
        (s for s in states if s.active), key=lambda s: (s.job_number, s.subcontract_number, s.contract_id)
    )
