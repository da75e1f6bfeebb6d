"""erp_export's ports and in-memory fakes (assertion state: `states`, `written`, `sent`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Protocol
from xml.sax.saxutils import escape

from services.erp_export.models import ContractComplianceState, TenantErpConfig


class ExportStateStore(Protocol):
    def record(self, state: ContractComplianceState) -> bool:
        """Keep `state` unless a newer change of the same contract is stored; True when kept."""

    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        """The tenant's contracts, removed ones left out."""

    def intacct_records(self, tenant_id: str) -> dict[str, str]:
        """Our REFERENCENUMBER -> Intacct's RECORDNO, for updates instead of duplicates."""

    def remember_intacct_records(self, tenant_id: str, records: dict[str, str]) -> None: ...


class InMemoryExportStateStore:
    def __init__(self) -> None:
        self.states: dict[tuple[str, str], ContractComplianceState] = {}
        self.intacct: dict[str, dict[str, str]] = {}

    def intacct_records(self, tenant_id: str) -> dict[str, str]:
        return dict(self.intacct.get(tenant_id, {}))

    def remember_intacct_records(self, tenant_id: str, records: dict[str, str]) -> None:
        self.intacct.setdefault(tenant_id, {}).update(records)

    def record(self, state: ContractComplianceState) -> bool:
        key = (state.tenant_id, state.contract_id)
        current = self.states.get(key)
        if current is not None and current.changed_at > state.changed_at:
            return False
        self.states[key] = state
        return True

    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        return sorted(
            (s for (tenant, _), s in self.states.items() if tenant == tenant_id and not s.removed),
            key=lambda s: s.contract_id,
        )


class ErpConfigStore(Protocol):
    def configured(self) -> list[TenantErpConfig]: ...


class InMemoryErpConfigStore:
    def __init__(self, *configs: TenantErpConfig) -> None:
        self.configs = list(configs)

    def configured(self) -> list[TenantErpConfig]:
        return list(self.configs)


class ExportSink(Protocol):
    def write(self, key: str, content: bytes, content_type: str) -> None: ...


class InMemoryExportSink:
    def __init__(self) -> None:
        self.written: dict[str, bytes] = {}

    def write(self, key: str, content: bytes, content_type: str) -> None:
        self.written[key] = content


class IntacctGateway(Protocol):
    def send(self, tenant: TenantErpConfig, functions: list[ET.Element], control_id: str) -> str:
        """Post the functions inside a request carrying the tenant's credentials; the response XML."""


class InMemoryIntacctGateway:
    """Answers like the gateway: success per function, a RECORDNO for each create."""

    def __init__(self, fail_control_ids: frozenset[str] = frozenset()) -> None:
        self.sent: list[tuple[str, list[ET.Element], str]] = []
        self.fail_control_ids = fail_control_ids
        self._next_record = 100

    def send(self, tenant: TenantErpConfig, functions: list[ET.Element], control_id: str) -> str:
        self.sent.append((tenant.tenant_id, functions, control_id))
        results = []
        for function in functions:
            ref = escape(function.get("controlid", ""))
            if ref in self.fail_control_ids:
                results.append(
                    f"<result><status>failure</status><function>create</function><controlid>{ref}</controlid>"
                    "<errormessage><error><errorno>CRE-3211</errorno><description2>Compliance type not found"
                    "</description2></error></errormessage></result>"
                )
                continue
            existing = function.findtext("update/COMPLIANCERECORD/RECORDNO")
            if existing is None:
                self._next_record += 1
            record_no = existing or str(self._next_record)
            action = "update" if existing else "create"
            results.append(
                f"<result><status>success</status><function>{action}</function><controlid>{ref}</controlid>"
                f'<data listtype="objects" count="1"><compliancerecord><RECORDNO>{record_no}</RECORDNO>'
                "</compliancerecord></data></result>"
            )
        return (
            f"<response><control><status>success</status><controlid>{control_id}</controlid></control>"
            "<operation><authentication><status>success</status></authentication>"
            + "".join(results)
            + "</operation></response>"
        )
