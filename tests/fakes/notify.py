"""Notify's ports in memory, with assertion state (`sent`, `actions`, ...): the notify store (also
the API's correspondence reader in UI tests), the workspace directory, and recording senders."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from services.notify.domain.model import (
    ContractView,
    DeliveryStart,
    OutgoingEmail,
    OutgoingSms,
    ProjectView,
    SequenceState,
    StaffMember,
    TenantView,
    VendorTodo,
)
from services.notify.domain.policy import SequencePolicy
from services.notify.ports import ConcurrentUpdateError
from shared.correspondence import ActionItem, ActionKind, DeliveryOutcome, MessageRecord, outcome_advances


class InMemoryNotifyStore:
    def __init__(self, shards: int = 4) -> None:
        self._lock = threading.RLock()
        self.sequences: dict[tuple[str, str, str], SequenceState] = {}
        self.messages: dict[tuple[str, str, str], MessageRecord] = {}
        self.actions: dict[tuple[str, str], ActionItem] = {}
        self.submissions: dict[tuple[str, str], dict[str, bool]] = {}
        self.streaks: dict[tuple[str, str], int] = {}
        self.suppressed: dict[str, str] = {}
        self.policies: dict[str, SequencePolicy] = {}
        self.watermark: date | None = None
        self.shards = shards

    def get_sequence(self, tenant_id: str, contract_id: str, key: str) -> SequenceState | None:
        return self.sequences.get((tenant_id, contract_id, key))

    def list_sequences(self, tenant_id: str, contract_id: str) -> list[SequenceState]:
        return [s for (t, c, _), s in self.sequences.items() if (t, c) == (tenant_id, contract_id)]

    def save_sequence(self, state: SequenceState) -> SequenceState:
        with self._lock:
            ident = (state.tenant_id, state.contract_id, state.key)
            stored = self.sequences.get(ident)
            if (stored.version if stored else 0) != state.version:
                raise ConcurrentUpdateError(f"{ident} changed")
            saved = state.evolve(version=state.version + 1)
            self.sequences[ident] = saved
            return saved

    def due_on(self, day: date, shard: int) -> Iterator[SequenceState]:
        import zlib

        due = [
            s
            for s in self.sequences.values()
            if s.due_on == day and zlib.crc32(s.contract_id.encode()) % max(1, self.shards) == shard
        ]
        return iter(sorted(due, key=lambda s: (s.tenant_id, s.contract_id, s.key)))

    def begin_delivery(self, record: MessageRecord, lock_timeout_seconds: int) -> DeliveryStart:
        with self._lock:
            ident = (record.tenant_id, record.contract_id, record.idempotency_key)
            stored = self.messages.get(ident)
            if stored is None:
                self.messages[ident] = record
                return "acquired"
            if stored.state != "sending":
                return "already_sent"
            stale = stored.created_at < record.created_at - timedelta(seconds=lock_timeout_seconds)
            if stale and stored.attempts < 2:
                self.messages[ident] = replace(record, attempts=stored.attempts + 1)
                return "acquired"
            return "busy"

    def finish_delivery(self, record: MessageRecord) -> None:
        with self._lock:
            self.messages[(record.tenant_id, record.contract_id, record.idempotency_key)] = record

    def abandon_delivery(self, tenant_id: str, contract_id: str, idempotency_key: str) -> None:
        with self._lock:
            self.messages.pop((tenant_id, contract_id, idempotency_key), None)

    def list_messages(self, tenant_id: str, contract_id: str) -> list[MessageRecord]:
        found = [m for (t, c, _), m in self.messages.items() if (t, c) == (tenant_id, contract_id)]
        return sorted(found, key=lambda m: m.created_at)

    def record_outcome(
        self, tenant_id: str, contract_id: str, email_message_id: str, outcome: DeliveryOutcome, at: datetime
    ) -> bool:
        with self._lock:
            for ident, message in self.messages.items():
                found = ident[:2] == (tenant_id, contract_id) and message.email_message_id == email_message_id
                if found and outcome_advances(message.state, outcome):
                    self.messages[ident] = replace(message, state=outcome, outcome_at=at)
                    return True
        return False

    def put_action(self, item: ActionItem) -> bool:
        with self._lock:
            ident = (item.tenant_id, item.item_id)
            if ident in self.actions:
                return False
            self.actions[ident] = item
            return True

    def resolve_actions(
        self, tenant_id: str, contract_id: str, kinds: Iterable[ActionKind], ref: str | None = None
    ) -> int:
        wanted = set(kinds)
        with self._lock:
            doomed = [
                ident
                for ident, item in self.actions.items()
                if item.tenant_id == tenant_id
                and item.contract_id == contract_id
                and item.kind in wanted
                and (ref is None or item.ref == ref)
            ]
            for ident in doomed:
                del self.actions[ident]
            return len(doomed)

    def list_actions(self, tenant_id: str) -> list[ActionItem]:
        return sorted((a for a in self.actions.values() if a.tenant_id == tenant_id), key=lambda a: a.item_id)

    def record_submission(self, tenant_id: str, contract_id: str, document_id: str, compliant: bool) -> int:
        with self._lock:
            seen = self.submissions.setdefault((tenant_id, contract_id), {})
            if document_id not in seen:
                seen[document_id] = compliant
                streak = 0 if compliant else self.streaks.get((tenant_id, contract_id), 0) + 1
                self.streaks[(tenant_id, contract_id)] = streak
            return self.streaks.get((tenant_id, contract_id), 0)

    def suppress_address(self, email: str, reason: str, at: datetime) -> None:
        self.suppressed[email.lower()] = reason

    def suppression(self, email: str) -> str | None:
        return self.suppressed.get(email.lower())

    def tenant_policy(self, tenant_id: str) -> SequencePolicy | None:
        return self.policies.get(tenant_id)

    def save_tenant_policy(self, tenant_id: str, policy: SequencePolicy) -> None:
        self.policies[tenant_id] = policy

    def sweep_watermark(self) -> date | None:
        return self.watermark

    def set_sweep_watermark(self, day: date) -> None:
        if self.watermark is None or day > self.watermark:
            self.watermark = day

    def ensure_sweep_watermark(self, day: date) -> None:
        if self.watermark is None:
            self.watermark = day


@dataclass
class InMemoryDirectory:
    tenants: dict[str, TenantView] = field(default_factory=dict)
    projects: dict[tuple[str, str], ProjectView] = field(default_factory=dict)
    contracts: dict[tuple[str, str], ContractView] = field(default_factory=dict)
    members: dict[str, list[StaffMember]] = field(default_factory=dict)
    todos: dict[tuple[str, str], VendorTodo] = field(default_factory=dict)

    def add_tenant(self, tenant: TenantView) -> None:
        self.tenants[tenant.tenant_id] = tenant

    def add_project(self, project: ProjectView) -> None:
        self.projects[(project.tenant_id, project.project_id)] = project

    def add_contract(self, contract: ContractView) -> None:
        self.contracts[(contract.tenant_id, contract.contract_id)] = contract

    def add_staff(self, tenant_id: str, member: StaffMember) -> None:
        self.members.setdefault(tenant_id, []).append(member)

    def set_project_status(self, tenant_id: str, project_id: str, status: str) -> None:
        self.projects[(tenant_id, project_id)] = replace(
            self.projects[(tenant_id, project_id)], status=status
        )

    def update_contract(self, tenant_id: str, contract_id: str, **changes: object) -> None:
        current = self.contracts[(tenant_id, contract_id)]
        self.contracts[(tenant_id, contract_id)] = replace(current, **changes)  # type: ignore[arg-type]

    def contract(self, tenant_id: str, contract_id: str) -> ContractView | None:
        return self.contracts.get((tenant_id, contract_id))

    def project(self, tenant_id: str, project_id: str) -> ProjectView | None:
        return self.projects.get((tenant_id, project_id))

    def tenant(self, tenant_id: str) -> TenantView | None:
        return self.tenants.get(tenant_id)

    def contracts_in_project(self, tenant_id: str, project_id: str) -> list[ContractView]:
        return [c for c in self.contracts.values() if (c.tenant_id, c.project_id) == (tenant_id, project_id)]

    def staff(self, tenant_id: str) -> list[StaffMember]:
        return list(self.members.get(tenant_id, []))

    def set_todo(self, tenant_id: str, contract_id: str, todo: VendorTodo) -> None:
        self.todos[(tenant_id, contract_id)] = todo

    def vendor_todo(self, tenant_id: str, contract_id: str) -> VendorTodo | None:
        return self.todos.get((tenant_id, contract_id))


class RecordingEmailSender:
    """Idempotent by key like the real adapter; `sent` holds what actually went out."""

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []
        self._ids: dict[str, str] = {}
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, email: OutgoingEmail) -> str:
        with self._lock:
            if email.idempotency_key not in self._ids:
                self.sent.append(email)
                self._ids[email.idempotency_key] = f"email-{next(self._counter)}"
            return self._ids[email.idempotency_key]

    def subjects(self) -> list[str]:
        return [e.subject for e in self.sent]


class RecordingSmsSender:
    def __init__(self) -> None:
        self.sent: list[OutgoingSms] = []
        self._ids: dict[str, str] = {}
        self._lock = threading.Lock()

    def send(self, sms: OutgoingSms) -> str:
        with self._lock:
            if sms.idempotency_key not in self._ids:
                self.sent.append(sms)
                self._ids[sms.idempotency_key] = f"sms-{len(self._ids) + 1}"
            return self._ids[sms.idempotency_key]
