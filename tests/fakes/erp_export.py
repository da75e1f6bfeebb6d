"""In-memory fakes of erp_export's ports and the ERP console's, with assertion state (`states`,
`written`, `sent`), and `ErpServiceOnBus`: a publisher that hands the ERP requests it carries to
erp_export's request handler in-process, the way the bus and the request queue do."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from services.erp_export.models import ContractComplianceState
from shared.erp import CodeKind, ErpCodes, ExportRecord, ExportStatus, TenantErpConfig
from shared.events import Envelope, ErpDeliveryRetryRequested, ErpExportRequested
from tests.lambda_events import LambdaContext, eventbridge_event_for, sqs_event


class InMemoryExportStateStore:
    def __init__(self) -> None:
        self.states: dict[tuple[str, str], ContractComplianceState] = {}
        self.intacct: dict[str, dict[str, str]] = {}
        self.held: dict[str, set[str]] = {}

    def intacct_held(self, tenant_id: str) -> set[str]:
        return set(self.held.get(tenant_id, set()))

    def remember_intacct_held(self, tenant_id: str, vendor_ids: set[str]) -> None:
        self.held[tenant_id] = set(vendor_ids)

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


class InMemoryErpConfigStore:
    def __init__(self, *configs: TenantErpConfig) -> None:
        self.configs = list(configs)

    def configured(self) -> list[TenantErpConfig]:
        return list(self.configs)

    def get(self, tenant_id: str) -> TenantErpConfig | None:
        return next((c for c in self.configs if c.tenant_id == tenant_id), None)

    def put(self, config: TenantErpConfig) -> None:
        self.configs = [c for c in self.configs if c.tenant_id != config.tenant_id] + [config]


class InMemoryErpCodeStore:
    def __init__(self) -> None:
        self.by_tenant: dict[str, ErpCodes] = {}

    def codes(self, tenant_id: str, erp: str | None = None) -> ErpCodes:
        stored = self.by_tenant.get(tenant_id, ErpCodes())
        return ErpCodes({k: dict(t) for k, t in stored.codes.items() if erp is None or k[0] == erp})

    def put_code(
        self, tenant_id: str, erp: str, kind: CodeKind, entity_id: str, code: str | None, *, by: str
    ) -> None:
        self.by_tenant.setdefault(tenant_id, ErpCodes()).set(erp, kind, entity_id, code)


class InMemoryExportLog:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], ExportRecord] = {}

    def add(self, record: ExportRecord) -> None:
        self.entries[(record.tenant_id, record.id)] = record

    replace = add

    def swap(self, record: ExportRecord, *, expected: ExportStatus) -> bool:
        stored = self.entries.get((record.tenant_id, record.id))
        if stored is None or stored.status != expected:
            return False
        self.add(record)
        return True

    def get(self, tenant_id: str, export_id: str) -> ExportRecord | None:
        return self.entries.get((tenant_id, export_id))

    def records(self, tenant_id: str, *, limit: int = 100) -> list[ExportRecord]:
        mine = [r for (tenant, _), r in self.entries.items() if tenant == tenant_id]
        return sorted(mine, key=lambda r: (r.created_at, r.id), reverse=True)[:limit]


class InMemoryExportSink:
    def __init__(self) -> None:
        self.written: dict[str, bytes] = {}

    def write(self, key: str, content: bytes, content_type: str) -> None:
        self.written[key] = content

    def read(self, key: str) -> bytes:
        return self.written[key]


class InMemoryFileLinks:
    def download_url(self, key: str, filename: str, *, expires_seconds: int) -> str:
        return f"memory://{key}?filename={filename}&expires={expires_seconds}"


class ErpServiceOnBus:
    """Publishes to `inner` (keeping every event there for assertions) and delivers the ERP
    requests among them to erp_export's request handler with `ports`, as an EventBridge event in
    an SQS batch: what the ErpRequestsRule and ErpRequestQueue do in AWS, done before `publish`
    returns, so the console's wait finds the export settled."""

    def __init__(self, inner: Any, ports: Any) -> None:
        self.inner = inner
        self.ports = ports
        self.handled: list[dict[str, Any]] = []

    def publish(self, events: Sequence[Envelope[Any]]) -> None:
        from services.erp_export.handlers import requests

        self.inner.publish(events)
        wanted = (ErpExportRequested.NAME, ErpDeliveryRetryRequested.NAME)
        bodies = [json.dumps(eventbridge_event_for(e)) for e in events if e.metadata.name in wanted]
        if bodies:
            result = requests.handle_batch(
                sqs_event(*bodies, queue="coi-erp-requests-test"),
                LambdaContext("coi-erp-requests-test"),
                ports=self.ports,
            )
            self.handled.append(result)


class InMemoryMailer:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[list[str], str, list[str]]] = []
        self.fail = fail

    def send_files(self, to: list[str], subject: str, text: str, files: list[tuple[str, bytes, str]]) -> str:
        if self.fail:
            raise RuntimeError("mail rejected")
        self.sent.append((list(to), subject, [name for name, _, _ in files]))
        return f"message-{len(self.sent)}"


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
            if function.find("update/VENDOR") is not None:
                results.append(
                    f"<result><status>success</status><function>update</function><controlid>{ref}</controlid>"
                    "</result>"
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
