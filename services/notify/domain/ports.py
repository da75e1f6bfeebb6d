"""What notify needs from the outside world. Adapters live in `services/notify/adapters/`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Protocol

from services.notify.domain.model import (
    ActionItem,
    ActionKind,
    ContractView,
    DeliveryOutcome,
    DeliveryStart,
    MessageRecord,
    OutgoingEmail,
    OutgoingSms,
    ProjectView,
    SequenceState,
    StaffMember,
    TenantView,
    VendorTodo,
)
from services.notify.domain.policy import SequencePolicy


class ConcurrentUpdateError(RuntimeError):
    """Someone else changed the sequence since it was read; the reader's step is moot."""


class ContractDirectory(Protocol):
    """Read-only workspace data notify needs (contacts, project status, sender identity, staff)."""

    def contract(self, tenant_id: str, contract_id: str) -> ContractView | None: ...

    def project(self, tenant_id: str, project_id: str) -> ProjectView | None: ...

    def tenant(self, tenant_id: str) -> TenantView | None: ...

    def contracts_in_project(self, tenant_id: str, project_id: str) -> list[ContractView]: ...

    def staff(self, tenant_id: str) -> list[StaffMember]: ...

    def vendor_todo(self, tenant_id: str, contract_id: str) -> VendorTodo | None:
        """The contract's open requirements now; None when they cannot be read."""
        ...


class NotifyStore(Protocol):
    # sequences
    def get_sequence(self, tenant_id: str, contract_id: str, key: str) -> SequenceState | None: ...

    def list_sequences(self, tenant_id: str, contract_id: str) -> list[SequenceState]: ...

    def save_sequence(self, state: SequenceState) -> SequenceState:
        """Create (version 0) or update conditionally on `state.version`; returns the stored state.
        Raises ConcurrentUpdateError when the stored version differs."""
        ...

    def due_on(self, day: date, shard: int) -> Iterator[SequenceState]: ...

    # messages (history + exactly-once markers)
    def begin_delivery(self, record: MessageRecord, lock_timeout_seconds: int) -> DeliveryStart: ...

    def finish_delivery(self, record: MessageRecord) -> None: ...

    def abandon_delivery(self, tenant_id: str, contract_id: str, idempotency_key: str) -> None: ...

    def list_messages(self, tenant_id: str, contract_id: str) -> list[MessageRecord]: ...

    def record_outcome(
        self, tenant_id: str, contract_id: str, email_message_id: str, outcome: DeliveryOutcome, at: datetime
    ) -> bool:
        """Marks the sent message SES knows as `email_message_id` delivered, bounced or complained
        (never backwards, see `OUTCOME_RANK`); False when no such message or nothing changed."""
        ...

    # action needed
    def put_action(self, item: ActionItem) -> bool:
        """Stores the item unless the same one is open; True when newly raised."""
        ...

    def resolve_actions(
        self, tenant_id: str, contract_id: str, kinds: Iterable[ActionKind], ref: str | None = None
    ) -> int: ...

    def list_actions(self, tenant_id: str) -> list[ActionItem]: ...

    # submissions
    def record_submission(self, tenant_id: str, contract_id: str, document_id: str, compliant: bool) -> int:
        """Counts non-compliant submissions in a row (a compliant one resets); once per document."""
        ...

    # contacts
    def suppress_address(self, email: str, reason: str, at: datetime) -> None: ...

    def suppression(self, email: str) -> str | None: ...

    # settings and bookkeeping
    def tenant_policy(self, tenant_id: str) -> SequencePolicy | None: ...

    def save_tenant_policy(self, tenant_id: str, policy: SequencePolicy) -> None: ...

    def sweep_watermark(self) -> date | None: ...

    def set_sweep_watermark(self, day: date) -> None: ...

    def ensure_sweep_watermark(self, day: date) -> None:
        """Set the watermark to `day` only if there is none yet (the first scheduled work)."""
        ...


class SenderPauses(Protocol):
    """Records on the tenant that SES refused its sender address (see `shared.workspace.sender`)."""

    def pause(self, tenant_id: str, reason: str) -> bool: ...


class EmailSender(Protocol):
    """Sends once per `idempotency_key`; returns the provider's message id."""

    def send(self, email: OutgoingEmail) -> str: ...


class SmsSender(Protocol):
    def send(self, sms: OutgoingSms) -> str: ...
