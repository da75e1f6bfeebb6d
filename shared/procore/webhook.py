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

from shared.procore.ports import ChangeQueue, DeliveryLedger
from shared.procore.records import ProcoreChange

logger = logging.getLogger(__name__)

WebhookOutcome = Literal["accepted", "duplicate", "self_originated", "ignored"]
_EVENT_TYPES = {"create", "update", "delete"}

# A real delivery is a few hundred bytes; a ULID is 26 characters, a v2.0 id a 64-bit integer.
MAX_BODY_BYTES = 16 * 1024
MAX_DELIVERY_KEY_CHARS = 64
MAX_NAME_CHARS = 200


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


def accept_webhook(  # noqa: PLR0913  the request plus the keyword-only tenant secret and stores it checks against
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
    if change is None:
        logger.info("procore webhook with a reason we do not act on ignored")
        return WebhookResult("ignored")
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


def parse_payload(body: bytes | str, *, tenant_id: str) -> tuple[ProcoreChange | None, str | None]:
    """A v2.0/v3.0 delivery (integer ids, `resource_name`, `event_type`, `metadata`) or a v4.0 one
    (string ids, `resource_type`, `reason`, the ULID as `id`, no `metadata`).

    Formats: https://developers.procore.com/documentation/payload-formats (procore/documentation
    `webhooks/payload_formats.md`). A v4.0 `reason` other than create/update/delete ("richer types
    of events" there) is valid but not ours to act on: the change is None.
    """
    if len(body) > MAX_BODY_BYTES:
        raise InvalidWebhookError(f"payload is larger than {MAX_BODY_BYTES // 1024} KB")
    try:
        payload = json.loads(body, parse_constant=_refuse_constant)
    except InvalidWebhookError:
        raise
    except RecursionError as exc:
        raise InvalidWebhookError("body is nested too deeply") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidWebhookError("body is not JSON") from exc
    if not isinstance(payload, dict):
        raise InvalidWebhookError("body is not a JSON object")
    resource_name = payload.get("resource_name") or payload.get("resource_type")
    if not isinstance(resource_name, str) or not resource_name.strip():
        raise InvalidWebhookError("resource_name (or resource_type) is missing")
    if len(resource_name) > MAX_NAME_CHARS:
        raise InvalidWebhookError(f"resource_name is longer than {MAX_NAME_CHARS} characters")
    is_v4 = "reason" in payload and "event_type" not in payload
    raw_event = payload.get("reason") if is_v4 else payload.get("event_type")
    event_type = raw_event.lower() if isinstance(raw_event, str) else ""
    if event_type not in _EVENT_TYPES and not (is_v4 and isinstance(raw_event, str) and raw_event):
        field = "reason" if is_v4 else "event_type"
        raise InvalidWebhookError(f"{field} must be create, update or delete, not {_short(raw_event)}")
    resource_id = _id(payload.get("resource_id"), "resource_id")
    metadata: dict[str, Any] = payload["metadata"] if isinstance(payload.get("metadata"), dict) else {}
    company_id = _id(payload.get("company_id", metadata.get("source_company_id")), "company_id")
    project_raw = payload.get("project_id", metadata.get("source_project_id"))
    project_id = _id(project_raw, "project_id") if project_raw not in (None, "") else None
    delivery = payload.get("ulid") or payload.get("id")
    if delivery in (None, "") or isinstance(delivery, bool) or not isinstance(delivery, str | int):
        raise InvalidWebhookError("ulid (or id) is missing")
    delivery_key = str(delivery)
    if len(delivery_key) > MAX_DELIVERY_KEY_CHARS or not delivery_key.isprintable():
        raise InvalidWebhookError(f"ulid (or id) is not a delivery id: {_short(delivery)}")
    source_app = metadata.get("source_application_id")
    if event_type not in _EVENT_TYPES:
        return None, None
    change = ProcoreChange(
        tenant_id=tenant_id,
        company_id=company_id,
        resource_name=resource_name,
        resource_id=resource_id,
        event_type=event_type,  # type: ignore[arg-type]
        project_id=project_id,
        delivery_key=delivery_key,
        occurred_at=_timestamp(payload.get("timestamp")),
    )
    return change, (str(source_app)[:MAX_NAME_CHARS] if source_app not in (None, "") else None)


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


def _id(value: Any, name: str) -> int:
    """Procore ids are 64-bit integers (v4.0 sends them as strings); anything else (floats such as
    1e400, booleans, 100-digit strings) is not an id."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidWebhookError(f"{name} must be an id, got {_short(value)}")
    text = str(value).strip()
    if not text.isdigit() or len(text) > 19 or int(text) >= 2**63:
        raise InvalidWebhookError(f"{name} must be an id, got {_short(value)}")
    return int(text)


def _short(value: Any) -> str:
    """The offending value for a one-line error, never the whole of an oversize one."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _refuse_constant(name: str) -> Any:
    raise InvalidWebhookError(f"{name} is not a JSON value")


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
