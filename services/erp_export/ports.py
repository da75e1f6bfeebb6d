"""erp_export's ports: what its use cases are given (`ExportPorts`). The settings, codes and export
log it shares with the API are `shared.erp.ports`. Adapters are in `adapters/` and
`shared.erp.table`; in-memory fakes with assertion state (`states`, `written`, `sent`) in
`tests/fakes/erp_export.py`."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from services.erp_export.models import ContractComplianceState
from shared.clock import Clock
from shared.erp.ports import ErpCodeStore, ErpConfigStore, ExportLog
from shared.erp.records import TenantErpConfig


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


class ExportSink(Protocol):
    def write(self, key: str, content: bytes, content_type: str) -> None: ...

    def read(self, key: str) -> bytes: ...


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
