"""What the correspondence shows people: the tenant's action-needed list (with its titles) and a
contract's message history, as JSON-ready rows. The API's routes and pages and notify's digest
read them the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from shared.correspondence.records import TENANT_SCOPE, ActionItem, MessageRecord

ACTION_TITLES = {
    "non_responsive_request": "Non-responsive: document requests",
    "non_responsive_rejection": "Non-responsive: rejected certificates",
    "non_responsive_expiration": "Non-responsive: expired policies",
    "non_compliant_submissions": "Repeated non-compliant submissions",
    "override_pending": "Override and exception requests awaiting approval",
    "contact_bounced": "Vendor emails bouncing",
    "contact_complained": "Vendors who marked correspondence as spam",
    "contact_unsubscribed": "Vendors who unsubscribed",
    "contact_unreachable": "Vendors without a usable contact",
}

VendorNameOf = Callable[[str], str | None]


class CorrespondenceReader(Protocol):
    """The read side of notify's records (`CorrespondenceTable`; in tests notify's fake store)."""

    def list_actions(self, tenant_id: str) -> list[ActionItem]: ...

    def list_messages(self, tenant_id: str, contract_id: str) -> list[MessageRecord]: ...


def open_actions(
    reader: CorrespondenceReader,
    tenant_id: str,
    *,
    kind: str | None = None,
    project_id: str | None = None,
    contract_id: str | None = None,
) -> list[ActionItem]:
    """The tenant's open items, oldest first; each filter given must match."""
    wanted = {"kind": kind, "project_id": project_id, "contract_id": contract_id}
    items = [
        item
        for item in reader.list_actions(tenant_id)
        if all(value is None or getattr(item, name) == value for name, value in wanted.items())
    ]
    return sorted(items, key=lambda item: item.created_at)


def action_rows(items: list[ActionItem], vendor_name_of: VendorNameOf) -> list[dict[str, Any]]:
    """The items as rows, each named by its vendor (`vendor_name_of` is asked once per contract;
    None for a contract removed since the item was raised: the item still stands)."""
    names: dict[str, str | None] = {}
    rows = []
    for item in items:
        if item.contract_id not in names:
            names[item.contract_id] = vendor_name_of(item.contract_id)
        rows.append(
            {
                "id": item.item_id,
                "kind": item.kind,
                "title": ACTION_TITLES.get(item.kind, item.kind),
                "contract_id": item.contract_id,
                "project_id": item.project_id,
                "vendor_name": names[item.contract_id],
                "detail": item.detail,
                "created_at": item.created_at.isoformat(),
            }
        )
    return rows


def message_history(reader: CorrespondenceReader, tenant_id: str, contract_id: str) -> list[MessageRecord]:
    """Every message sent (or held back) for the contract, oldest first."""
    if contract_id == TENANT_SCOPE:
        return []
    return sorted(reader.list_messages(tenant_id, contract_id), key=lambda m: m.created_at)


def message_row(message: MessageRecord) -> dict[str, Any]:
    return {
        "id": message.idempotency_key,
        "template": message.template,
        "audience": message.audience,
        "state": message.state,  # sending, sent, skipped, then delivered, bounced or complained (SES)
        "subject": message.subject,
        "email_to": list(message.email_to),
        "sms_to": message.sms_to,
        "sequence": message.sequence,
        "step": message.step,
        "created_at": message.created_at.isoformat(),
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "outcome_at": message.outcome_at.isoformat() if message.outcome_at else None,
        "skipped_reason": message.skipped_reason,
    }
