"""What the ERP console and erp_export read and write in the table, and the download links the
API signs. Adapters: `shared.erp.table` (DynamoDB), `shared.erp.links` (S3); in-memory fakes in
`tests/fakes/erp_export.py`."""

from __future__ import annotations

from typing import Protocol

from shared.erp.codes import CodeKind, ErpCodes
from shared.erp.records import ExportRecord, ExportStatus, TenantErpConfig


class ErpConfigStore(Protocol):
    def configured(self) -> list[TenantErpConfig]: ...

    def get(self, tenant_id: str) -> TenantErpConfig | None: ...

    def put(self, config: TenantErpConfig) -> None: ...


class ErpCodeStore(Protocol):
    def codes(self, tenant_id: str, erp: str | None = None) -> ErpCodes:
        """The tenant's codes (only one ERP's when `erp` is given)."""

    def put_code(  # noqa: PLR0913  the code's full key (tenant, ERP, kind, entity), its value, who set it
        self, tenant_id: str, erp: str, kind: CodeKind, entity_id: str, code: str | None, *, by: str
    ) -> None:
        """Set (or with None remove) the ERP code of one vendor, project or contract."""


class ExportLog(Protocol):
    """Every export, newest first, per tenant."""

    def add(self, record: ExportRecord) -> None: ...

    def replace(self, record: ExportRecord) -> None: ...

    def swap(self, record: ExportRecord, *, expected: ExportStatus) -> bool:
        """Store `record` only if the stored one's status is `expected`; False when it was not
        (someone else moved it on)."""

    def get(self, tenant_id: str, export_id: str) -> ExportRecord | None: ...

    def records(self, tenant_id: str, *, limit: int = 100) -> list[ExportRecord]: ...


class FileLinks(Protocol):
    def download_url(self, key: str, filename: str, *, expires_seconds: int) -> str:
        """A short-lived link that downloads the file under `filename`."""
