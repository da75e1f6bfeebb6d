"""The Company Coverages CSV shaped for Sage users: one row per current coverage with the vendor's
Sage 300 CRE code and name, the job (project number and name), the commitment, the coverage,
policy, insurer, dates as MM/DD/YYYY, each limit in its own column, the status, and the waived /
approved-non-compliant flags as Y/N. ASCII, CRLF, like the import files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from shared.erp.text import csv_bytes, us_date, yes_no

# Limits in the order a reader expects them; any other limit key follows alphabetically.
_LIMIT_ORDER = (
    "each_occurrence",
    "general_aggregate",
    "products_completed_operations_aggregate",
    "personal_advertising_injury",
    "damage_to_rented_premises",
    "medical_expense",
    "combined_single_limit",
    "bodily_injury_per_person",
    "bodily_injury_per_accident",
    "property_damage",
    "aggregate",
    "retention",
    "el_each_accident",
    "el_disease_each_employee",
    "el_disease_policy_limit",
    "each_claim",
)
HEADER = (
    "Vendor",
    "Vendor_Name",
    "Job",
    "Job_Name",
    "Commitment",
    "Coverage",
    "Policy_Number",
    "Insurer",
    "Effective_Date",
    "Expiration_Date",
)
TRAILER = ("Status", "Waived", "Approved_Non_Compliant")


@dataclass(frozen=True)
class CoverageLine:
    vendor_code: str
    vendor_name: str
    job: str
    job_name: str
    commitment: str
    coverage: str
    policy_number: str | None
    insurer: str | None
    effective_date: date | None
    expiration_date: date | None
    status: str
    waived: bool
    approved_non_compliant: bool
    limits: dict[str, int] = field(default_factory=dict)


def limit_column(key: str) -> str:
    return "Limit_" + "_".join(part.capitalize() for part in key.split("_"))


def format_sage_coverages(lines: Iterable[CoverageLine]) -> bytes:
    ordered = sorted(lines, key=lambda c: (c.vendor_name.lower(), c.job, c.commitment, c.coverage))
    keys = {k for line in ordered for k in line.limits}
    limit_keys = [k for k in _LIMIT_ORDER if k in keys] + sorted(keys - set(_LIMIT_ORDER))
    rows = [
        [
            line.vendor_code,
            line.vendor_name,
            line.job,
            line.job_name,
            line.commitment,
            line.coverage,
            line.policy_number or "",
            line.insurer or "",
            us_date(line.effective_date),
            us_date(line.expiration_date),
            *(str(line.limits[k]) if k in line.limits else "" for k in limit_keys),
            line.status,
            yes_no(line.waived),
            yes_no(line.approved_non_compliant),
        ]
        for line in ordered
    ]
    return csv_bytes((*HEADER, *(limit_column(k) for k in limit_keys), *TRAILER), rows)
