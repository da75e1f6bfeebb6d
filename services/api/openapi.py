"""The OpenAPI 3.1 document, built from the routes declared with `api_route` and the pydantic
models of their bodies. A test checks it against Chalice's routing table."""

from __future__ import annotations

import re
from typing import Any

from services.api.http import ROUTES, RouteDoc

API_PREFIX = "/api"


def _parameters(doc: RouteDoc) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", doc.path)
    ]
    params += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in doc.query
    ]
    return params


def _operation(doc: RouteDoc, schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": doc.summary,
        "tags": [doc.tag],
        "parameters": _parameters(doc),
        "responses": {
            str(doc.status): {"description": "success", "content": {doc.produces: {}}}
            if doc.status != 204
            else {"description": "done, no content"},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "404": {"$ref": "#/components/responses/NotFound"},
        },
    }
    if doc.auth == "staff":
        operation["security"] = [{"bearer": []}]
        operation["responses"]["401"] = {"$ref": "#/components/responses/Unauthorized"}
        operation["responses"]["403"] = {"$ref": "#/components/responses/Forbidden"}
    else:
        operation["security"] = []
    if doc.method in ("POST", "PUT", "PATCH"):
        operation["responses"]["409"] = {"$ref": "#/components/responses/Conflict"}
    if doc.body is not None:
        name = doc.body.__name__
        schema = doc.body.model_json_schema(ref_template="#/components/schemas/{model}")
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(def_name, definition)
        schemas.setdefault(name, schema)
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
    return operation


def openapi_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {
                "error": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
            "required": ["error"],
        }
    }
    paths: dict[str, dict[str, Any]] = {}
    for doc in ROUTES:
        paths.setdefault(API_PREFIX + doc.path, {})[doc.method.lower()] = _operation(doc, schemas)

    def error(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "COI compliance API",
            "version": "1",
            "description": "Lists return {items, next_cursor}; pass next_cursor back as `cursor` for the "
            "next page. Every id is scoped to the caller's tenant: another tenant's id is 404.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": schemas,
            "responses": {
                "BadRequest": error("invalid input; `fields` maps each field to its problem"),
                "Unauthorized": error("missing or invalid token"),
                "Forbidden": error("the caller's role does not allow this"),
                "NotFound": error("missing, or belongs to another tenant"),
                "Conflict": error("conflicts with the stored state"),
            },
        },
    }
