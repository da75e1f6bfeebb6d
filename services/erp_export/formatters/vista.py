"""Viewpoint Vista: delimited files for IM (Import Monitor) templates into the SL compliance table
`bSLCT` (per subcontract) and the AP vendor compliance table `bAPVC` (per vendor).

Vista treats a line as out of compliance when Verify='Y' and either a date-type (D) code's
ExpDate is before the invoice date or empty, or a flag-type (F) code's Complied is not 'Y'. So:
each coverage is a D code whose ExpDate is the policy's expiration while acceptable, empty
otherwise (which holds payment), and the overall verdict is an F code.

Source: Vista's AP Vendor Compliance form (bAPVC): "Use this Code to Verify Compliance",
"Vendor is in Compliance" for flag-type codes, "Expiration Date" for date-type codes, checked on
transaction entry or when loading the payment batch per AP Company Parameters
(https://help.viewpoint.com/en/vista/2022-r2/accounting/accounts-payable/vendors/ap-vendor-forms/
ap-vendor-compliance-form/field-definitions-ap-vendor-compliance-form, and "Don't add Vendor to
Paym't batch if out of compliance": https://help.trimble.com/fr/vista/vista/accounting/
accounts-payable/vendors/vendor-compliance-tracking/about-vendor-compliance-for-non-posl-invoices).
The overall F code is what makes a deficient but unexpired vendor out of compliance at once,
whatever the invoice date.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.erp_export.formatters.common import (
    active_contracts,
    ascii_text,
    csv_bytes,
    status_words,
    us_date,
    vendor_summaries,
    yes_no,
)
from services.erp_export.models import ContractComplianceState, CoverageState
from shared.erp.records import TenantErpConfig

SL_HEADER = (
    "SLCo",
    "SL",
    "CompCode",
    "Seq",
    "VendorGroup",
    "Vendor",
    "Description",
    "Verify",
    "ExpDate",
    "Complied",
)
AP_HEADER = ("APCo", "VendorGroup", "Vendor", "CompCode", "Verify", "ExpDate", "Complied")


def _description(coverage: CoverageState) -> str:
    # Status first: the description column is short and the status is what staff look for.
    name = coverage.label or coverage.coverage.replace("_", " ").title()
    parts = [
        name,
        f"({status_words(coverage.status)})",
        coverage.policy_number or "",
        coverage.insurer_name or "",
    ]
    return ascii_text(" ".join(p for p in parts if p))[:60].rstrip()


def _exp_date(coverage: CoverageState) -> str:
    """The policy's expiry while the coverage is acceptable (Vista then holds on its own once it
    passes); empty otherwise, which Vista treats as out of compliance at once."""
    return us_date(coverage.expiration_date) if coverage.acceptable else ""


def format_vista_sl(states: Iterable[ContractComplianceState], config: TenantErpConfig) -> tuple[bytes, int]:
    rows: list[list[object]] = []
    for contract in active_contracts(states):
        seq = 0
        for coverage in contract.coverages:
            seq += 1
            rows.append(
                [
                    config.vista_sl_company,
                    ascii_text(contract.subcontract_number),
                    config.code_for(coverage),
                    seq,
                    config.vista_vendor_group,
                    ascii_text(contract.vendor_number),
                    _description(coverage),
                    "Y",
                    _exp_date(coverage),
                    "",
                ]
            )
        rows.append(
            [
                config.vista_sl_company,
                ascii_text(contract.subcontract_number),
                config.overall_code,
                seq + 1,
                config.vista_vendor_group,
                ascii_text(contract.vendor_number),
                ascii_text(f"Certificate of insurance ({contract.status.replace('_', ' ')})"),
                "Y",
                "",
                yes_no(not contract.hold_payment),
            ]
        )
    return csv_bytes(SL_HEADER, rows), len(rows)


def format_vista_ap(states: Iterable[ContractComplianceState], config: TenantErpConfig) -> tuple[bytes, int]:
    rows: list[list[object]] = []
    for vendor in vendor_summaries(states):
        families = sorted({cov.coverage for c in vendor.contracts for cov in c.coverages})
        for family in families:
            coverage = vendor.coverage(family)
            assert coverage is not None
            rows.append(
                [
                    config.vista_ap_company,
                    config.vista_vendor_group,
                    ascii_text(vendor.vendor_number),
                    config.code_for(coverage),
                    "Y",
                    _exp_date(coverage),
                    "",
                ]
            )
        rows.append(
            [
                config.vista_ap_company,
                config.vista_vendor_group,
                ascii_text(vendor.vendor_number),
                config.overall_code,
                "Y",
                "",
                yes_no(not vendor.hold_payment),
            ]
        )
    return csv_bytes(AP_HEADER, rows), len(rows)
