"""SQS consumer of accepted webhook deliveries: fetch each changed resource and upsert it."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.procore_sync.bootstrap import Dependencies
from services.procore_sync.chosen_sync import apply_chosen_change
from services.procore_sync.inbound import apply_change
from services.procore_sync.webhook import change_from_message

logger = Logger(service="procore_sync")


def handle_batch(event: dict[str, Any], context: Any, *, deps: Dependencies) -> dict[str, Any]:
    def record_handler(record: SQSRecord) -> str | None:
        change = change_from_message(json.loads(record.body))
        connection = deps.connections.get(change.tenant_id)
        if connection is None or not connection.enabled or connection.company_id != change.company_id:
            logger.info("change for a tenant no longer connected dropped", tenant_id=change.tenant_id)
            return None
        importer = deps.importer_for(connection)
        if importer is not None:
            our_id = apply_chosen_change(change, importer)
        else:
            our_id = apply_change(change, client=deps.client_for(connection), sink=deps.sink, ids=deps.ids)
        if deps.health is not None:
            deps.health.record(change.tenant_id, at=deps.clock.now())
        logger.info(
            "procore change applied",
            tenant_id=change.tenant_id,
            resource=change.resource_name,
            resource_id=change.resource_id,
            event_type=change.event_type,
            our_id=our_id,
        )
        return our_id

    processor = BatchProcessor(event_type=EventType.SQS)
    response: dict[str, Any] = process_partial_response(  # type: ignore[assignment]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return response


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.procore_sync import bootstrap

    return handle_batch(event, context, deps=bootstrap.dependencies())
