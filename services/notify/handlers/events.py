"""Lambda consumer of the notify queue: SQS messages whose body is an EventBridge event carrying
an envelope (`detail`).

Thin: the shared SQS consumer (partial batch failures) and EventBridge model; each event goes to
`logic.events.handle_event`. A malformed record fails alone and is retried, then dead-lettered;
an event notify does not subscribe to is logged and dropped.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.notify import bootstrap
from services.notify.logic.events import handle_event
from services.notify.ports import NotifyPorts
from services.notify.settings import NotifySettings
from shared.runtime import built_once, consume_sqs_batch, parse_bus_event

logger = Logger(service="notify")
notify_ports = built_once(bootstrap.build, NotifySettings)


def process_record(record: SQSRecord, ports: NotifyPorts) -> None:
    envelope = parse_bus_event(record.body)
    if envelope is None:
        # An event notify does not subscribe to; the rule should not route it here.
        logger.info("ignored event", extra={"message_id": record.message_id})
        return
    # Scoped keys: the sweep and feedback handlers share this logger's state in one process.
    with logger.append_context_keys(
        event=envelope.metadata.name,
        tenant_id=envelope.metadata.tenant_id,
        correlation_id=envelope.metadata.correlation_id,
    ):
        handle_event(ports, envelope)


def process_batch(event: dict[str, Any], context: Any, ports: NotifyPorts) -> dict[str, Any]:
    return consume_sqs_batch(
        event, context, lambda record: process_record(record, ports), idempotency=ports.idempotency
    )


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, context, notify_ports())
