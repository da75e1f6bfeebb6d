"""Lambda consumer of SES delivery, bounce, complaint and subscription events arriving SNS -> SQS
(`logic.feedback.handle_ses_notification`); a record that is not one fails alone."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.notify import bootstrap
from services.notify.logic.feedback import FeedbackError, handle_ses_notification
from services.notify.ports import NotifyPorts
from services.notify.settings import NotifySettings
from shared.runtime import built_once, consume_sqs_batch

logger = Logger(service="notify")
notify_ports = built_once(bootstrap.build, NotifySettings)


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


def process_record(record: SQSRecord, ports: NotifyPorts) -> None:
    suppressed = handle_ses_notification(ports, ses_notification(record.body))
    logger.info("ses feedback", extra={"suppressed": suppressed, "message_id": record.message_id})


def process_batch(event: dict[str, Any], context: Any, ports: NotifyPorts) -> dict[str, Any]:
    return consume_sqs_batch(
        event, context, lambda record: process_record(record, ports), idempotency=ports.idempotency
    )


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, context, notify_ports())
