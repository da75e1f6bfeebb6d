"""What the API can expose: the action-needed list, a contract's message history, tenant settings.

Each function takes the notifier (the API's composition root passes it, or the lazily built one
is used) and returns JSON-ready dicts.
"""

from __future__ import annotations

from typing import Any

from services.notify.domain.model import TENANT_SCOPE
from services.notify.domain.policy import DEFAULT_POLICY, SequencePolicy
from services.notify.logic.core import Lookup, Notifier
from services.notify.logic.digest import ACTION_TITLES


def _notifier(notifier: Notifier | None) -> Notifier:
    if notifier is not None:
        return notifier
    from services.notify import bootstrap

    return bootstrap.notifier()


def list_action_needed(
    tenant_id: str,
    *,
    kind: str | None = None,
    project_id: str | None = None,
    contract_id: str | None = None,
    notifier: Notifier | None = None,
) -> list[dict[str, Any]]:
    n = _notifier(notifier)
    lookup = Lookup(n)
    rows = []
    for item in n.store.list_actions(tenant_id):
        if kind and item.kind != kind:
            continue
        if project_id and item.project_id != project_id:
            continue
        if contract_id and item.contract_id != contract_id:
            continue
        contract = lookup.contract(tenant_id, item.contract_id)
        rows.append(
            {
                "id": item.item_id,
                "kind": item.kind,
                "title": ACTION_TITLES.get(item.kind, item.kind),
                "contract_id": item.contract_id,
                "project_id": item.project_id,
                "vendor_name": contract.vendor_name if contract else None,
                "ref": item.ref,
                "detail": item.detail,
                "created_at": item.created_at.isoformat(),
            }
        )
    return sorted(rows, key=lambda r: r["created_at"])


def list_messages(
    tenant_id: str, contract_id: str, *, notifier: Notifier | None = None
) -> list[dict[str, Any]]:
    if contract_id == TENANT_SCOPE:
        return []
    n = _notifier(notifier)
    return [
        {
            "id": m.idempotency_key,
            "template": m.template,
            "audience": m.audience,
            "state": m.state,
            "subject": m.subject,
            "text": m.text,
            "email_to": list(m.email_to),
            "sms_to": m.sms_to,
            "sequence": m.sequence,
            "step": m.step,
            "created_at": m.created_at.isoformat(),
            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            "outcome_at": m.outcome_at.isoformat() if m.outcome_at else None,
            "skipped_reason": m.skipped_reason,
        }
        for m in n.store.list_messages(tenant_id, contract_id)
    ]


def get_sequence_policy(tenant_id: str, *, notifier: Notifier | None = None) -> dict[str, Any]:
    policy = _notifier(notifier).store.tenant_policy(tenant_id) or DEFAULT_POLICY
    return policy.model_dump(mode="json")


def save_sequence_policy(
    tenant_id: str, changes: dict[str, Any], *, notifier: Notifier | None = None
) -> dict[str, Any]:
    """Merge `changes` into the tenant's policy; raises pydantic ValidationError on bad values."""
    n = _notifier(notifier)
    current = n.store.tenant_policy(tenant_id) or DEFAULT_POLICY
    policy = SequencePolicy.model_validate({**current.model_dump(), **changes})
    n.store.save_tenant_policy(tenant_id, policy)
    return policy.model_dump(mode="json")


def address_status(email: str, *, notifier: Notifier | None = None) -> str | None:
    """Why an address gets no email ("bounced", "complained", "unsubscribed"), or None."""
    return _notifier(notifier).store.suppression(email)
