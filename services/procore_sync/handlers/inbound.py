"""Lambda consumer of the inbound queue: the webhook deliveries the API accepted (and
deduplicated), one change per message; each changed resource is fetched and upserted."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.procore_sync import bootstrap
from services.procore_sync.logic.delivered import apply_delivered_change
from services.procore_sync.ports import ProcorePorts
from services.procore_sync.settings import ProcoreSettings
from shared.procore.webhook import change_from_message
from shared.runtime import built_once, consume_sqs_batch

logger = Logger(service="procore_sync")
procore_ports = built_once(bootstrap.build, ProcoreSettings)


def process_record(record: SQSRecord, deps: ProcorePorts) -> str | None:
    change = change_from_message(json.loads(record.body))
    outcome = apply_delivered_change(change, deps)
    if not outcome.connected:
        logger.info("change for a tenant no longer connected dropped", tenant_id=change.tenant_id)
        return None
    logger.info(
        "procore change applied",
        tenant_id=change.tenant_id,
        resource=change.resource_name,
        resource_id=change.resource_id,
        event_type=change.event_type,
        our_id=outcome.our_id,
    )
    return outcome.our_id


def handle_batch(event: dict[str, Any], context: Any, *, deps: ProcorePorts) -> dict[str, Any]:
    return consume_sqs_batch(event, context, lambda record: process_record(record, deps))


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_batch(event, context, deps=procore_ports())
