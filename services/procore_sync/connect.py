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
from typing import Any, Protocol

from services.procore_sync.auth import AuthMode, TokenProvider
from services.procore_sync.client import ProcoreClient
from services.procore_sync.ports import InsuranceScope, ProcoreConnection

logger = logging.getLogger(__name__)

DEFAULT_NAMESPACE = "coi-compliance"
# `Company Vendors` rather than `Project Vendors`: Procore ends project vendor update events on 2026-06-30.
WEBHOOK_RESOURCES = ("Projects", "Company Vendors", "Work Order Contracts", "Purchase Order Contracts")
EVENT_TYPES = ("create", "update", "delete")


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


def connect_tenant(
    *,
    tenant_id: str,
    company_id: int,
    client: ProcoreClient,
    connections: ConnectionWriter,
    our_api_base_url: str,
    tokens: TokenProvider | None = None,
    authorization_code: str | None = None,
    insurance_scope: InsuranceScope = "project",
    sync_insurances: bool = True,
    namespace: str = DEFAULT_NAMESPACE,
    new_secret: Callable[[], str] = lambda: secrets.token_urlsafe(32),
) -> ConnectResult:
    auth_mode: AuthMode = "authorization_code" if authorization_code else "client_credentials"
    if authorization_code:
        if tokens is None:
            raise ValueError("an authorization code needs the tenant's token provider")
        tokens.exchange_code(authorization_code)
    authorization = f"Bearer {new_secret()}"
    destination = webhook_url(our_api_base_url, tenant_id)
    hook, created = _upsert_hook(client, company_id, namespace, destination, authorization)
    added = _ensure_triggers(client, company_id, int(hook["id"]))
    connection = ProcoreConnection(
        tenant_id=tenant_id,
        company_id=company_id,
        auth_mode=auth_mode,
        webhook_authorization=authorization,
        insurance_scope=insurance_scope,
        sync_insurances=sync_insurances,
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
            json={"company_id": company_id, "hook": {"destination_headers": headers}},
        ).json()
        return updated, False
    created = client.request(
        "POST",
        "/rest/v1.0/webhooks/hooks",
        json={
            "company_id": company_id,
            "hook": {
                "api_version": "v2",
                "namespace": namespace,
                "destination_url": destination,
                "destination_headers": headers,
            },
        },
    ).json()
    return created, True


def _ensure_triggers(client: ProcoreClient, company_id: int, hook_id: int) -> int:
    path = f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers"
    present = {
        (str(t.get("resource_name")).lower(), str(t.get("event_type")).lower())
        for t in client.paginate(path, {"company_id": company_id})
    }
    added = 0
    for resource in WEBHOOK_RESOURCES:
        for event_type in EVENT_TYPES:
            if (resource.lower(), event_type) in present:
                continue
            client.request(
                "POST",
                path,
                json={
                    "company_id": company_id,
                    "api_version": "v2",
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
