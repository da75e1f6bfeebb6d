"""The Carriers page: the tenant's carrier table (AM Best ratings the automatic review uses);
Admins replace it by pasting or choosing a CSV file."""

from __future__ import annotations

from chalice import Blueprint, Response

from services.api.ui.web import UiRequest, page, redirect
from shared import workspace
from shared.contracts.carriers import CARRIERS_CSV_HEADER
from shared.workspace import InvalidInput, Permission

bp = Blueprint(__name__)


def _carriers_page(
    req: UiRequest, *, error: str | None = None, text: str = "", status: int = 200
) -> Response:
    req.ctx.require(Permission.ADMIN)
    listed = workspace.list_carriers(req.ctx, cursor=req.query.get("cursor") or None, limit=100)
    return req.render(
        "carriers.html",
        status,
        carriers=listed.items,
        next_cursor=listed.next_cursor,
        head=workspace.carrier_table_head(req.ctx.repo),
        header=",".join(CARRIERS_CSV_HEADER),
        error=error,
        text=text,
        flash=req.query.get("done"),
    )


@page(bp, "/carriers")
def carriers_page(req: UiRequest) -> Response:
    return _carriers_page(req)


@page(bp, "/carriers", ("POST",))
def replace_carriers(req: UiRequest) -> Response:
    text = req.form.get("csv", [""])[0]
    try:
        count = workspace.replace_carrier_table(req.ctx, text)
    except InvalidInput as exc:
        # Show the line at fault next to the text, so the Admin can fix it in place.
        return _carriers_page(req, error=str(exc), text=text, status=400)
    return redirect(f"/carriers?done={count}")
