"""Lambda consumer of the Procore queue: `ComplianceChanged` -> the vendor's insurances and the
commitment's Procore Pay status. Other events routed to the queue (ContractChanged) succeed
untouched. The shared SQS consumer (partial batch failures) and EventBridge model."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.procore_sync import bootstrap
from services.procore_sync.bootstrap import IdempotentPush
from services.procore_sync.settings import ProcoreSettings
from shared.events import ComplianceChanged
from shared.runtime import built_once, consume_sqs_batch, parse_bus_event

logger = Logger(service="procore_sync")
compliance_push = built_once(bootstrap.build_push, ProcoreSettings)


def process_record(record: SQSRecord, push: IdempotentPush) -> dict[str, Any] | None:
    envelope = parse_bus_event(record.body, ComplianceChanged)
    if envelope is None:
        return None
    data: ComplianceChanged = envelope.data
    logger.set_correlation_id(envelope.metadata.correlation_id)
    result = push(envelope=envelope.model_dump(mode="json"))
    logger.info(
        "compliance change handled",
        tenant_id=data.tenant_id,
        contract_id=data.contract_id,
        status=data.status,
        result=result,
    )
    return result


def handle_batch(event: dict[str, Any], context: Any, *, push: IdempotentPush) -> dict[str, Any]:
    return consume_sqs_batch(
        event, context, lambda record: process_record(record, push), idempotency=push.config
    )


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_batch(event, context, push=compliance_push())
