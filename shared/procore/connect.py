"""Connecting a tenant to its Procore company: first token (authorization-code installs), the
webhook hook with a fresh `Authorization` secret and its triggers, then the stored connection.

Running it again rotates the webhook secret: the existing hook (same namespace and destination)
is updated rather than duplicated, and only missing triggers are added.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from shared.procore.auth import AuthMode, TokenProvider
from shared.procore.client import ProcoreClient
from shared.procore.records import InsuranceScope, ProcoreConnection

logger = logging.getLogger(__name__)

DEFAULT_NAMESPACE = "coi-compliance"
# `Company Vendors` rather than `Project Vendors`: Procore ends project vendor update events on 2026-06-30.
WEBHOOK_RESOURCES = ("Projects", "Company Vendors", "Work Order Contracts", "Purchase Order Contracts")
EVENT_TYPES = ("create", "update", "delete")
# procore/documentation webhooks/webhooks_api.md: triggers are per resource and event type; which
# event types a resource supports differs (Projects and Company Vendors have no delete) and is
# listed by `GET /rest/v1.0/webhooks/resources?company_id=` (each entry's `except`, or `actions`
# in the v2.0 listing). Only those triggers are created; the reconcile poll covers the rest.
RESOURCES_PATH = "/rest/v1.0/webhooks/resources"
# procore/documentation webhooks/payload_formats.md ("Payload Format"): the hook's `api_version`
# (to be renamed `payload_version`) is the schema of its deliveries. v4.0 is the current one
# (string ids, `reason`, `resource_type`, no `metadata`) and carries resources v2.0/v3.0 do not;
# webhook.parse_webhook still reads v2.0/v3.0 deliveries (hooks made before, a company's own).
# The same value goes in the trigger body's `api_version` (webhooks/webhooks_api.md).
PAYLOAD_VERSION = "v4.0"


class ConnectionWriter(Protocol):
    def put(self, connection: ProcoreConnection) -> None: ...


@dataclass(frozen=True)
class ConnectResult:
    connection: ProcoreConnection
    hook_id: int
    triggers_added: int
    hook_created: bool


def webhook_url(api_base_url: str, tenant_id: str) -> str:
    return f"{api_base_url.rstrip('/')}/webhooks/procore/{tenant_id}"


@dataclass(frozen=True)
class ConnectRequest:
    """Which tenant to connect to which Procore company, and how the connection behaves.

    `auth_mode` defaults to what the fields imply (a code: authorization code); set it when the
    tokens were obtained earlier (the install callback, then the company chosen).
    """

    tenant_id: str
    company_id: int
    our_api_base_url: str
    authorization_code: str | None = None
    insurance_scope: InsuranceScope = "project"
    sync_insurances: bool = True
    namespace: str = DEFAULT_NAMESPACE
    auth_mode: AuthMode | None = None
    connected_as: str = ""
    company_name: str = ""
    connected_at: datetime | None = None


def connect_tenant(
    request: ConnectRequest,
    *,
    client: ProcoreClient,
    connections: ConnectionWriter,
    tokens: TokenProvider | None = None,
    new_secret: Callable[[], str] = lambda: secrets.token_urlsafe(32),
) -> ConnectResult:
    """Point the company's webhook at us with a fresh secret, then store the connection."""
    tenant_id, company_id, authorization_code = (
        request.tenant_id,
        request.company_id,
        request.authorization_code,
    )
    auth_mode = request.auth_mode or ("authorization_code" if authorization_code else "client_credentials")
    if authorization_code:
        if tokens is None:
            raise ValueError("an authorization code needs the tenant's token provider")
        tokens.exchange_code(authorization_code)
    authorization = f"Bearer {new_secret()}"
    destination = webhook_url(request.our_api_base_url, tenant_id)
    hook, created = _upsert_hook(client, company_id, request.namespace, destination, authorization)
    added = _ensure_triggers(client, company_id, int(hook["id"]))
    connection = ProcoreConnection(
        tenant_id=tenant_id,
        company_id=company_id,
        auth_mode=auth_mode,
        webhook_authorization=authorization,
        insurance_scope=request.insurance_scope,
        sync_insurances=request.sync_insurances,
        connected_as=request.connected_as,
        company_name=request.company_name,
        connected_at=request.connected_at,
    )
    # Stored last: until the hook carries the new secret, the old one must keep working.
    connections.put(connection)
    logger.info(
        "procore connected",
        extra={
            "tenant_id": tenant_id,
            "company_id": company_id,
            "hook_created": created,
            "triggers_added": added,
        },
    )
    return ConnectResult(connection, int(hook["id"]), added, created)


