"""CMiC: an ASCII CSV for Subcontract Management > Utilities > Insurance Certificate Import
(`SC_SURETY_IMP`), one row per subcontract compliance code, dates DD-MON-YYYY.

CMiC attaches compliance codes to subcontracts (start/end dates, a Compl. flag; an expired code
holds vouchers). The import's exact column order is set up per installation; this is the column
set the import needs, named plainly, with the flags CMiC uses (Y/N).

How CMiC holds payment: the import updates certificate statuses and expiry dates for a compliance
code (https://docs.cmicglobal.com/portal/Content/E_Reference_Material/SC_-_Subcontract_Management/
Reference/Utilities/Insurance_Certificate_Import.htm); on a date-sensitive code "once [the End
Date] passes, any vouchers will be placed on hold", and a code whose Compl. box is not checked
holds payment (a GC's CMiC procedures: https://swinerton.freshservice.com/support/solutions/
articles/1000052763). So a deficient coverage is written not complied, with an expiry of the day
before the export (the as-of date falls after it), and the overall `COI` code is not complied
whenever the contract holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from services.erp_export.formatters.common import (
    active_contracts,
    ascii_text,
    csv_bytes,
    limit_text,
    oracle_date,
    status_words,
    yes_no,
)
from services.erp_export.models import ContractComplianceState
from shared.erp.records import TenantErpConfig

HEADER = (
    "COMPANY_CODE",
    "JOB_CODE",
    "SUBCONTRACT_CODE",
    "VENDOR_CODE",
    "VENDOR_NAME",
    "COMPLIANCE_CODE",
    "DESCRIPTION",
    "CERTIFICATE_NUMBER",
    "INSURER",
    "START_DATE",
    "EXPIRY_DATE",
    "LIMIT_AMOUNT",
    "COMPLIED_FLAG",
    "HOLD_PAYMENT_FLAG",
)


def format_cmic(
    states: Iterable[ContractComplianceState], config: TenantErpConfig, *, as_of: date
) -> tuple[bytes, int]:
    """The file and its number of rows; `as_of` is the export's day."""
    hold_date = as_of - timedelta(days=1)
    rows: list[list[str]] = []
    for contract in active_contracts(states):
        base = [
            config.cmic_company_code,
            ascii_text(contract.job_number),
            ascii_text(contract.subcontract_number),
            ascii_text(contract.vendor_number),
            ascii_text(contract.vendor_name or contract.vendor_number),
        ]
        for coverage in contract.coverages:
            description = coverage.label or coverage.coverage.replace("_", " ").title()
            rows.append(
                [
                    *base,
                    config.code_for(coverage),
                    ascii_text(f"{description} ({status_words(coverage.status)})"),
                    ascii_text(coverage.policy_number),
                    ascii_text(coverage.insurer_name),
                    oracle_date(coverage.effective_date),
                    oracle_date(coverage.expiration_date if coverage.acceptable else hold_date),
                    limit_text(coverage),
                    yes_no(coverage.acceptable),
                    yes_no(contract.hold_payment),
                ]
            )
        # The overall verdict as its own code, so CMiC holds vouchers on any deficiency.
        rows.append(
            [
                *base,
                config.overall_code,
                ascii_text(f"Certificate of insurance ({contract.status.replace('_', ' ')})"),
                "",
                "",
                "",
                oracle_date(hold_date) if contract.hold_payment else "",
                "",
                yes_no(not contract.hold_payment),
                yes_no(contract.hold_payment),
            ]
        )
    return csv_bytes(HEADER, rows), len(rows)
