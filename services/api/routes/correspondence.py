"""What the correspondence has done and what it needs from a person: the action-needed list and
a contract's message history. Notify owns the records; the API reads them through the shared
correspondence read model."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from services.api.bootstrap import ApiServices
from services.api.http import PAGE_QUERY, ApiRequest, api_route
from shared.correspondence import action_rows, message_history, message_row, open_actions
from shared.workspace.access import Context, Permission
from shared.workspace.errors import NotFound
from shared.workspace.store import decode_cursor, encode_cursor

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


def action_needed_rows(
    services: ApiServices,
    ctx: Context,
    *,
    kind: str | None = None,
    project_id: str | None = None,
    contract_id: str | None = None,
) -> list[dict[str, Any]]:
    """The tenant's open action-needed items, oldest first, with vendor names (API and UI)."""
    ctx.require(Permission.READ)
    items = open_actions(
        services.correspondence, ctx.tenant_id, kind=kind, project_id=project_id, contract_id=contract_id
    )

    def vendor_name_of(contract_id: str) -> str | None:
        try:
            return ctx.repo.contract(contract_id).vendor_name
        except NotFound:  # removed since the item was raised; the item still stands
            return None

    return action_rows(items, vendor_name_of)


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
    rows = action_needed_rows(req.services, req.ctx, **wanted)
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
