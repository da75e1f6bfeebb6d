"""What notify's use cases are given (`NotifyPorts`) and the ports in it. Adapters live in
`services/notify/adapters/`; tests pass the fakes of `tests/fakes/notify.py`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

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
from services.notify.rendering import TemplateRenderer, default_renderer
from shared.clock import Clock
from shared.correspondence import ActionItem, ActionKind, DeliveryOutcome, MessageRecord


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
    """Notify's records; its read side (`list_messages`, `list_actions`) is what the API reads
    through `shared.correspondence`."""

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


@dataclass(frozen=True)
class NotifyConfig:
    default_sender_email: str
    default_sender_name: str = "Insurance Compliance"
    due_shards: int = 4
    # A "sending" marker older than this is taken over by a retry (see `logic.delivery.deliver`).
    send_lock_timeout_seconds: int = 300
    sweep_lookback_days: int = 3
    max_catch_up_days: int = 400


@dataclass
class NotifyPorts:
    store: NotifyStore
    directory: ContractDirectory
    email: EmailSender
    sms: SmsSender
    clock: Clock
    config: NotifyConfig
    renderer: TemplateRenderer = field(default_factory=default_renderer)
    # Where a refused tenant sender is recorded (None: only logged).
    pauses: SenderPauses | None = None
    # The Powertools config both senders' idempotency records share; the handlers register each
    # invocation's Lambda context on it (None: senders without idempotency records, as in tests).
    idempotency: IdempotencyConfig | None = None