def _upsert_hook(
    client: ProcoreClient, company_id: int, namespace: str, destination: str, authorization: str
) -> tuple[dict[str, Any], bool]:
    existing = next(
        (
            h
            for h in client.paginate(
                "/rest/v1.0/webhooks/hooks", {"company_id": company_id, "namespace": namespace}
            )
            if h.get("destination_url") == destination
        ),
        None,
    )
    headers = {"Authorization": authorization}
    if existing is not None:
        updated = client.request(
            "PATCH",
            f"/rest/v1.0/webhooks/hooks/{existing['id']}",
            # A hook made by an earlier version (v2) moves to the current payload format too.
            json={
                "company_id": company_id,
                "hook": {"destination_headers": headers, "api_version": PAYLOAD_VERSION},
            },
        ).json()
        return updated, False
    created = client.request(
        "POST",
        "/rest/v1.0/webhooks/hooks",
        json={
            "company_id": company_id,
            "hook": {
                "api_version": PAYLOAD_VERSION,
                "namespace": namespace,
                "destination_url": destination,
                "destination_headers": headers,
            },
        },
    ).json()
    return created, True


def supported_triggers(client: ProcoreClient, company_id: int) -> set[tuple[str, str]]:
    """(resource, event type) pairs Procore supports for the resources we follow."""
    listed = client.request("GET", RESOURCES_PATH, params={"company_id": company_id}).json()
    items = listed.get("data", []) if isinstance(listed, dict) else listed
    wanted = {name.lower(): name for name in WEBHOOK_RESOURCES}
    supported: set[tuple[str, str]] = set()
    for item in items:
        name = str(item.get("name") or item.get("resource_name") or "")
        if name.lower() not in wanted:
            continue
        if isinstance(item.get("actions"), list):
            events = {str(a).lower() for a in item["actions"]}
        else:
            events = set(EVENT_TYPES) - {str(e).lower() for e in item.get("except") or []}
        supported |= {(wanted[name.lower()], e) for e in EVENT_TYPES if e in events}
    return supported


def _ensure_triggers(client: ProcoreClient, company_id: int, hook_id: int) -> int:
    path = f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers"
    present = {
        (str(t.get("resource_name")).lower(), str(t.get("event_type")).lower())
        for t in client.paginate(path, {"company_id": company_id})
    }
    added = 0
    for resource, event_type in sorted(supported_triggers(client, company_id)):
        if (resource.lower(), event_type) in present:
            continue
        client.request(
            "POST",
            path,
            json={
                "company_id": company_id,
                "api_version": PAYLOAD_VERSION,
                "trigger": {"resource_name": resource, "event_type": event_type},
            },
        )
        added += 1
    return added


def disconnect_tenant(
    connection: ProcoreConnection,
    *,
    client: ProcoreClient,
    connections: ConnectionWriter,
    our_api_base_url: str,
    namespace: str = DEFAULT_NAMESPACE,
) -> int:
    """Stop the integration: disable the connection first (deliveries get 401 at once), delete our
    hook(s) at Procore, revoke the tokens. Returns how many hooks were deleted."""
    connections.put(replace(connection, enabled=False, webhook_authorization=""))
    destination = webhook_url(our_api_base_url, connection.tenant_id)
    hooks = [
        h
        for h in client.paginate(
            "/rest/v1.0/webhooks/hooks", {"company_id": connection.company_id, "namespace": namespace}
        )
        if h.get("destination_url") == destination
    ]
    for hook in hooks:
        client.request(
            "DELETE", f"/rest/v1.0/webhooks/hooks/{hook['id']}", params={"company_id": connection.company_id}
        )
    client.token_provider.revoke()
    logger.info(
        "procore disconnected", extra={"tenant_id": connection.tenant_id, "hooks_deleted": len(hooks)}
    )
    return len(hooks)
