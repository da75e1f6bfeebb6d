"""Lambda: the notify queue (SQS messages whose body is an EventBridge event carrying an envelope)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError

from services.notify import bootstrap
from services.notify.logic.events import handle_event
from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import Envelope

logger = Logger(service="notify")
processor = BatchProcessor(event_type=EventType.SQS)


class BadEventError(ValueError):
    """A message that can never be processed; it goes to the dead-letter queue after its retries."""


def parse_event(body: str) -> Envelope[Any] | None:
    try:
        event = json.loads(body)
        name = event["detail-type"]
        detail = event["detail"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadEventError(f"not an EventBridge event: {exc.__class__.__name__}") from None
    payload_type = EVENT_TYPES.get(name)
    if payload_type is None:
        return None  # an event notify does not subscribe to; the rule should not route it here
    try:
        model = Envelope[payload_type]  # type: ignore[valid-type]
        # EventBridge delivers `detail` as an object; a hand-sent message may carry it as a string.
        return model.model_validate_json(detail) if isinstance(detail, str) else model.model_validate(detail)
    except ValidationError as exc:
        raise BadEventError(f"invalid {name}: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}") from None


def record_handler(record: SQSRecord) -> None:
    envelope = parse_event(record.body)
    if envelope is None:
        logger.info("ignored event", extra={"message_id": record.message_id})
        return
    # Scoped keys: the sweep and feedback handlers share this logger's state in one process.
    with logger.append_context_keys(
        event=envelope.metadata.name,
        tenant_id=envelope.metadata.tenant_id,
        correlation_id=envelope.metadata.correlation_id,
    ):
        handle_event(bootstrap.notifier(), envelope)


def handler(event: dict[str, Any], context: Any) -> Any:
    bootstrap.bind_invocation(context)
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
