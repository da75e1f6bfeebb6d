"""Per-invocation cache of directory reads, so a sweep reads each tenant and project once."""

from __future__ import annotations

from typing import Any

from services.notify.domain.model import ContractView, ProjectView, StaffMember, TenantView
from services.notify.domain.policy import DEFAULT_POLICY, SequencePolicy
from services.notify.ports import NotifyPorts


class Lookup:
    def __init__(self, ports: NotifyPorts) -> None:
        self._n = ports
        self._cache: dict[tuple[str, ...], Any] = {}

    def _get(self, key: tuple[str, ...], load: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def contract(self, tenant_id: str, contract_id: str) -> ContractView | None:
        result: ContractView | None = self._get(
            ("c", tenant_id, contract_id), lambda: self._n.directory.contract(tenant_id, contract_id)
        )
        return result

    def project(self, tenant_id: str, project_id: str) -> ProjectView | None:
        result: ProjectView | None = self._get(
            ("p", tenant_id, project_id), lambda: self._n.directory.project(tenant_id, project_id)
        )
        return result

    def tenant(self, tenant_id: str) -> TenantView:
        result: TenantView = self._get(
            ("t", tenant_id), lambda: self._n.directory.tenant(tenant_id) or TenantView(tenant_id, tenant_id)
        )
        return result

    def staff(self, tenant_id: str) -> list[StaffMember]:
        result: list[StaffMember] = self._get(("s", tenant_id), lambda: self._n.directory.staff(tenant_id))
        return result

    def policy(self, tenant_id: str) -> SequencePolicy:
        result: SequencePolicy = self._get(
            ("policy", tenant_id), lambda: self._n.store.tenant_policy(tenant_id) or DEFAULT_POLICY
        )
        return result
