"""The contract page's tabs: which ones there are and what each needs loaded.

Each tab is its own server-rendered URL (`/contracts/{id}?tab=messages`): it deep-links, works
without script under the strict CSP, and loads only its own data. The header (contact, actions,
request link, requirement group) is the same on every tab and stays in `contracts.contract`.
"""

from __future__ import annotations

from typing import Any

from services.api.logic.correspondence import action_needed_rows
from services.api.ui.web import UiRequest
from shared import workspace
from shared.workspace import InvalidInput, Permission, contract_timeline

# (query value, label) in the order they are shown; the first is the default.
TABS: tuple[tuple[str, str], ...] = (
    ("coverages", "Coverages"),
    ("certificates", "Certificates"),
    ("notes", "Notes"),
    ("messages", "Messages"),
    ("audit", "Audit"),
)
DELIVERY_PROBLEMS = ("contact_bounced", "contact_complained", "contact_unsubscribed")
# How a stored message state reads to a coordinator ("sending" is taken but not yet handed to SES).
STATE_LABELS = {
    "sending": "Queued",
    "sent": "Sent",
    "delivered": "Delivered",
    "bounced": "Bounced",
    "complained": "Complained",
    "skipped": "Held back",
}


def chosen_tab(req: UiRequest) -> str:
    tab = req.query.get("tab") or TABS[0][0]
    if tab not in dict(TABS):
        raise InvalidInput(f"no tab {tab!r} on a contract; choose one of {', '.join(dict(TABS))}")
    return tab


def message_history(req: UiRequest, contract_id: str) -> dict[str, Any]:
    """Every message notify sent (or held back) for the contract, newest first, and the delivery
    problems SES reported for its contact (bounces, complaints, unsubscribes)."""
    req.ctx.require(Permission.READ)
    messages = sorted(
        req.services.correspondence.list_messages(req.ctx.tenant_id, contract_id),
        key=lambda m: m.created_at,
        reverse=True,
    )
    problems = [
        row
        for row in action_needed_rows(req.services.correspondence, req.ctx, contract_id=contract_id)
        if row["kind"] in DELIVERY_PROBLEMS
    ]
    return {"messages": messages, "delivery_problems": problems, "state_labels": STATE_LABELS}


def tab_values(req: UiRequest, tab: str, detail: Any) -> dict[str, Any]:
    """What the chosen tab shows, loaded only for that tab."""
    contract_id = detail.contract.id
    if tab == "coverages":
        return {
            "requirements": detail.requirements,
            "specs": {c.requirement_key: c for c in detail.group.coverages},
            "timeline": contract_timeline(req.ctx, contract_id),
        }
    if tab == "notes":
        return {
            "notes": workspace.list_notes(req.ctx, contract_id, limit=50).items,
            "users": workspace.list_users(req.ctx, limit=200).items if req.may(Permission.READ) else [],
        }
    if tab == "messages":
        return message_history(req, contract_id)
    if tab == "audit":
        audit = workspace.audit_trail(req.ctx, entity_type="contract", entity_id=contract_id, limit=50)
        return {"audit": audit.items}
    return {}  # certificates: the documents come with the contract's detail
