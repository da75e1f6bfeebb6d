"""In-memory fakes of Procore's ports (shared/procore/ports.py, services/procore_sync/ports.py),
with assertion state, for tests and the local demo."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from shared.procore.auth import StoredToken, TokenConflictError
from shared.procore.imports import ProjectImport, SyncLogEntry
from shared.procore.pushes import ContractPush, PushedInsurance
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


class InMemorySyncHealth:
    def __init__(self) -> None:
        self.health: dict[str, SyncHealth] = {}

    def record(self, tenant_id: str, *, at: datetime, error: str | None = None) -> None:
        current = self.health.get(tenant_id, SyncHealth())
        self.health[tenant_id] = (
            SyncHealth(at, current.last_error, current.last_error_at)
            if error is None
            else SyncHealth(current.last_sync_at, error, at)
        )

    def read(self, tenant_id: str) -> SyncHealth:
        return self.health.get(tenant_id, SyncHealth())

    def clear(self, tenant_id: str) -> None:
        self.health.pop(tenant_id, None)


class InMemoryConnectionStore:
    def __init__(self, *connections: ProcoreConnection) -> None:
        self.connections = {c.tenant_id: c for c in connections}

    def get(self, tenant_id: str) -> ProcoreConnection | None:
        return self.connections.get(tenant_id)

    def put(self, connection: ProcoreConnection) -> None:
        self.connections[connection.tenant_id] = connection

    def all(self) -> list[ProcoreConnection]:
        return list(self.connections.values())

    def delete(self, tenant_id: str) -> None:
        self.connections.pop(tenant_id, None)


class InMemoryIdMap:
    def __init__(self) -> None:
        self.refs: dict[tuple[str, str, str], ProcoreRef] = {}
        self.reverse: dict[tuple[str, str, int], str] = {}

    def remember(self, tenant_id: str, kind: MappedKind, our_id: str, ref: ProcoreRef) -> None:
        self.refs[(tenant_id, kind, our_id)] = ref
        self.reverse[(tenant_id, kind, ref.procore_id)] = our_id

    def procore_ref(self, tenant_id: str, kind: MappedKind, our_id: str) -> ProcoreRef | None:
        return self.refs.get((tenant_id, kind, our_id))

    def our_id(self, tenant_id: str, kind: MappedKind, procore_id: int) -> str | None:
        return self.reverse.get((tenant_id, kind, procore_id))


class InMemorySyncedValues:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str, str], dict[str, str | None]] = {}

    def load(self, tenant_id: str, kind: MappedKind, our_id: str) -> dict[str, str | None] | None:
        return self.values.get((tenant_id, kind, our_id))

    def save(self, tenant_id: str, kind: MappedKind, our_id: str, values: dict[str, str | None]) -> None:
        self.values[(tenant_id, kind, our_id)] = dict(values)


class InMemoryWorkspaceSink:
    def __init__(self) -> None:
        self.projects: dict[tuple[str, int], tuple[str, ProcoreProject]] = {}
        self.vendors: dict[tuple[str, int], tuple[str, ProcoreVendor]] = {}
        self.contracts: dict[tuple[str, int], tuple[str, ProcoreCommitment, str, str]] = {}
        self.deactivated: list[tuple[str, str, str]] = []
        self.ids: dict[tuple[str, str, int], str] = {}
        self.upserts = 0

    def upsert_project(self, tenant_id: str, project: ProcoreProject) -> str:
        our_id = self._id("project", tenant_id, project.procore_id)
        self.projects[(tenant_id, project.procore_id)] = (our_id, project)
        self.upserts += 1
        return our_id

    def upsert_vendor(self, tenant_id: str, vendor: ProcoreVendor) -> str:
        our_id = self._id("vendor", tenant_id, vendor.procore_id)
        self.vendors[(tenant_id, vendor.procore_id)] = (our_id, vendor)
        self.upserts += 1
        return our_id

    def upsert_contract(
        self,
        tenant_id: str,
        commitment: ProcoreCommitment,
        *,
        project_id: str,
        vendor_id: str,
        existing_id: str | None = None,
    ) -> str:
        if existing_id:
            our_id = existing_id
        elif commitment.procore_id == 0:  # a directory vendor: no commitment behind it
            our_id = f"contract-directory-{project_id}-{vendor_id}"
        else:
            our_id = self._id("contract", tenant_id, commitment.procore_id)
        # Directory contracts have no commitment id: kept under the vendor's id, negated.
        key = commitment.procore_id or -(commitment.procore_vendor_id or 0)
        self.contracts[(tenant_id, key)] = (our_id, commitment, project_id, vendor_id)
        self.upserts += 1
        return our_id

    def deactivate(self, tenant_id: str, kind: MappedKind, our_id: str) -> None:
        self.deactivated.append((tenant_id, kind, our_id))

    def _id(self, kind: str, tenant_id: str, procore_id: int) -> str:
        return self.ids.setdefault((tenant_id, kind, procore_id), f"{kind}-{procore_id}")


class InMemoryDeliveryLedger:
    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def first_time(self, tenant_id: str, delivery_key: str) -> bool:
        if (tenant_id, delivery_key) in self.seen:
            return False
        self.seen.add((tenant_id, delivery_key))
        return True

    def forget(self, tenant_id: str, delivery_key: str) -> None:
        self.seen.discard((tenant_id, delivery_key))


class InMemoryChangeQueue:
    def __init__(self) -> None:
        self.changes: list[ProcoreChange] = []

    def enqueue(self, change: ProcoreChange) -> None:
        self.changes.append(change)


class InMemoryCursorStore:
    def __init__(self) -> None:
        self.cursors: dict[str, datetime] = {}

    def last_polled(self, tenant_id: str) -> datetime | None:
        return self.cursors.get(tenant_id)

    def save(self, tenant_id: str, polled_until: datetime) -> None:
        self.cursors[tenant_id] = polled_until


class InMemoryPushWatermark:
    def __init__(self) -> None:
        self.marks: dict[tuple[str, str], datetime] = {}

    def is_stale(self, tenant_id: str, contract_id: str, changed_at: datetime) -> bool:
        mark = self.marks.get((tenant_id, contract_id))
        return mark is not None and changed_at < mark

    def advance(self, tenant_id: str, contract_id: str, changed_at: datetime) -> None:
        mark = self.marks.get((tenant_id, contract_id))
        if mark is None or changed_at > mark:
            self.marks[(tenant_id, contract_id)] = changed_at


class InMemoryTokenStore:
    def __init__(self) -> None:
        self.tokens: dict[str, StoredToken] = {}
        self.saves = 0

    def load(self, tenant_id: str) -> StoredToken | None:
        return self.tokens.get(tenant_id)

    def save(self, tenant_id: str, token: StoredToken, *, previous_version: int | None) -> None:
        current = self.tokens.get(tenant_id)
        current_version = current.version if current else None
        if current_version != previous_version:
            raise TokenConflictError(f"token for tenant {tenant_id} changed concurrently")
        self.tokens[tenant_id] = token
        self.saves += 1

    def delete(self, tenant_id: str) -> None:
        self.tokens.pop(tenant_id, None)


class RecordingSleeper:
    """Test double: remembers how long it was asked to sleep, returns at once."""

    def __init__(self, clock: Any | None = None) -> None:
        self.slept: list[float] = []
        self._clock = clock

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self._clock is not None and hasattr(self._clock, "advance"):
            self._clock.advance(seconds=seconds)


class InMemoryImportStore:
    def __init__(self) -> None:
        self.imports: dict[tuple[str, int], ProjectImport] = {}
        self.directory: dict[tuple[str, int, int], str] = {}
        self.seen_at: dict[tuple[str, str], str] = {}

    def get(self, tenant_id: str, procore_project_id: int) -> ProjectImport | None:
        return self.imports.get((tenant_id, procore_project_id))

    def put(self, chosen: ProjectImport) -> None:
        self.imports[(chosen.tenant_id, chosen.procore_project_id)] = chosen

    def all(self, tenant_id: str) -> list[ProjectImport]:
        return [i for (tenant, _), i in self.imports.items() if tenant == tenant_id]

    def directory_contract(self, tenant_id: str, procore_project_id: int, vendor_id: int) -> str | None:
        return self.directory.get((tenant_id, procore_project_id, vendor_id))

    def remember_directory_contract(
        self, tenant_id: str, procore_project_id: int, vendor_id: int, our_id: str
    ) -> None:
        self.directory[(tenant_id, procore_project_id, vendor_id)] = our_id

    def seen(self, tenant_id: str, key: str) -> str | None:
        return self.seen_at.get((tenant_id, key))

    def mark_seen(self, tenant_id: str, key: str, updated_at: str) -> None:
        self.seen_at[(tenant_id, key)] = updated_at


class InMemorySyncLog:
    def __init__(self) -> None:
        self.log: dict[tuple[str, str, str], SyncLogEntry] = {}

    def failed(self, tenant_id: str, project_id: str, entry: SyncLogEntry) -> None:
        self.log[(tenant_id, project_id, entry.key)] = entry

    def succeeded(self, tenant_id: str, project_id: str, key: str, at: datetime) -> None:
        entry = self.log.get((tenant_id, project_id, key))
        if entry is not None and entry.resolved_at is None:
            self.log[(tenant_id, project_id, key)] = replace(entry, resolved_at=at)

    def entries(self, tenant_id: str, project_id: str) -> list[SyncLogEntry]:
        found = [e for (t, p, _), e in self.log.items() if (t, p) == (tenant_id, project_id)]
        return sorted(found, key=lambda e: e.time, reverse=True)


class InMemoryPushRecords:
    def __init__(self) -> None:
        self.pushes: dict[tuple[str, str], ContractPush] = {}

    def succeeded(
        self,
        tenant_id: str,
        contract_id: str,
        at: datetime,
        *,
        insurances: list[PushedInsurance] | None,
        commitment_status: str | None,
    ) -> None:
        push = self.pushes.get((tenant_id, contract_id)) or ContractPush(contract_id)
        if insurances is not None:
            push = replace(push, insurances=tuple(insurances), insurances_at=at)
        if commitment_status is not None:
            push = replace(push, commitment_status=commitment_status, commitment_at=at)
        self.pushes[(tenant_id, contract_id)] = replace(push, failure=None, failed_at=None)

    def failed(self, tenant_id: str, contract_id: str, at: datetime, error: str) -> None:
        push = self.pushes.get((tenant_id, contract_id)) or ContractPush(contract_id)
        self.pushes[(tenant_id, contract_id)] = replace(push, failure=error, failed_at=at)

    def get(self, tenant_id: str, contract_id: str) -> ContractPush | None:
        return self.pushes.get((tenant_id, contract_id))
