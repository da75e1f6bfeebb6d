"""The ports Procore's use cases take (Protocols only): the connection, token-free stores of the
integration, where imported records land in the workspace, and the webhook ledger and queue.
Adapters: `shared.procore.adapters`; in-memory fakes: `tests/fakes/procore_stores.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from shared.procore.records import (
    MappedKind,
    ProcoreChange,
    ProcoreCommitment,
    ProcoreConnection,
    ProcoreProject,
    ProcoreRef,
    ProcoreVendor,
    SyncHealth,
)


class ConnectionStore(Protocol):
    def get(self, tenant_id: str) -> ProcoreConnection | None: ...

    def put(self, connection: ProcoreConnection) -> None: ...

    def all(self) -> list[ProcoreConnection]: ...

    def delete(self, tenant_id: str) -> None: ...


class SyncHealthStore(Protocol):
    def record(self, tenant_id: str, *, at: datetime, error: str | None = None) -> None: ...

    def read(self, tenant_id: str) -> SyncHealth: ...

    def clear(self, tenant_id: str) -> None: ...


class IdMap(Protocol):
    """Our workspace ids <-> Procore ids, per tenant, written when records flow in."""

    def remember(self, tenant_id: str, kind: MappedKind, our_id: str, ref: ProcoreRef) -> None: ...

    def procore_ref(self, tenant_id: str, kind: MappedKind, our_id: str) -> ProcoreRef | None: ...

    def our_id(self, tenant_id: str, kind: MappedKind, procore_id: int) -> str | None: ...


class SyncedValues(Protocol):
    """The values Procore last gave for a record's fields: a field whose value differs from it
    was edited by staff, and a later sync leaves it alone."""

    def load(self, tenant_id: str, kind: MappedKind, our_id: str) -> dict[str, str | None] | None: ...

    def save(self, tenant_id: str, kind: MappedKind, our_id: str, values: dict[str, str | None]) -> None: ...


class WorkspaceSink(Protocol):
    """Where records flowing in from Procore land in the GC workspace. Each upsert is keyed on the
    Procore origin (tenant, kind, Procore id), creates or updates, and returns our id."""

    def upsert_project(self, tenant_id: str, project: ProcoreProject) -> str: ...

    def upsert_vendor(self, tenant_id: str, vendor: ProcoreVendor) -> str: ...

    def upsert_contract(
        self,
        tenant_id: str,
        commitment: ProcoreCommitment,
        *,
        project_id: str,
        vendor_id: str,
        existing_id: str | None = None,
    ) -> str: ...

    def deactivate(self, tenant_id: str, kind: MappedKind, our_id: str) -> None: ...


class DeliveryLedger(Protocol):
    """Remembers webhook deliveries already accepted (Procore redelivers)."""

    def first_time(self, tenant_id: str, delivery_key: str) -> bool:
        """Atomically record the key; False when it was already recorded."""

    def forget(self, tenant_id: str, delivery_key: str) -> None: ...


class ChangeQueue(Protocol):
    def enqueue(self, change: ProcoreChange) -> None: ...
