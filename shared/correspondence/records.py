"""The correspondence records notify writes and the API reads: a contract's messages and the
tenant's action-needed items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ActionKind = Literal[
    "non_responsive_request",
    "non_responsive_rejection",
    "non_responsive_expiration",
    "non_compliant_submissions",
    "override_pending",
    "contact_bounced",
    "contact_complained",
    "contact_unsubscribed",
    "contact_unreachable",
]
Audience = Literal["vendor", "staff", "approvers", "user", "admins"]
# What the mail provider reported after "sent": SES event publishing (Delivery, Bounce, Complaint).
DeliveryOutcome = Literal["delivered", "bounced", "complained"]
MessageState = Literal["sending", "sent", "skipped", "delivered", "bounced", "complained"]
# An outcome only ever moves a message forward: a late "Delivery" never hides a bounce or a
# complaint (SES may report a complaint days after the delivery).
OUTCOME_RANK: dict[str, int] = {"sent": 0, "delivered": 1, "bounced": 2, "complained": 2}

# Tenant-wide correspondence (the weekly digest) is kept under this pseudo-contract: it is no
# contract's history.
TENANT_SCOPE = "_tenant"


def outcome_advances(state: str, outcome: DeliveryOutcome) -> bool:
    """True when a message in `state` should take `outcome` (held-back or unsent ones never do)."""
    return state in OUTCOME_RANK and state != outcome and OUTCOME_RANK[outcome] >= OUTCOME_RANK[state]


@dataclass(frozen=True)
class MessageRecord:
    """One message in a contract's history (also the exactly-once marker of its send)."""

    tenant_id: str
    contract_id: str
    idempotency_key: str
    template: str
    audience: Audience
    state: MessageState
    created_at: datetime
    subject: str = ""
    text: str = ""
    email_to: tuple[str, ...] = ()
    sms_to: str | None = None
    email_message_id: str | None = None
    sms_message_id: str | None = None
    sent_at: datetime | None = None
    skipped_reason: str | None = None
    sequence: str | None = None
    step: int | None = None
    attempts: int = 1
    outcome_at: datetime | None = None  # when SES reported the current delivered/bounced/complained


@dataclass(frozen=True)
class ActionItem:
    """Something about one contract that needs a person (open until notify resolves it)."""

    tenant_id: str
    kind: ActionKind
    contract_id: str
    ref: str
    created_at: datetime
    project_id: str | None = None
    detail: str = ""

    @property
    def item_id(self) -> str:
        return f"{self.kind}#{self.contract_id}#{self.ref}"
