"""erp_export's ports: what its use cases are given (`ExportPorts`). Adapters are in `adapters/`;
in-memory fakes with assertion state (`states`, `written`, `sent`) in `tests/fakes/erp_export.py`."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from services.erp_export.codes import CodeKind, ErpCodes
from services.erp_export.models import ContractComplianceState, ExportRecord, TenantErpConfig
from shared.clock import Clock


class ExportStateStore(Protocol):
    def record(self, state: ContractComplianceState) -> bool:
        """Keep `state` unless a newer change of the same contract is stored; True when kept."""

    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        """The tenant's contracts, removed ones left out."""

    def intacct_records(self, tenant_id: str) -> dict[str, str]:
        """Our REFERENCENUMBER -> Intacct's RECORDNO, for updates instead of duplicates."""

    def remember_intacct_records(self, tenant_id: str, records: dict[str, str]) -> None: ...

    def intacct_held(self, tenant_id: str) -> set[str]:
        """VENDORIDs this export put on hold in Intacct (only those are released again)."""

    def remember_intacct_held(self, tenant_id: str, vendor_ids: set[str]) -> None: ...


class ContractDirectory(Protocol):
    def contracts(self, tenant_id: str) -> list[ContractComplianceState]:
        """The workspace's contracts (status, names, codes; no coverages)."""


class ErpConfigStore(Protocol):
    def configured(self) -> list[TenantErpConfig]: ...

    def get(self, tenant_id: str) -> TenantErpConfig | None: ...

    def put(self, config: TenantErpConfig) -> None: ...


class ErpCodeStore(Protocol):
    def codes(self, tenant_id: str, erp: str | None = None) -> ErpCodes:
        """The tenant's codes (only one ERP's when `erp` is given)."""

    def put_code(
        self, tenant_id: str, erp: str, kind: CodeKind, entity_id: str, code: str | None, *, by: str
    ) -> None:
        """Set (or with None remove) the ERP code of one vendor, project or contract."""


class ExportLog(Protocol):
    """Every generated export, newest first, per tenant."""

    def add(self, record: ExportRecord) -> None: ...

    def replace(self, record: ExportRecord) -> None: ...

    def get(self, tenant_id: str, export_id: str) -> ExportRecord | None: ...

    def records(self, tenant_id: str, *, limit: int = 100) -> list[ExportRecord]: ...


class ExportSink(Protocol):
    def write(self, key: str, content: bytes, content_type: str) -> None: ...

    def read(self, key: str) -> bytes: ...

    def download_url(self, key: str, filename: str, *, expires_seconds: int) -> str:
        """A short-lived link that downloads the file under `filename`."""


class Mailer(Protocol):
    def send_files(self, to: list[str], subject: str, text: str, files: list[tuple[str, bytes, str]]) -> str:
        """E-mail the files (name, content, content type) as attachments; the message id."""


class IntacctGateway(Protocol):
    def send(self, tenant: TenantErpConfig, functions: list[ET.Element], control_id: str) -> str:
        """Post the functions inside a request carrying the tenant's credentials; the response XML."""


@dataclass
class ExportPorts:
    states: ExportStateStore
    configs: ErpConfigStore
    codes: ErpCodeStore
    log: ExportLog
    sink: ExportSink
    clock: Clock
    intacct: IntacctGateway | None = None
    mailer: Mailer | None = None
    sleep: Callable[[float], None] = field(default=time.sleep)
    # The workspace's contracts: those no compliance change has reached yet (no certificate)
    # still hold payment.
    directory: ContractDirectory | None = None
