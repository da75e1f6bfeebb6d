"""What the correspondence has done and what it needs from a person: the action-needed list and
a contract's message history. Notify owns the records; the API reads them through the shared
correspondence read model."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from services.api.http import PAGE_QUERY, ApiRequest, api_route
from services.api.logic.correspondence import action_needed_rows
from shared.correspondence import message_history, message_row
from shared.workspace import Permission, decode_cursor, encode_cursor

bp = Blueprint(__name__)


def _page(rows: list[dict[str, Any]], req: ApiRequest, list_key: str) -> dict[str, Any]:
    """Pages over a list already in memory (both lists are small and per tenant or contract);
    the cursor is bound to its list like every other cursor the API issues."""
    args = req.page_args()
    key = decode_cursor(args["cursor"], pk_name="list", pk_value=list_key)
    start = int(key["offset"]) if key and key.get("offset", "").isdigit() else 0
    end = start + args["limit"]
    next_cursor = encode_cursor({"list": list_key, "offset": str(end)}) if end < len(rows) else None
    return {"items": rows[start:end], "next_cursor": next_cursor}


@api_route(
    bp,
    "/action-needed",
    summary="Contracts that need a person: non-responsive vendors, repeated non-compliance, "
    "bounced addresses, pending override requests",
    tag="correspondence",
    query=("kind", "project_id", "contract_id", *PAGE_QUERY),
)
def action_needed(req: ApiRequest) -> Any:
    wanted = {name: req.query.get(name) for name in ("kind", "project_id", "contract_id")}
    rows = action_needed_rows(req.services.correspondence, req.ctx, **wanted)
    return _page(rows, req, f"action-needed:{req.ctx.tenant_id}")


@api_route(
    bp,
    "/contracts/{contract_id}/messages",
    summary="Every message sent (or skipped) for a contract, newest last",
    tag="correspondence",
    query=PAGE_QUERY,
)
def contract_messages(req: ApiRequest) -> Any:
    req.ctx.require(Permission.READ)
    contract = req.ctx.repo.contract(req.params["contract_id"])  # 404 for another tenant's id
    history = message_history(req.services.correspondence, req.ctx.tenant_id, contract.id)
    rows = [message_row(message) for message in history]
    return _page(rows, req, f"messages:{contract.id}")
