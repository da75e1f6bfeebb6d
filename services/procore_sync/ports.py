"""The ports procore_sync's logic takes as arguments, the records crossing them, and in-memory
fakes with assertion state for tests and local runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from services.procore_sync.auth import AuthMode
from services.procore_sync.client import CommitmentKind

InsuranceScope = Literal["project", "company"]
MappedKind = Literal["project", "vendor", "contract"]


@dataclass(frozen=True)
class ProcoreConnection:
    """One tenant's link to one Procore company."""

    tenant_id: str
    company_id: int
    auth_mode: AuthMode = "authorization_code"
    # The exact `Authorization` header value configured on the tenant's webhook hook.
    webhook_authorization: str = field(default="", repr=False)
    insurance_scope: InsuranceScope = "project"
    enabled: bool = True
    # Off when the company's Procore ERP integration owns insurance records (Procore then locks
    # type, dates, limit, insurer and policy number): only the commitment's pay gate is written.
    sync_insurances: bool = True
    # For the Connected Apps page: who approved (the Procore user, or the service account).
    connected_as: str = ""
    company_name: str = ""
    connected_at: datetime | None = None


class ConnectionStore(Protocol):
    def get(self, tenant_id: str) -> ProcoreConnection | None: ...

    def put(self, connection: ProcoreConnection) -> None: ...

    def all(self) -> list[ProcoreConnection]: ...

    def delete(self, tenant_id: str) -> None: ...


@dataclass(frozen=True)
class SyncHealth:
    last_sync_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None


class SyncHealthStore(Protocol):
    def record(self, tenant_id: str, *, at: datetime, error: str | None = None) -> None: ...

    def read(self, tenant_id: str) -> SyncHealth: ...

    def clear(self, tenant_id: str) -> None: ...


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


# ---- id mapping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcoreRef:
    procore_id: int
    # Only for contracts: which commitment endpoint family it lives under.
    commitment_kind: CommitmentKind | None = None
    procore_project_id: int | None = None


class IdMap(Protocol):
    """Our workspace ids <-> Procore ids, per tenant, written when records flow in."""

    def remember(self, tenant_id: str, kind: MappedKind, our_id: str, ref: ProcoreRef) -> None: ...

    def procore_ref(self, tenant_id: str, kind: MappedKind, our_id: str) -> ProcoreRef | None: ...

    def our_id(self, tenant_id: str, kind: MappedKind, procore_id: int) -> str | None: ...


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


# ---- inbound: what Procore tells us ------------------------------------------------------------


@dataclass(frozen=True)
class ProcoreProject:
    procore_id: int
    name: str
    project_number: str | None
    active: bool
    address: str | None = None
    city: str | None = None
    state_code: str | None = None
    zip: str | None = None
    # Created in Draft (a project staff chose to import): nobody is e-mailed before they look.
    draft: bool = False


@dataclass(frozen=True)
class ProcoreVendor:
    procore_id: int
    name: str
    legal_name: str | None
    email_address: str | None
    business_phone: str | None
    active: bool
    address: str | None = None
    city: str | None = None
    state_code: str | None = None
    zip: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    trades: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcoreCommitment:
    procore_id: int
    kind: CommitmentKind
    procore_project_id: int
    procore_vendor_id: int | None
    number: str | None
    title: str | None
    status: str
    executed: bool
    # Approved/Complete work order contracts and Approved..Closed purchase orders are live work.
    active: bool
    deleted: bool = False
    invoice_contact_emails: tuple[str, ...] = ()
    # Who should receive certificate requests: the vendor's insurance manager on the project's
    # directory, else the vendor's primary contact (filled by inbound sync, not by the list item).
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


class SyncedValues(Protocol):
    """The values Procore last gave for a record's fields: a field whose value differs from it
    was edited by staff, and a later sync leaves it alone."""

    def load(self, tenant_id: str, kind: MappedKind, our_id: str) -> dict[str, str | None] | None: ...

    def save(self, tenant_id: str, kind: MappedKind, our_id: str, values: dict[str, str | None]) -> None: ...


class InMemorySyncedValues:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str, str], dict[str, str | None]] = {}

    def load(self, tenant_id: str, kind: MappedKind, our_id: str) -> dict[str, str | None] | None:
        return self.values.get((tenant_id, kind, our_id))

    def save(self, tenant_id: str, kind: MappedKind, our_id: str, values: dict[str, str | None]) -> None:
        self.values[(tenant_id, kind, our_id)] = dict(values)


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


# ---- webhooks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcoreChange:
    """A normalised webhook delivery (v2.0 or v4.0), or a change found by the reconciliation poll."""

    tenant_id: str
    company_id: int
    resource_name: str
    resource_id: int
    event_type: Literal["create", "update", "delete"]
    project_id: int | None = None
    delivery_key: str = ""
    occurred_at: datetime | None = None


class DeliveryLedger(Protocol):
    """Remembers webhook deliveries already accepted (Procore redelivers)."""

    def first_time(self, tenant_id: str, delivery_key: str) -> bool:
        """Atomically record the key; False when it was already recorded."""

    def forget(self, tenant_id: str, delivery_key: str) -> None: ...


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


class ChangeQueue(Protocol):
    def enqueue(self, change: ProcoreChange) -> None: ...


class InMemoryChangeQueue:
    def __init__(self) -> None:
        self.changes: list[ProcoreChange] = []

    def enqueue(self, change: ProcoreChange) -> None:
        self.changes.append(change)


# ---- reconciliation ----------------------------------------------------------------------------


class CursorStore(Protocol):
    def last_polled(self, tenant_id: str) -> datetime | None: ...

    def save(self, tenant_id: str, polled_until: datetime) -> None: ...


class InMemoryCursorStore:
    def __init__(self) -> None:
        self.cursors: dict[str, datetime] = {}

    def last_polled(self, tenant_id: str) -> datetime | None:
        return self.cursors.get(tenant_id)

    def save(self, tenant_id: str, polled_until: datetime) -> None:
        self.cursors[tenant_id] = polled_until


# ---- outbound ordering -------------------------------------------------------------------------


class PushWatermark(Protocol):
    """The time of the newest compliance change pushed per contract: SQS does not keep order, and
    an older status must never overwrite a newer one in Procore."""

    def is_stale(self, tenant_id: str, contract_id: str, changed_at: datetime) -> bool: ...

    def advance(self, tenant_id: str, contract_id: str, changed_at: datetime) -> None: ...


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
