"""Notify's sequences and the read-only views it takes from the workspace. The records people
read (messages, action items) are the correspondence read model's (`shared.correspondence`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

SequenceKind = Literal["request", "rejection", "renewal", "digest"]
SequenceStatus = Literal["active", "paused", "stopped", "answered", "non_responsive", "done"]
DeliveryStart = Literal["acquired", "already_sent", "busy"]

# Notify's own keys inside a contract's partition.
REQUEST = "request"
REJECTION = "rejection"
DIGEST = "digest"


def renewal_key(coverage: str, label: str | None = None) -> str:
    """One renewal sequence per tracked policy: `other` coverages are told apart by their label."""
    if coverage == "other" and label:
        return f"renewal:other:{label.strip().lower()}"
    return f"renewal:{coverage}"


@dataclass(frozen=True)
class SequenceState:
    """Where one correspondence sequence of one contract stands.

    `run` tells restarts apart (a new request, a new rejected document, a new expiration date), so
    each run's steps have their own idempotency keys."""

    tenant_id: str
    contract_id: str
    project_id: str
    key: str
    kind: SequenceKind
    run: str
    anchor: date
    step: int = 0
    status: SequenceStatus = "active"
    due_on: date | None = None
    coverage: str | None = None
    label: str | None = None
    policy_number: str | None = None
    reasons: tuple[str, ...] = ()
    message: str | None = None
    version: int = 0

    def evolve(self, **changes: object) -> SequenceState:
        return replace(self, **changes)  # type: ignore[arg-type]

    def step_key(self, step: int) -> str:
        return f"{self.tenant_id}#{self.contract_id}#{self.key}#{self.run}#{step}"


# ---- views of workspace data (read through the ContractDirectory port) ----


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    name: str | None = None
    mobile_phone: str | None = None
    sms_opt_in: bool = False


@dataclass(frozen=True)
class ContractView:
    tenant_id: str
    project_id: str
    contract_id: str
    vendor_name: str
    active: bool
    contact: Contact
    compliance: str | None = None
    upload_url: str | None = None


@dataclass(frozen=True)
class OpenItem:
    """One requirement the vendor has not met yet, in the words the reviewer saw."""

    title: str
    status: Literal["missing", "rejected", "expired"]
    problems: tuple[str, ...] = ()
    send_next: str = ""


@dataclass(frozen=True)
class VendorTodo:
    """What the vendor still owes at the moment a message is written (waived items never appear)."""

    items: tuple[OpenItem, ...] = ()
    certificate_problems: tuple[str, ...] = ()
    endorsements: tuple[str, ...] = ()
    sample_documents: tuple[str, ...] = ()
    notes_to_vendor: str | None = None


@dataclass(frozen=True)
class ProjectView:
    tenant_id: str
    project_id: str
    name: str
    status: str
    number: str | None = None


@dataclass(frozen=True)
class TenantView:
    tenant_id: str
    name: str
    sender_email: str | None = None
    sender_name: str | None = None
    reply_to_email: str | None = None
    # Why SES refused the tenant's sender (vendor e-mails wait until an Admin fixes it), or None.
    sender_paused: str | None = None


@dataclass(frozen=True)
class StaffMember:
    user_id: str
    email: str
    name: str = ""
    role: str = "Standard"
    notify_on_submission: bool = False
    approves_overrides: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role.lower() == "admin"


@dataclass(frozen=True)
class OutgoingEmail:
    idempotency_key: str
    from_address: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    reply_to: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingSms:
    idempotency_key: str
    phone_number: str
    text: str
