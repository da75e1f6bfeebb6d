"""The demo tenant's ERP setup on the local stack (`make run`): all four ERPs turned on, written
nightly, and codes for every vendor (and the jobs and subcontracts CMiC and Vista key holds by),
so `coi local advance` makes the nightly files appear on the ERP exports page.

Invented codes in each ERP's own shape: Sage 300 CRE ids of at most 10 characters, Vista vendor
numbers, CMiC upper-case codes, Intacct VENDORIDs.
"""

from __future__ import annotations

from typing import Any

from shared.erp import Entity, TenantErpConfig

DEMO_AP_EMAIL = "ap@summitridge.example"
DEMO_ERPS = ["sage300cre", "intacct", "cmic", "vista"]


def configure_demo_erps(services: Any, tenant_id: str, *, by: str) -> dict[str, Any]:
    """Turn the ERPs on and code every vendor, job and subcontract of the tenant's contracts.
    `services` is the API's (its table, bucket, bus, item store and clock): the codes go through
    the same console, and so the same rules, as the ERP settings pages."""
    from services.api.logic.erp import console_for
    from services.erp_export.adapters.workspace import WorkspaceContracts

    console = console_for(services)
    console.ports.configs.put(
        TenantErpConfig(tenant_id=tenant_id, erps=DEMO_ERPS, schedule="nightly", ap_emails=[DEMO_AP_EMAIL])
    )
    contracts = sorted(
        WorkspaceContracts(services.store).contracts(tenant_id),
        key=lambda c: (c.project_number or "", c.contract_id),
    )
    vendors: dict[str, Entity] = {}
    for contract in contracts:
        vendors.setdefault(contract.vendor_id, Entity(contract.vendor_id, contract.vendor_name or ""))
    for n, vendor in enumerate(vendors.values(), start=1):
        for erp, code in (
            ("sage300cre", f"SR{n:04d}"),
            ("vista", str(4000 + n)),
            ("cmic", f"V{n:05d}"),
            ("intacct", f"V-{n:05d}"),
        ):
            console.set_code(tenant_id, erp, "vendor", vendor, code, by=by)  # type: ignore[arg-type]
    for n, contract in enumerate(contracts, start=1):
        job = Entity(contract.project_id, contract.project_number or "")
        console.set_code(tenant_id, "cmic", "job", job, (contract.project_number or "").upper()[:10], by=by)
        subcontract = Entity(contract.contract_id, contract.vendor_name or "")
        for erp in ("vista", "cmic"):
            console.set_code(tenant_id, erp, "commitment", subcontract, f"SC-{n:03d}", by=by)  # type: ignore[arg-type]
    return {"erps": DEMO_ERPS, "vendors_coded": len(vendors)}
