"""The API's one way to declare a route: authentication, body parsing, error mapping, OpenAPI.

`api_route` wraps a view so that domain errors are mapped to HTTP once, here (Chalice turns any
other exception into a 500 before middleware sees it), and records the route for the OpenAPI
document, which a test compares with Chalice's routing table.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from chalice import Blueprint, Response
from pydantic import BaseModel, ValidationError

from services.api.auth import AuthError, authenticate
from services.api.bootstrap import ApiServices, get_services
from services.api.limits import MAX_JSON_BODY, check_body_size, parse_json_body
from services.api.ports import UploadRejected
from shared.workspace import (
    DEFAULT_PAGE,
    MAX_PAGE,
    Actor,
    Conflict,
    Context,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    Page,
    TooLarge,
)

logger = logging.getLogger("coi.api")

AuthKind = Literal["staff", "public"]


@dataclass(frozen=True)
class RouteDoc:
    path: str
    method: str
    summary: str
    tag: str
    auth: AuthKind
    body: type[BaseModel] | None = None
    query: tuple[str, ...] = ()
    status: int = 200
    produces: str = "application/json"


# Every route declared through `api_route`, by blueprint-relative path; the app adds the prefix.
ROUTES: list[RouteDoc] = []


@dataclass
class ApiRequest:
    """What a view gets: the parsed pieces of the request, the caller and the services."""

    services: ApiServices
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None
    actor: Actor | None = None
    _ctx: Context | None = field(default=None, repr=False)

    @property
    def ctx(self) -> Context:
        """The workflow context on the caller's tenant (a Reviewer may pick a granted one)."""
        if self._ctx is None:
            assert self.actor is not None
            tenant = self.headers.get("x-tenant-id") or self.query.get("tenant_id")
            self._ctx = self.services.context(
                self.actor, tenant_id=tenant, correlation_id=self.headers.get("x-correlation-id")
            )
        return self._ctx

    def page_args(self) -> dict[str, Any]:
        raw = self.query.get("limit")
        limit = DEFAULT_PAGE
        if raw is not None:
            if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
                raise InvalidInput("invalid limit", {"limit": f"an integer from 1 to {MAX_PAGE}"})
            limit = int(raw)
        return {"cursor": self.query.get("cursor") or None, "limit": limit}


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_MESSAGE = 300


