"""The OpenAPI document and a health check."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from services.api.http import ApiRequest, api_route

bp = Blueprint(__name__)


@api_route(bp, "/openapi.json", summary="This document", tag="meta", auth="public")
def openapi(req: ApiRequest) -> Any:
    from services.api.openapi import openapi_document

    return openapi_document()


@api_route(bp, "/health", summary="Liveness", tag="meta", auth="public")
def health(req: ApiRequest) -> Any:
    return {"ok": True}
