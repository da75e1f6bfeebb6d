"""SQS consumer: `ComplianceChanged` -> the vendor's insurances and the commitment's Procore Pay
status. Other events routed to the queue (ContractChanged) succeed untouched."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.procore_sync.bootstrap import IdempotentPush
from services.procore_sync.events import ComplianceChangedEvent, detail_type
from shared.events import ComplianceChanged

logger = Logger(service="procore_sync")


def handle_batch(event: dict[str, Any], context: Any, *, push: IdempotentPush) -> dict[str, Any]:
    if context is not None:
        push.config.register_lambda_context(context)

    def record_handler(record: SQSRecord) -> dict[str, Any] | None:
        body = json.loads(record.body)
        if detail_type(body) != ComplianceChanged.NAME:
            return None
        parsed = ComplianceChangedEvent.model_validate(body)
        envelope = parsed.detail.model_dump(mode="json")
        logger.set_correlation_id(parsed.detail.metadata.correlation_id)
        result = push(envelope=envelope)
        logger.info(
            "compliance change handled",
            tenant_id=parsed.detail.data.tenant_id,
            contract_id=parsed.detail.data.contract_id,
            status=parsed.detail.data.status,
            result=result,
        )
        return result

    processor = BatchProcessor(event_type=EventType.SQS)
    response: dict[str, Any] = process_partial_response(  # type: ignore[assignment]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return response


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.procore_sync import bootstrap

    return handle_batch(event, context, push=bootstrap.outbound_push())
