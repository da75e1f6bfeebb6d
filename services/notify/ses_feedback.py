"""Lambda: SES bounce/complaint/subscription notifications arriving SNS -> SQS."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.notify import bootstrap
from services.notify.logic.feedback import FeedbackError, handle_ses_notification

logger = Logger(service="notify")
processor = BatchProcessor(event_type=EventType.SQS)


def ses_notification(body: str) -> dict[str, Any]:
    """The SES JSON, whether SNS wrapped it (`Type: Notification`) or raw delivery is on."""
    try:
        message = json.loads(body)
        if isinstance(message, dict) and message.get("Type") == "Notification":
            message = json.loads(message["Message"])
    except (ValueError, KeyError, TypeError) as exc:
        raise FeedbackError(f"not JSON from SNS/SES: {exc.__class__.__name__}") from None
    if not isinstance(message, dict):
        raise FeedbackError("not an SES notification object")
    return message


def record_handler(record: SQSRecord) -> None:
    suppressed = handle_ses_notification(bootstrap.notifier(), ses_notification(record.body))
    logger.info("ses feedback", extra={"suppressed": suppressed, "message_id": record.message_id})


def handler(event: dict[str, Any], context: Any) -> Any:
    bootstrap.bind_invocation(context)
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