def one_line(text: str) -> str:
    """A message that may quote the caller's input (an id, a value), kept to one short line."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "\u2026"


def error(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"error": one_line(message)}
    if fields:
        body["fields"] = {one_line(name): one_line(problem) for name, problem in list(fields.items())[:50]}
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})


def _validation_fields(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in exc.errors():
        location = ".".join(str(part) for part in problem["loc"]) or "body"
        fields[location] = problem["msg"]
    return fields


def _parse_body(raw: str | bytes | None, model: type[BaseModel], max_body: int) -> BaseModel:
    data = parse_json_body(raw, max_body) if raw else {}
    if not isinstance(data, dict):
        raise InvalidInput("the body must be a JSON object", {"body": "expected an object"})
    return model.model_validate(data)


def to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, Page):
        result = result.to_json()
    elif isinstance(result, BaseModel):
        result = result.model_dump(mode="json", by_alias=True)
    if result is None and status == 204:
        return Response(body="", status_code=204)
    return Response(body=result, status_code=status, headers={"Content-Type": "application/json"})


# The failures answered with their status and message alone; the 400s and 413 (TooLarge is a
# kind of InvalidInput) are answered in `_problem` before these.
_STATUS_OF: tuple[tuple[type[Exception], int], ...] = (
    (AuthError, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Gone, 410),
)
_ANSWERED: tuple[type[Exception], ...] = (
    ValidationError,
    TooLarge,
    InvalidInput,
    UploadRejected,
    *(kind for kind, _ in _STATUS_OF),
)


def _problem(exc: Exception, body: type[BaseModel] | None) -> Response:
    """The one-line 4xx answer for a failure a route raised (never a traceback)."""
    if isinstance(exc, ValidationError):
        # A body model may say what went wrong in plain words (requirement groups do).
        plain = getattr(body, "plain_errors", None)
        if plain is not None and body is not None and exc.title == body.__name__:
            message, fields = plain(exc)
            return error(400, message, fields)
        return error(400, "invalid input", _validation_fields(exc))
    if isinstance(exc, TooLarge):
        return error(413, str(exc))
    if isinstance(exc, InvalidInput):
        return error(400, str(exc), exc.fields)
    if isinstance(exc, UploadRejected):
        return error(400, str(exc), {exc.field: str(exc)})
    status = next(status for kind, status in _STATUS_OF if isinstance(exc, kind))
    return error(status, str(exc))


def api_route(  # noqa: PLR0913  the route's declaration: every option keyword-only with a default
    bp: Blueprint,
    path: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    auth: AuthKind = "staff",
    body: type[BaseModel] | None = None,
    query: tuple[str, ...] = (),
    status: int = 200,
    produces: str = "application/json",
    max_body: int = MAX_JSON_BODY,
) -> Callable[[Callable[[ApiRequest], Any]], Callable[[ApiRequest], Any]]:
    def decorate(view: Callable[[ApiRequest], Any]) -> Callable[[ApiRequest], Any]:
        @functools.wraps(view)
        def handler(**params: str) -> Response:
            request = bp.current_request
            try:
                # Before authentication and before any token lookup: anonymous callers too.
                check_body_size(request.raw_body, max_body)
                services = get_services()
                api_request = ApiRequest(
                    services=services,
                    params=params,
                    query=dict(request.query_params or {}),
                    headers={k.lower(): v for k, v in (request.headers or {}).items()},
                )
                if auth == "staff":
                    api_request.actor = authenticate(services, api_request.headers, request.context)
                if body is not None:
                    api_request.body = _parse_body(request.raw_body, body, max_body)
                return to_response(view(api_request), status)
            except _ANSWERED as exc:
                return _problem(exc, body)

        bp.route(path, methods=[method])(handler)
        ROUTES.append(RouteDoc(path, method, summary, tag, auth, body, query, status, produces))
        return view

    return decorate


PAGE_QUERY = ("limit", "cursor")


_PATH_ID = re.compile(r"\{(\w+)\}")


def page_route(bp: Blueprint, path: str, lister: Callable[..., Any], *, summary: str, tag: str) -> None:
    """A GET answering one page of `lister(ctx, *path_ids, cursor=, limit=)`.

    For the many lists that take nothing but the path's ids (in path order) and the page.
    """
    id_names = _PATH_ID.findall(path)

    def view(req: ApiRequest) -> Any:
        return lister(req.ctx, *(req.params[name] for name in id_names), **req.page_args())

    view.__name__ = view.__qualname__ = lister.__name__
    api_route(bp, path, summary=summary, tag=tag, query=PAGE_QUERY)(view)


def call_route(  # noqa: PLR0913  the route's declaration, as `api_route` takes it
    bp: Blueprint,
    path: str,
    method: str,
    action: Callable[..., Any],
    *,
    summary: str,
    tag: str,
    body: type[BaseModel] | None = None,
    status: int = 200,
) -> None:
    """A route answering `action(ctx, *path_ids)`, or `action(ctx, *path_ids, body)` with a body.

    For the many reads, creates, changes and removals that take nothing else. The answer is what
    `action` returns, and nothing for a 204 (a removal's own return value is not the client's).
    """
    id_names = _PATH_ID.findall(path)

    def view(req: ApiRequest) -> Any:
        args = [req.params[name] for name in id_names]
        if body is not None:
            args.append(req.body)
        result = action(req.ctx, *args)
        return None if status == 204 else result

    view.__name__ = view.__qualname__ = action.__name__
    api_route(bp, path, method, summary=summary, tag=tag, body=body, status=status)(view)
