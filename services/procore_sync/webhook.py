"""Accepting a Procore webhook delivery: authenticate, parse, deduplicate, enqueue. Nothing slow
happens here (Procore wants a 2xx within 5 s); the change itself is fetched by the inbound worker.

Procore signs nothing: it sends back the `Authorization` header configured on the hook, so the
check is a constant-time comparison against the tenant's configured value.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from services.procore_sync.ports import ChangeQueue, DeliveryLedger, ProcoreChange

logger = logging.getLogger(__name__)

WebhookOutcome = Literal["accepted", "duplicate", "self_originated"]
_EVENT_TYPES = {"create", "update", "delete"}


class WebhookRejectedError(Exception):
    """Missing or wrong Authorization header (answer 401)."""


class InvalidWebhookError(ValueError):
    """The body is not a Procore webhook payload (answer 400)."""


@dataclass(frozen=True)
class WebhookResult:
    outcome: WebhookOutcome
    change: ProcoreChange | None = None


def authorization_matches(headers: Mapping[str, str], expected_authorization: str) -> bool:
    received = _header(headers, "authorization")
    if not expected_authorization or received is None:
        return False
    return hmac.compare_digest(received.encode(), expected_authorization.encode())


def accept_webhook(
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    tenant_id: str,
    expected_authorization: str,
    own_application_id: str | None,
    ledger: DeliveryLedger,
    queue: ChangeQueue,
) -> WebhookResult:
    if not authorization_matches(headers, expected_authorization):
        raise WebhookRejectedError("missing or wrong Authorization header")
    change, source_application_id = parse_payload(body, tenant_id=tenant_id)
    if own_application_id and source_application_id == own_application_id:
        # Our own writes echo back as webhooks; processing them would loop.
        logger.info("procore webhook caused by this app ignored", extra={"resource": change.resource_name})
        return WebhookResult("self_originated", change)
    if not ledger.first_time(tenant_id, change.delivery_key):
        logger.info("procore webhook duplicate", extra={"delivery_key": change.delivery_key})
        return WebhookResult("duplicate", change)
    try:
        queue.enqueue(change)
    except Exception:
        # Let Procore redeliver: the ledger must not claim a delivery that was never queued.
        ledger.forget(tenant_id, change.delivery_key)
        raise
    logger.info(
        "procore webhook accepted",
        extra={
            "resource": change.resource_name,
            "event_type": change.event_type,
            "resource_id": change.resource_id,
        },
    )
    return WebhookResult("accepted", change)


def parse_payload(body: bytes | str, *, tenant_id: str) -> tuple[ProcoreChange, str | None]:
    """A v2.0 (integer ids, `resource_name`) or v4.0 (string ids, `resource_type`) delivery."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidWebhookError("body is not JSON") from exc
    if not isinstance(payload, dict):
        raise InvalidWebhookError("body is not a JSON object")
    resource_name = payload.get("resource_name") or payload.get("resource_type")
    if not isinstance(resource_name, str) or not resource_name:
        raise InvalidWebhookError("resource_name (or resource_type) is missing")
    event_type = str(payload.get("event_type", "")).lower()
    if event_type not in _EVENT_TYPES:
        raise InvalidWebhookError(
            f"event_type must be create, update or delete, not {payload.get('event_type')!r}"
        )
    resource_id = _int(payload.get("resource_id"), "resource_id")
    metadata: dict[str, Any] = payload["metadata"] if isinstance(payload.get("metadata"), dict) else {}
    company_id = _int(payload.get("company_id", metadata.get("source_company_id")), "company_id")
    project_raw = payload.get("project_id", metadata.get("source_project_id"))
    project_id = _int(project_raw, "project_id") if project_raw not in (None, "") else None
    delivery = payload.get("ulid") or payload.get("id")
    if delivery in (None, ""):
        raise InvalidWebhookError("ulid (or id) is missing")
    source_app = metadata.get("source_application_id")
    change = ProcoreChange(
        tenant_id=tenant_id,
        company_id=company_id,
        resource_name=resource_name,
        resource_id=resource_id,
        event_type=event_type,  # type: ignore[arg-type]
        project_id=project_id,
        delivery_key=str(delivery),
        occurred_at=_timestamp(payload.get("timestamp")),
    )
    return change, (str(source_app) if source_app not in (None, "") else None)


def change_to_message(change: ProcoreChange) -> dict[str, Any]:
    return {
        "tenant_id": change.tenant_id,
        "company_id": change.company_id,
        "resource_name": change.resource_name,
        "resource_id": change.resource_id,
        "event_type": change.event_type,
        "project_id": change.project_id,
        "delivery_key": change.delivery_key,
        "occurred_at": change.occurred_at.isoformat() if change.occurred_at else None,
    }


def change_from_message(message: Mapping[str, Any]) -> ProcoreChange:
    occurred = message.get("occurred_at")
    return ProcoreChange(
        tenant_id=str(message["tenant_id"]),
        company_id=int(message["company_id"]),
        resource_name=str(message["resource_name"]),
        resource_id=int(message["resource_id"]),
        event_type=message["event_type"],
        project_id=int(message["project_id"]) if message.get("project_id") is not None else None,
        delivery_key=str(message.get("delivery_key", "")),
        occurred_at=datetime.fromisoformat(occurred) if occurred else None,
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InvalidWebhookError(f"{name} must be an id, got {value!r}") from exc


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
