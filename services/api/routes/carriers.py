"""The tenant's carrier table (AM Best ratings the GC keeps): list it, replace it from a CSV."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from services.api.http import ApiRequest, api_route, page_route
from shared import workspace
from shared.workspace import MAX_CSV_CHARS

bp = Blueprint(__name__)


class CarriersUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")
    csv: str = Field(
        max_length=MAX_CSV_CHARS,
        description="CSV with the header naic,name,am_best_rating,am_best_size",
    )


page_route(
    bp,
    "/carriers",
    workspace.list_carriers,
    summary="The tenant's carrier table (AM Best ratings used by the automatic review)",
    tag="accounts",
)


@api_route(
    bp,
    "/carriers",
    "PUT",
    summary="Replace the carrier table from a CSV naic,name,am_best_rating,am_best_size (Admin)",
    tag="accounts",
    body=CarriersUpload,
    # The CSV may hold 2,000,000 characters; JSON escaping (quotes, newlines) makes it longer.
    max_body=2 * MAX_CSV_CHARS,
)
def replace_carriers(req: ApiRequest) -> dict[str, Any]:
    count = workspace.replace_carrier_table(req.ctx, req.body.csv)
    return {"count": count}
