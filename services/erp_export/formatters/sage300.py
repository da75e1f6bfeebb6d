"""Sage 300 Construction and Real Estate: a vendor CSV for the Vendor Compliance/Insurance import.

Sage 300 CRE has no public write API; GCs import a CSV mapped onto the vendor table's insurance
columns (`GL_Ins_Company, GL_Ins_Policy_Number, GL_Ins_Effective_Dt, GL_Ins_Expiration_Dt,
GL_Ins_Limit`, likewise `Auto_Ins_`, `Work_Comp_`, `Umb_Ins_`), dates MM/DD/YYYY, plus one of the
two user-defined insurance slots, "Overall Compliance", whose Received flag holds or releases
payment. Sage has one umbrella slot: an excess policy fills it when there is no umbrella.

How Sage holds payment: AP checks the insurance expiration dates on the vendor (and commitment)
compliance tab when invoices are entered and paid, and warns or stops an expired vendor
(Sage 300 CRE "Subcontractor Compliance Management" training supplement, v12.1,
http://docplayer.net/9573401-Subcontractor-compliance-management.html; the Overall Compliance
"Received" slot as integrations use it: shared/reference/procore_and_erp_apis.md §2). So a
coverage that is deficient but not yet expired is written with an expiration date that is plainly
past, `HOLD_DATE` (Sage's own advice for certificates without a usable date is "enter one that is
obviously expired, such as 01/01/1980"), and the Overall Compliance slot carries that date too
whenever the vendor holds for any reason (a missing coverage or document). The real dates are in
the coverage CSV and the COI system; the ERP needs the hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from services.erp_export.formatters.common import csv_bytes, limit_text, us_date, vendor_summaries, yes_no
from services.erp_export.models import ContractComplianceState, CoverageState
from shared.erp.records import AUTO_LIABILITY, EXCESS, GENERAL_LIABILITY, UMBRELLA, WORKERS_COMP

HOLD_DATE = date(1980, 1, 1)
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
    "Overall_Compliance_Expiration_Dt",
    "Hold_Payment",
)


def _slot(coverage: CoverageState | None) -> list[str]:
    if coverage is None:
        return ["", "", "", "", ""]
    return [
        coverage.insurer_name or "",
        coverage.policy_number or "",
        us_date(coverage.effective_date),
        # A deficient coverage must read as expired to Sage, whatever its policy dates say.
        us_date(coverage.expiration_date if coverage.acceptable else HOLD_DATE),
        limit_text(coverage),
    ]


def format_sage300(states: Iterable[ContractComplianceState]) -> tuple[bytes, int]:
    """The file and its number of vendor rows."""
    rows = []
    for vendor in vendor_summaries(states):
        row: list[str] = [vendor.vendor_number, vendor.vendor_name]
        for _, families in _SLOTS:
            # Umbrella beats excess in the single umbrella slot.
            coverage = next((c for fam in families if (c := vendor.coverage(fam)) is not None), None)
            row.extend(_slot(coverage))
        overall: date | None = HOLD_DATE
        if not vendor.hold_payment:
            # Compliant: the first expiry among its coverages, so Sage holds on its own after it.
            dates = [
                cov.expiration_date for c in vendor.contracts for cov in c.coverages if cov.expiration_date
            ]
            overall = min(dates) if dates else None
        row.extend([yes_no(vendor.compliance_received), us_date(overall), yes_no(vendor.hold_payment)])
        rows.append(row)
    return csv_bytes(HEADER, rows), len(rows)
