"""Sage 300 Construction and Real Estate: a vendor CSV for the Vendor Compliance/Insurance import.

Sage 300 CRE has no public write API; GCs import a CSV mapped onto the vendor table's insurance
columns (`GL_Ins_Company, GL_Ins_Policy_Number, GL_Ins_Effective_Dt, GL_Ins_Expiration_Dt,
GL_Ins_Limit`, likewise `Auto_Ins_`, `Work_Comp_`, `Umb_Ins_`), dates MM/DD/YYYY, plus the
user-defined "Overall Compliance" slot whose Received flag holds or releases payment. Sage has
one umbrella slot: an excess policy fills it when there is no umbrella.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.erp_export.formatters.common import csv_bytes, limit_text, us_date, vendor_summaries, yes_no
from services.erp_export.models import (
    AUTO_LIABILITY,
    EXCESS,
    GENERAL_LIABILITY,
    UMBRELLA,
    WORKERS_COMP,
    ContractComplianceState,
    CoverageState,
)

_SLOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GL_Ins", (GENERAL_LIABILITY,)),
    ("Auto_Ins", (AUTO_LIABILITY,)),
    ("Work_Comp", (WORKERS_COMP,)),
    ("Umb_Ins", (UMBRELLA, EXCESS)),
)
_FIELDS = ("Company", "Policy_Number", "Effective_Dt", "Expiration_Dt", "Limit")

HEADER: tuple[str, ...] = (
    "Vendor",
    "Vendor_Name",
    *(f"{prefix}_{field}" for prefix, _ in _SLOTS for field in _FIELDS),
    "Overall_Compliance_Received",
    "Hold_Payment",
)


def _slot(coverage: CoverageState | None) -> list[str]:
    if coverage is None:
        return ["", "", "", "", ""]
    return [
        coverage.insurer_name or "",
        coverage.policy_number or "",
        us_date(coverage.effective_date),
        us_date(coverage.expiration_date),
        limit_text(coverage),
    ]


def format_sage300(states: Iterable[ContractComplianceState]) -> bytes:
    rows = []
    for vendor in vendor_summaries(states):
        row: list[str] = [vendor.vendor_number, vendor.vendor_name]
        for _, families in _SLOTS:
            # Umbrella beats excess in the single umbrella slot.
            coverage = next((c for fam in families if (c := vendor.coverage(fam)) is not None), None)
            row.extend(_slot(coverage))
        row.extend([yes_no(vendor.compliance_received), yes_no(vendor.hold_payment)])
        rows.append(row)
    return csv_bytes(HEADER, rows)
