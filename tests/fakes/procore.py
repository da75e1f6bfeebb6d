"""A contract-faithful fake of the Procore endpoints the project calls.

Procore publishes no mock server, so this fake implements, from the documentation
(procore/documentation and the OpenAPI spec), what the services depend on:

- `POST /oauth/token` on the auth host: authorization_code, refresh_token (rotating: the old
  refresh token dies at once) and client_credentials grants; access tokens expire.
- Bearer auth and the `Procore-Company-Id` header on every API call ("Missing
  Procore-Company-Id header!" otherwise).
- Rate limit headers on every answer; 429 with `X-Rate-Limit-Reset` once the window is spent;
  scripted failures (429/503/500) for retry tests.
- `page`/`per_page` pagination with `Link` (first/prev/next/last, no next on the last page),
  `Total`, `Per-Page`; `filters[updated_at]=a...b` ranges.
- Projects, company vendors, work order and purchase order contracts (list and show).
- Insurance sync at project and company level: always 200 with `entities` and `errors`;
  matched by `id` or `origin_id`, unknown `origin_id` creates, unknown `id` is an error; the
  request's `name` comes back as `insurance_provider`.
- Commitment compliance GET/PATCH (Procore Pay's `insurance_status`).

Use `FakeProcore().transport()` as an `httpx.MockTransport`, or `serving(fake)` to put it behind a
real HTTP server on 127.0.0.1 (for code that builds its own client from settings). Every request
is kept in `requests`.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import httpx

AUTH_HOST = "login.procore.com"
API_HOST = "api.procore.com"

# procore/documentation webhooks/payload_formats.md: a hook's payload format (`api_version`).
PAYLOAD_VERSIONS = frozenset({"v2", "v2.0", "v3.0", "v4.0"})
INSURANCE_STATUSES = {
    "compliant",
    "compliant_in_progress",
    "expired",
    "non_compliant",
    "non_compliant_in_progress",
    "undecided",
    "unregistered",
}
_ERP_LOCKED_FIELDS = {"insurance_type", "effective_date", "expiration_date", "limit", "name", "policy_number"}
COMMITMENT_INSURANCE_STATUSES = {"compliant", "not_compliant", "not_required"}
_INSURANCE_FIELDS = {
    "insurance_type",
    "policy_number",
    "effective_date",
    "expiration_date",
    "limit",
    "name",
    "status",
    "exempt",
    "info_received",
    "enable_expired_insurance_notifications",
    "notes",
    "additional_insured",
    "origin_id",
    "origin_data",
}


@dataclass
class IssuedToken:
    company_ids: set[int] | None  # None: any company (a user token); DMSA tokens are scoped too
    expires_at: datetime


@dataclass
class ScriptedFailure:
    status: int
    headers: dict[str, str]
    path_contains: str = ""


@dataclass
class FakeProcore:
    client_id: str = "fake-client-id"
    client_secret: str = "fake-client-secret"
    company_id: int = 1001
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    rate_limit: int = 3600
    rate_window_seconds: int = 3600
    token_lifetime_seconds: int = 5400

    def __post_init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.access_tokens: dict[str, IssuedToken] = {}
        self.refresh_tokens: dict[str, bool] = {}  # token -> still valid
        self.authorization_codes: set[str] = set()
        # Who approves on the consent page, and the companies that user (or the DMSA) may see.
        self.me: dict[str, Any] = {"id": 77, "login": "pat.morgan@summit.example", "name": "Pat Morgan"}
        self.companies: list[dict[str, Any]] = [
            {"id": self.company_id, "name": "Summit Builders Inc", "is_active": True}
        ]
        # Webhook resources and the event types each supports (`except` lists what it lacks), as
        # `GET /rest/v1.0/webhooks/resources` reports them (procore/documentation
        # webhooks/webhooks_api.md; a sandbox listing shows Projects and Company Vendors without
        # delete).
        self.webhook_resources: list[dict[str, Any]] = [
            {"name": "Projects", "except": ["delete"]},
            {"name": "Company Vendors", "except": ["delete"]},
            {"name": "Company Users", "except": ["delete"]},
            {"name": "Work Order Contracts", "except": []},
            {"name": "Purchase Order Contracts", "except": []},
        ]
        self.projects: dict[int, dict[str, Any]] = {}
        self.vendors: dict[int, dict[str, Any]] = {}
        self.commitments: dict[str, dict[int, dict[str, Any]]] = {
            "work_order_contracts": {},
            "purchase_order_contracts": {},
        }
        # (scope, scope_id, vendor_id) -> {insurance id -> record}
        self.insurances: dict[tuple[str, int, int], dict[int, dict[str, Any]]] = {}
        self.compliance: dict[tuple[str, int], dict[str, Any]] = {}
        self.idempotency_tokens: list[str] = []
        self.hooks: dict[int, dict[str, Any]] = {}
        self.project_users: dict[int, list[dict[str, Any]]] = {}
        self.triggers: dict[int, list[dict[str, Any]]] = {}
        self.failures: list[ScriptedFailure] = []
        # Vendors whose insurance details an ERP integration owns (Procore locks those fields).
        self.erp_locked_vendor_ids: set[int] = set()
        self._ids = itertools.count(50_000)
        self._window_start = self.now()
        self._window_used = 0

    # ---- seeding -----------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def issue_authorization_code(self) -> str:
        code = secrets.token_hex(8)
        self.authorization_codes.add(code)
        return code

    def issue_refresh_token(self) -> str:
        token = secrets.token_hex(16)
        self.refresh_tokens[token] = True
        return token

    def add_project(self, project_id: int, name: str, **extra: Any) -> dict[str, Any]:
        record = {
            "id": project_id,
            "name": name,
            "display_name": f"{extra.get('project_number', '')} - {name}".strip(" -"),
            "project_number": extra.pop("project_number", None),
            "active": extra.pop("active", True),
            "stage": extra.pop("stage", "Course of Construction"),
            "address": extra.pop("address", None),
            "city": extra.pop("city", None),
            "state_code": extra.pop("state_code", None),
            "zip": extra.pop("zip", None),
            "company": {"id": self.company_id, "name": "Summit Builders Inc"},
            "origin_id": extra.pop("origin_id", None),
            "updated_at": extra.pop("updated_at", self._stamp()),
            **extra,
        }
        self.projects[project_id] = record
        return record

    def add_vendor(self, vendor_id: int, name: str, **extra: Any) -> dict[str, Any]:
        record = {
            "id": vendor_id,
            "name": name,
            "legal_name": extra.pop("legal_name", name),
            "email_address": extra.pop("email_address", None),
            "business_phone": extra.pop("business_phone", None),
            "address": extra.pop("address", None),
            "city": extra.pop("city", None),
            "state_code": extra.pop("state_code", None),
            "zip": extra.pop("zip", None),
            "is_active": extra.pop("is_active", True),
            "origin_id": extra.pop("origin_id", None),
            "trades": extra.pop("trades", []),
            "project_ids": extra.pop("project_ids", []),
            "primary_contact": extra.pop("primary_contact", None),
            "updated_at": extra.pop("updated_at", self._stamp()),
            **extra,
        }
        self.vendors[vendor_id] = record
        return record

    def add_project_user(
        self, project_id: int, user_id: int, *, vendor_id: int, name: str, email: str, **extra: Any
    ) -> dict[str, Any]:
        first, _, last = name.partition(" ")
        record = {
            "id": user_id,
            "name": name,
            "first_name": first,
            "last_name": last or None,
            "email_address": email,
            "business_phone": extra.pop("business_phone", None),
            "mobile_phone": extra.pop("mobile_phone", None),
            "is_insurance_manager": extra.pop("is_insurance_manager", False),
            "vendor": {"id": vendor_id, "name": self.vendors.get(vendor_id, {}).get("name")},
            **extra,
        }
        self.project_users.setdefault(project_id, []).append(record)
        return record

    def add_commitment(
        self, kind: str, commitment_id: int, *, project_id: int, vendor_id: int, **extra: Any
    ) -> dict[str, Any]:
        record = {
            "id": commitment_id,
            "number": extra.pop("number", f"SC-{commitment_id}"),
            "title": extra.pop("title", f"Commitment {commitment_id}"),
            "status": extra.pop("status", "Approved"),
            "executed": extra.pop("executed", True),
            "contract_date": extra.pop("contract_date", None),
            "origin_id": extra.pop("origin_id", None),
            "vendor": {"id": vendor_id, "company": self.vendors.get(vendor_id, {}).get("name")},
            "project": {"id": project_id, "name": self.projects.get(project_id, {}).get("name")},
            "grand_total": extra.pop("grand_total", "0.0"),
            "deleted_at": extra.pop("deleted_at", None),
            "updated_at": extra.pop("updated_at", self._stamp()),
            "invoice_contacts": extra.pop("invoice_contacts", []),
            **extra,
        }
        self.commitments[kind][commitment_id] = record
        return record

    def fail_next(self, status: int, *, path_contains: str = "", **headers: str) -> None:
        """Answer the next matching API call with `status` (and headers, `_` read as `-`)."""
        self.failures.append(
            ScriptedFailure(status, {k.replace("_", "-"): v for k, v in headers.items()}, path_contains)
        )

    def webhook_payload(
        self,
        resource_name: str,
        resource_id: int,
        *,
        event_type: str = "update",
        project_id: int | None = None,
        api_version: str = "v2.0",
        source_application_id: str | None = None,
        ulid: str | None = None,
        delivery_id: int | None = None,
    ) -> dict[str, Any]:
        if api_version.startswith("v4"):
            # v4.0 (procore/documentation webhooks/payload_formats.md): the ULID is the `id`, every
            # id a string, `reason` instead of `event_type`, `resource_type`, no `metadata`.
            v4: dict[str, Any] = {
                "id": ulid or _ulid(),
                "timestamp": self._stamp(),
                "reason": event_type,
                "company_id": str(self.company_id),
                "project_id": str(project_id) if project_id is not None else None,
                "user_id": "77",
                "resource_type": resource_name,
                "resource_id": str(resource_id),
            }
            return v4
        # v2.0 (same page; webhooks/webhooks.md "Event Object Definition").
        return {
            "id": delivery_id if delivery_id is not None else next(self._ids),
            "ulid": ulid or _ulid(),
            "timestamp": self._stamp(),
            "metadata": {
                "source_user_id": 77,
                "source_project_id": project_id,
                "source_operation_id": None,
                "source_company_id": self.company_id,
                "source_application_id": source_application_id,
            },
            "user_id": 77,
            "company_id": self.company_id,
            "project_id": project_id,
            "api_version": api_version,
            "event_type": event_type,
            "resource_name": resource_name,
            "resource_id": resource_id,
        }

    def delivery_for_hook(
        self, hook_id: int, resource_name: str, resource_id: int, **kwargs: Any
    ) -> dict[str, Any]:
        """What Procore would POST for this hook: in the payload version the hook was created with."""
        version = str(self.hooks[hook_id].get("api_version", "v2"))
        return self.webhook_payload(
            resource_name, resource_id, api_version="v2.0" if version == "v2" else version, **kwargs
        )

    def insurances_for(self, vendor_id: int, *, project_id: int | None = None) -> list[dict[str, Any]]:
        key = (
            ("project", project_id, vendor_id)
            if project_id is not None
            else ("company", self.company_id, vendor_id)
        )
        return list(self.insurances.get(key, {}).values())

    def writes(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method in ("POST", "PATCH") and r.url.host == API_HOST]

    # ---- dispatch ----------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.host == AUTH_HOST:
            if request.url.path == "/oauth/token" and request.method == "POST":
                return self._token(request)
            if request.url.path == "/oauth/revoke" and request.method == "POST":
                return self._revoke(request)
            if request.url.path == "/oauth/authorize":
                return self._authorize(request)
            return _json(404, {"error": "not_found"})
        if request.url.host != API_HOST:
            return _json(404, {"errors": "unknown host"})
        return self._api(request)

    def _api(self, request: httpx.Request) -> httpx.Response:
        headers = self._rate_headers()
        auth = request.headers.get("Authorization", "")
        issued = (
            self.access_tokens.get(auth.removeprefix("Bearer ").strip())
            if auth.startswith("Bearer ")
            else None
        )
        if issued is None or issued.expires_at <= self.now():
            return _json(401, {"error": "invalid_token"}, headers)
        company_header = request.headers.get("Procore-Company-Id")
        if request.url.path in _COMPANYLESS_PATHS:
            company_header = company_header or str(self.company_id)
        if not company_header:
            return _json(400, {"errors": "Missing Procore-Company-Id header!"}, headers)
        if int(company_header) != self.company_id:
            return _json(403, {"errors": "Forbidden"}, headers)
        for index, failure in enumerate(self.failures):
            if failure.path_contains in request.url.path:
                del self.failures[index]
                return _json(failure.status, {"errors": "scripted failure"}, {**headers, **failure.headers})
        if self._window_used >= self.rate_limit:
            reset = int((self._window_start + timedelta(seconds=self.rate_window_seconds)).timestamp())
            return _json(
                429, {"errors": "Rate limit exceeded"}, {**headers, "X-Rate-Limit-Reset": str(reset)}
            )
        self._window_used += 1
        headers = self._rate_headers()
        if request.method in ("POST", "PATCH"):
            token = request.headers.get("Idempotency-Token")
            if token:
                self.idempotency_tokens.append(token)
        for pattern, method, action in self._routes():
            match = re.fullmatch(pattern, request.url.path)
            if match and request.method == method:
                status, body, extra = action(request, **match.groupdict())
                return _json(status, body, {**headers, **extra})
        return _json(404, {"errors": f"No route {request.method} {request.url.path}"}, headers)

    def _routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any, dict[str, str]]]]]:
        commitment = r"(?P<kind>work_order_contracts|purchase_order_contracts)"
        return [
            (r"/rest/v1.0/webhooks/hooks", "POST", self._create_hook),
            (r"/rest/v1.0/webhooks/hooks", "GET", self._list_hooks),
            (r"/rest/v1.0/webhooks/hooks/(?P<hook_id>\d+)", "PATCH", self._update_hook),
            (r"/rest/v1.0/webhooks/hooks/(?P<hook_id>\d+)", "DELETE", self._delete_hook),
            (r"/rest/v1.0/webhooks/hooks/(?P<hook_id>\d+)/triggers", "POST", self._create_trigger),
            (r"/rest/v1.0/webhooks/hooks/(?P<hook_id>\d+)/triggers", "GET", self._list_triggers),
            (r"/rest/v1.0/me", "GET", self._show_me),
            (r"/rest/v1.0/companies", "GET", self._list_companies),
            (r"/rest/v1.0/webhooks/resources", "GET", self._list_webhook_resources),
            (r"/rest/v1.0/projects", "GET", self._list_projects),
            (r"/rest/v1.0/projects/(?P<project_id>\d+)", "GET", self._show_project),
            (r"/rest/v1.0/projects/(?P<project_id>\d+)/users", "GET", self._list_project_users),
            (r"/rest/v1.0/projects/(?P<project_id>\d+)/vendors", "GET", self._list_project_vendors),
            (r"/rest/v1.0/vendors", "GET", self._list_vendors),
            (r"/rest/v1.0/vendors/(?P<vendor_id>\d+)", "GET", self._show_vendor),
            (rf"/rest/v1.0/{commitment}", "GET", self._list_commitments),
            (rf"/rest/v1.0/{commitment}/(?P<commitment_id>\d+)", "GET", self._show_commitment),
            (
                r"/rest/v1.0/projects/(?P<scope_id>\d+)/vendors/(?P<vendor_id>\d+)/insurances/sync",
                "PATCH",
                self._sync_project_insurances,
            ),
            (
                r"/rest/v1.0/companies/(?P<scope_id>\d+)/vendors/(?P<vendor_id>\d+)/insurances/sync",
                "PATCH",
                self._sync_company_insurances,
            ),
            (
                r"/rest/v1.0/projects/(?P<scope_id>\d+)/vendors/(?P<vendor_id>\d+)/insurances",
                "GET",
                self._list_project_insurances,
            ),
            (
                rf"/rest/v1.0/projects/(?P<project_id>\d+)/{commitment}/(?P<commitment_id>\d+)/compliance",
                "GET",
                self._show_compliance,
            ),
            (
                rf"/rest/v1.0/projects/(?P<project_id>\d+)/{commitment}/(?P<commitment_id>\d+)/compliance",
                "PATCH",
                self._patch_compliance,
            ),
        ]

    # ---- webhooks ----------------------------------------------------------------------------

    def _create_hook(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        body = json.loads(request.content or b"{}")
        hook = body.get("hook") or {}
        if body.get("company_id") != self.company_id:
            return 400, {"errors": "company_id is required"}, {}
        url = str(hook.get("destination_url", ""))
        # Procore wants https; the local stack's API is plain http on 127.0.0.1 (never elsewhere).
        if not url.startswith(("https://", "http://127.0.0.1:")) or not hook.get("namespace"):
            return 422, {"errors": {"destination_url": ["must be https"], "namespace": ["required"]}}, {}
        # webhooks/payload_formats.md: the payload version a hook delivers (`v2` is v2.0's old name).
        if hook.get("api_version", "v2") not in PAYLOAD_VERSIONS:
            return 422, {"errors": {"api_version": ["is not included in the list"]}}, {}
        hook_id = next(self._ids)
        self.hooks[hook_id] = {
            "id": hook_id,
            "owned_by_company_id": self.company_id,
            "owned_by_project_id": body.get("project_id"),
            "api_version": hook.get("api_version", "v2"),
            "namespace": hook["namespace"],
            "destination_url": url,
            "destination_headers": dict(hook.get("destination_headers") or {}),
        }
        self.triggers[hook_id] = []
        return 201, self.hooks[hook_id], {}

    def _list_hooks(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        namespace = request.url.params.get("namespace")
        hooks = [h for h in self.hooks.values() if namespace is None or h["namespace"] == namespace]
        return self._page(request, hooks)

    def _update_hook(self, request: httpx.Request, hook_id: str) -> tuple[int, Any, dict[str, str]]:
        hook = self.hooks.get(int(hook_id))
        if hook is None:
            return 404, {"errors": "Hook not found"}, {}
        changes = json.loads(request.content or b"{}").get("hook") or {}
        if "api_version" in changes and changes["api_version"] not in PAYLOAD_VERSIONS:
            return 422, {"errors": {"api_version": ["is not included in the list"]}}, {}
        for name in ("destination_url", "destination_headers", "api_version"):
            if name in changes:
                hook[name] = changes[name]
        return 200, hook, {}

    def _delete_hook(self, request: httpx.Request, hook_id: str) -> tuple[int, Any, dict[str, str]]:
        if self.hooks.pop(int(hook_id), None) is None:
            return 404, {"errors": "Hook not found"}, {}
        self.triggers.pop(int(hook_id), None)
        return 204, None, {}

    def _create_trigger(self, request: httpx.Request, hook_id: str) -> tuple[int, Any, dict[str, str]]:
        if int(hook_id) not in self.hooks:
            return 404, {"errors": "Hook not found"}, {}
        trigger = json.loads(request.content or b"{}").get("trigger") or {}
        if trigger.get("event_type") not in ("create", "update", "delete") or not trigger.get(
            "resource_name"
        ):
            return 422, {"errors": "resource_name and event_type are required"}, {}
        supported = self._supported_events(str(trigger["resource_name"]))
        if trigger["event_type"] not in supported:
            return (
                422,
                {"errors": f"{trigger['event_type']} is not supported for {trigger['resource_name']}"},
                {},
            )
        record = {"id": next(self._ids), **trigger}
        self.triggers[int(hook_id)].append(record)
        return 201, record, {}

    def _list_triggers(self, request: httpx.Request, hook_id: str) -> tuple[int, Any, dict[str, str]]:
        if int(hook_id) not in self.hooks:
            return 404, {"errors": "Hook not found"}, {}
        return self._page(request, self.triggers[int(hook_id)])

    # ---- oauth -------------------------------------------------------------------------------

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = dict(httpx.QueryParams(request.content.decode()))
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return _json(401, {"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            if form.get("code") not in self.authorization_codes:
                return _json(400, {"error": "invalid_grant"})
            self.authorization_codes.discard(form["code"])
            return self._issue(with_refresh=True)
        if grant == "refresh_token":
            if not self.refresh_tokens.get(form.get("refresh_token", "")):
                return _json(400, {"error": "invalid_grant"})
            self.refresh_tokens[form["refresh_token"]] = False  # rotation: the old one dies at once
            return self._issue(with_refresh=True)
        if grant == "client_credentials":
            return self._issue(with_refresh=False)
        return _json(400, {"error": "unsupported_grant_type"})

    def _authorize(self, request: httpx.Request) -> httpx.Response:
        """Procore's consent page (procore/documentation oauth/oauth_auth_grant_flow.md): GET shows
        the app asking for access; POSTing the form approves (or denies) and redirects the browser
        to `redirect_uri` with `code` (or `error=access_denied`) and the caller's `state`."""
        if request.method == "GET":
            params = dict(request.url.params)
            if params.get("response_type") != "code" or params.get("client_id") != self.client_id:
                return httpx.Response(400, text="invalid_request: unknown client or response_type")
            if not str(params.get("redirect_uri", "")).startswith(("https://", "http://127.0.0.1")):
                return httpx.Response(400, text="invalid_request: redirect_uri")
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in params.items()
            )
            page = (
                "<!doctype html><title>Procore - Authorize</title><h1>Authorize application</h1>"
                "<p>COI Compliance would like to access your Procore account"
                f" ({html.escape(self.me['name'])}).</p>"
                f'<form method="post" action="/oauth/authorize">{hidden}'
                '<button name="decision" value="approve">Allow</button> '
                '<button name="decision" value="deny">Deny</button></form>'
            )
            return httpx.Response(200, text=page, headers={"Content-Type": "text/html; charset=utf-8"})
        form = dict(httpx.QueryParams(request.content.decode()))
        redirect = form.get("redirect_uri", "")
        if form.get("client_id") != self.client_id or not redirect:
            return httpx.Response(400, text="invalid_request")
        if form.get("decision") == "approve":
            answer = {"code": self.issue_authorization_code(), "state": form.get("state", "")}
        else:
            answer = {"error": "access_denied", "state": form.get("state", "")}
        separator = "&" if "?" in redirect else "?"
        return httpx.Response(302, headers={"Location": f"{redirect}{separator}{urlencode(answer)}"})

    def _revoke(self, request: httpx.Request) -> httpx.Response:
        form = dict(httpx.QueryParams(request.content.decode()))
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return _json(401, {"error": "invalid_client"})
        token = form.get("token", "")
        if token in self.refresh_tokens:
            self.refresh_tokens[token] = False
        self.access_tokens.pop(token, None)
        return _json(200, {})  # RFC 7009: 200 whether or not the token was known

    def _issue(self, *, with_refresh: bool) -> httpx.Response:
        access = secrets.token_hex(16)
        now = self.now()
        self.access_tokens[access] = IssuedToken(None, now + timedelta(seconds=self.token_lifetime_seconds))
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.token_lifetime_seconds,
            "created_at": int(now.timestamp()),
        }
        if with_refresh:
            body["refresh_token"] = self.issue_refresh_token()
        return _json(200, body)

    def expire_access_tokens(self) -> None:
        for issued in self.access_tokens.values():
            issued.expires_at = self.now() - timedelta(seconds=1)

    # ---- resources ---------------------------------------------------------------------------

    def _list_projects(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        if params.get("company_id") != str(self.company_id):
            return 400, {"errors": "company_id is required"}, {}
        # `filters[by_status]`: Active (the default: the plain list holds active projects only),
        # Inactive or All (reference: projects list endpoint, filters[by_status]).
        by_status = params.get("filters[by_status]", "Active")
        if by_status not in ("Active", "Inactive", "All"):
            return 400, {"errors": "filters[by_status] must be Active, Inactive or All"}, {}
        projects = [
            p for p in self.projects.values() if by_status == "All" or p["active"] == (by_status == "Active")
        ]
        return self._page(request, self._filtered(projects, params))

    def _show_me(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        return 200, self.me, {}

    def _list_companies(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        return self._page(request, self.companies)

    def _list_webhook_resources(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        if request.url.params.get("company_id") != str(self.company_id):
            return 400, {"errors": "company_id is required"}, {}
        return 200, self.webhook_resources, {}

    def _supported_events(self, resource_name: str) -> set[str]:
        for resource in self.webhook_resources:
            if resource["name"].lower() == resource_name.lower():
                return {"create", "update", "delete"} - set(resource["except"])
        return set()

    def _show_project(self, request: httpx.Request, project_id: str) -> tuple[int, Any, dict[str, str]]:
        project = self.projects.get(int(project_id))
        return (200, project, {}) if project else (404, {"errors": "Project not found"}, {})

    def _list_project_users(self, request: httpx.Request, project_id: str) -> tuple[int, Any, dict[str, str]]:
        if int(project_id) not in self.projects:
            return 404, {"errors": "Project not found"}, {}
        users = self.project_users.get(int(project_id), [])
        vendor_ids = request.url.params.get_list("filters[vendor_id][]")
        if vendor_ids:
            users = [u for u in users if str(u["vendor"]["id"]) in vendor_ids]
        return self._page(request, users)

    def _list_project_vendors(
        self, request: httpx.Request, project_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        """The project's directory companies (vendors whose `project_ids` include it)."""
        if int(project_id) not in self.projects:
            return 404, {"errors": "Project not found"}, {}
        vendors = [v for v in self.vendors.values() if int(project_id) in v["project_ids"]]
        return self._page(request, self._filtered(vendors, request.url.params))

    def _list_vendors(self, request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        if params.get("company_id") != str(self.company_id):
            return 400, {"errors": "company_id is required"}, {}
        return self._page(request, self._filtered(list(self.vendors.values()), params))

    def _show_vendor(self, request: httpx.Request, vendor_id: str) -> tuple[int, Any, dict[str, str]]:
        vendor = self.vendors.get(int(vendor_id))
        return (200, vendor, {}) if vendor else (404, {"errors": "Vendor not found"}, {})

    def _list_commitments(self, request: httpx.Request, kind: str) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        if not params.get("project_id"):
            return 400, {"errors": "project_id is required"}, {}
        project_id = int(params["project_id"])
        items = [c for c in self.commitments[kind].values() if c["project"]["id"] == project_id]
        items = self._filtered(items, params)
        status = params.get("filters[status]")
        if status:
            items = [c for c in items if c["status"] == status]
        listed = [{k: v for k, v in c.items() if k != "invoice_contacts"} for c in items]
        return self._page(request, listed)

    def _show_commitment(
        self, request: httpx.Request, kind: str, commitment_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        record = self.commitments[kind].get(int(commitment_id))
        if not record or str(record["project"]["id"]) != request.url.params.get("project_id"):
            return 404, {"errors": "Commitment not found"}, {}
        return 200, record, {}

    def _sync_project_insurances(
        self, request: httpx.Request, scope_id: str, vendor_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        if int(scope_id) not in self.projects:
            return 404, {"errors": "Project not found"}, {}
        return self._sync(("project", int(scope_id), int(vendor_id)), request)

    def _sync_company_insurances(
        self, request: httpx.Request, scope_id: str, vendor_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        if int(scope_id) != self.company_id:
            return 403, {"errors": "Forbidden"}, {}
        return self._sync(("company", int(scope_id), int(vendor_id)), request)

    def _list_project_insurances(
        self, request: httpx.Request, scope_id: str, vendor_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        records = list(self.insurances.get(("project", int(scope_id), int(vendor_id)), {}).values())
        return self._page(request, records)

    def _sync(self, key: tuple[str, int, int], request: httpx.Request) -> tuple[int, Any, dict[str, str]]:
        if key[2] not in self.vendors:
            return 404, {"errors": "Vendor not found"}, {}
        body = json.loads(request.content or b"{}")
        updates = body.get("updates")
        if not isinstance(updates, list):
            return 400, {"errors": "updates must be an array"}, {}
        if len(updates) > 1000:
            return 400, {"errors": "Too many updates (max 1000)"}, {}
        store = self.insurances.setdefault(key, {})
        entities: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for update in updates:
            unknown = set(update) - _INSURANCE_FIELDS - {"id"}
            if unknown:
                errors.append(
                    {**update, "errors": {field: ["is not a permitted field"] for field in unknown}}
                )
                continue
            if "status" in update and update["status"] not in INSURANCE_STATUSES:
                errors.append({**update, "errors": {"status": ["is not included in the list"]}})
                continue
            if "limit" in update and update["limit"] is not None and not isinstance(update["limit"], str):
                errors.append({**update, "errors": {"limit": ["must be a string"]}})
                continue
            locked = _ERP_LOCKED_FIELDS & set(update) if key[2] in self.erp_locked_vendor_ids else set()
            if locked:
                errors.append(
                    {**update, "errors": {f: ["is locked by the ERP integration"] for f in sorted(locked)}}
                )
                continue
            record = self._match_insurance(update, store)
            if record is None and "id" in update:
                errors.append({**update, "errors": {"id": ["not found"]}})
                continue
            if record is None:
                if not update.get("origin_id"):
                    errors.append({**update, "errors": {"origin_id": ["can't be blank"]}})
                    continue
                record = {"id": next(self._ids), "vendor_id": key[2]}
                store[record["id"]] = record
            for name, value in update.items():
                if name == "name":
                    record["insurance_provider"] = value
                elif name != "id":
                    record[name] = value
            record["updated_at"] = self._stamp()
            entities.append(dict(record))
        return 200, {"entities": entities, "errors": errors}, {}

    def _match_insurance(
        self, update: dict[str, Any], store: dict[int, dict[str, Any]]
    ) -> dict[str, Any] | None:
        if "id" in update:
            return store.get(update["id"])
        origin_id = update.get("origin_id")
        # origin_id is unique per company: look across every scope.
        for records in self.insurances.values():
            for record in records.values():
                if origin_id and record.get("origin_id") == origin_id:
                    return record
        return None

    def _compliance_record(self, kind: str, commitment_id: int) -> dict[str, Any]:
        return self.compliance.setdefault(
            (kind, commitment_id),
            {
                "compliance_status": "not_compliant",
                "insurance_status": "not_compliant",
                "compliance_notes": None,
                "insurance_notes": None,
                "derived_insurance_status": "not_compliant",
                "insurance_documents": [],
            },
        )

    def _show_compliance(
        self, request: httpx.Request, project_id: str, kind: str, commitment_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        record = self.commitments[kind].get(int(commitment_id))
        if not record or record["project"]["id"] != int(project_id):
            return 404, {"errors": "Commitment not found"}, {}
        return 200, self._compliance_record(kind, int(commitment_id)), {}

    def _patch_compliance(
        self, request: httpx.Request, project_id: str, kind: str, commitment_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        record = self.commitments[kind].get(int(commitment_id))
        if not record or record["project"]["id"] != int(project_id):
            return 404, {"errors": "Commitment not found"}, {}
        body = json.loads(request.content or b"{}")
        allowed = {"compliance_status", "insurance_status", "compliance_notes", "insurance_notes"}
        if set(body) - allowed:
            return 422, {"errors": f"unpermitted: {sorted(set(body) - allowed)}"}, {}
        for name in ("compliance_status", "insurance_status"):
            if name in body and body[name] not in COMMITMENT_INSURANCE_STATUSES:
                return 422, {"errors": f"{name} is not included in the list"}, {}
        compliance = self._compliance_record(kind, int(commitment_id))
        compliance.update(body)
        if "insurance_status" in body:
            compliance["derived_insurance_status"] = body["insurance_status"]
        return 200, compliance, {}

    # ---- helpers -----------------------------------------------------------------------------

    def _filtered(self, items: list[dict[str, Any]], params: httpx.QueryParams) -> list[dict[str, Any]]:
        window = params.get("filters[updated_at]")
        if window:
            start_text, _, end_text = window.partition("...")
            start, end = _parse_time(start_text), _parse_time(end_text)
            items = [i for i in items if start <= _parse_time(i["updated_at"]) <= end]
        ids = params.get_list("filters[id][]")
        if ids:
            items = [i for i in items if str(i["id"]) in ids]
        return sorted(items, key=lambda i: i["id"])

    def _page(self, request: httpx.Request, items: list[dict[str, Any]]) -> tuple[int, Any, dict[str, str]]:
        params = request.url.params
        page = max(1, int(params.get("page", 1)))
        per_page = max(1, min(int(params.get("per_page", 100)), 300))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        base = {k: v for k, v in params.multi_items() if k not in ("page", "per_page")}

        def link(number: int, rel: str) -> str:
            query = urlencode([*base.items(), ("page", number), ("per_page", per_page)])
            return f'<https://{API_HOST}{request.url.path}?{query}>; rel="{rel}"'

        links = [link(1, "first")]
        if page > 1:
            links.append(link(page - 1, "prev"))
        if page < last:
            links.append(link(page + 1, "next"))
        links.append(link(last, "last"))
        return 200, chunk, {"Link": ", ".join(links), "Total": str(len(items)), "Per-Page": str(per_page)}

    def _rate_headers(self) -> dict[str, str]:
        now = self.now()
        if now >= self._window_start + timedelta(seconds=self.rate_window_seconds):
            self._window_start, self._window_used = now, 0
        reset = self._window_start + timedelta(seconds=self.rate_window_seconds)
        return {
            "X-Rate-Limit-Limit": str(self.rate_limit),
            "X-Rate-Limit-Remaining": str(max(0, self.rate_limit - self._window_used)),
            "X-Rate-Limit-Reset": str(int(reset.timestamp())),
        }

    def _stamp(self) -> str:
        return self.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    if status == 204:
        return httpx.Response(204, headers=headers or {})
    return httpx.Response(status, json=body, headers=headers or {})


def connected_client_factory(
    fake: FakeProcore,
    *,
    clock: Any,
    tokens: Any | None = None,
    sleeper: Any | None = None,
    retry: Any | None = None,
) -> Callable[[Any], Any]:
    """A `client_for(connection)` wired to the fake: the services' real client over MockTransport."""
    from shared.procore.auth import ENVIRONMENTS, OAuthCredentials
    from shared.procore.wiring import client_factory
    from tests.fakes.procore_stores import InMemoryTokenStore, RecordingSleeper

    return client_factory(
        environment=ENVIRONMENTS["production"],
        credentials=OAuthCredentials(fake.client_id, fake.client_secret),
        tokens=tokens if tokens is not None else InMemoryTokenStore(),
        http=httpx.Client(transport=fake.transport()),
        clock=clock,
        sleeper=sleeper if sleeper is not None else RecordingSleeper(),
        retry=retry,
    )


@contextmanager
def serving(fake: FakeProcore, port: int = 0) -> Iterator[str]:
    """The fake behind an HTTP server on 127.0.0.1; yields its base URL (auth and API share it).
    `/web/...` answers a placeholder page for "View in Procore" links."""
    base = ""

    class Bridge(BaseHTTPRequestHandler):
        def _bridge(self) -> None:
            if self.path.startswith("/web/"):
                page = (
                    f"<!doctype html><title>Fake Procore</title><p>Procore page {html.escape(self.path[4:])}"
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page.encode())))
                self.end_headers()
                self.wfile.write(page.encode())
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            host = AUTH_HOST if self.path.startswith("/oauth/") else API_HOST
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            response = fake.handle(
                httpx.Request(self.command, f"https://{host}{self.path}", headers=headers, content=body)
            )
            payload = response.content
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                    continue
                self.send_header(
                    name, value.replace(f"https://{API_HOST}", base) if name.lower() == "link" else value
                )
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _bridge

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Bridge)
    base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


_COMPANYLESS_PATHS = {"/rest/v1.0/me", "/rest/v1.0/companies"}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid() -> str:
    """A 26-character Crockford base32 identifier, the shape of Procore's delivery ULIDs."""
    return "".join(secrets.choice(_CROCKFORD) for _ in range(26))
