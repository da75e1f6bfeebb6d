"""The workspace's contracts as erp_export sees them before any compliance change: a contract
created today has no certificate yet and emitted no `ComplianceChanged`, yet must hold payment.
Read through the shared workspace repository (tenant-scoped), names and codes included."""

from __future__ import annotations

from datetime import datetime

from services.erp_export.models import ContractComplianceState
from shared.workspace import ItemStore, NotFound, TenantRepository

_PAGE = 200


class WorkspaceContracts:
    def __init__(self, store: ItemStore) -> None:
        self._store = store

    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        try:
            repo = TenantRepository(self._store, tenant_id)
        except NotFound:  # not a workspace tenant (any more): nothing beyond the recorded states
            return []
        projects = {}
        cursor = None
        while True:
            page = repo.projects(cursor=cursor, limit=_PAGE)
            projects.update({p.id: p.number for p in page.items})
            if not (cursor := page.next_cursor):
                break
        codes = {}
        cursor = None
        while True:
            vendors = repo.vendors(cursor, limit=_PAGE)
            codes.update({v.id: v.code for v in vendors.items})
            if not (cursor := vendors.next_cursor):
                break
        found = []
        cursor = None
        while True:
            contracts = repo.contracts(cursor=cursor, limit=_PAGE)
            for c in contracts.items:
                found.append(
                    ContractComplianceState(
                        tenant_id=tenant_id,
                        project_id=c.project_id,
                        contract_id=c.id,
                        vendor_id=c.vendor_id,
                        vendor_name=c.vendor_name,
                        vendor_code=codes.get(c.vendor_id),
                        project_number=projects.get(c.project_id),
                        contract_number=c.number,
                        status=c.status if c.active else "inactive",
                        changed_at=c.status_changed_at or datetime.min,
                    )
                )
            if not (cursor := contracts.next_cursor):
                return found
