"""The contract directory over the workspace table."""

from __future__ import annotations

from services.intake.ports import UnknownContract


class WorkspaceContractDirectory:
    def __init__(self, table_name: str) -> None:
        from shared.workspace import DynamoItemStore, workspace_model

        self._store = DynamoItemStore(workspace_model(table_name))

    def project_of(self, tenant_id: str, contract_id: str) -> str:
        from shared.workspace import NotFound, TenantRepository

        try:
            return TenantRepository(self._store, tenant_id).contract(contract_id).project_id
        except NotFound:
            raise UnknownContract(f"no contract {contract_id} in tenant {tenant_id}") from None
