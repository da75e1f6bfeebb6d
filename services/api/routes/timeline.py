"""A contract's coverage timeline: policies per requirement, gaps, the project's active and warranty
periods (shared/workspace/timeline.py)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from services.api.http import ApiRequest, api_route
from shared.workspace import contract_timeline

bp = Blueprint(__name__)


@api_route(
    bp,
    "/contracts/{contract_id}/timeline",
    summary="Every coverage's policies from the first certificate to today, the days without approved "
    "coverage while the project needed it (completed operations through the warranty period), and "
    "the project's active and warranty periods",
    tag="contracts",
)
def get_timeline(req: ApiRequest) -> Any:
    return contract_timeline(req.ctx, req.params["contract_id"]).as_json()
