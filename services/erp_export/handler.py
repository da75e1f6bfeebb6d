"""SQS consumer: keep the latest compliance per contract for the ERP exports; a `ContractChanged`
"removed" takes the contract out (other contract changes arrive as ComplianceChanged too). Every
write is conditional on the change's time, so redeliveries and out-of-order deliveries never
regress the state."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from services.erp_export.exporter import record_compliance, record_removal
from services.erp_export.ports import ExportStateStore
from shared.events import ComplianceChanged, ContractChanged, Envelope

logger = Logger(service="erp_export")


class ComplianceChangedEvent(EventBridgeModel):
    detail: Envelope[ComplianceChanged]


class ContractChangedEvent(EventBridgeModel):
    detail: Envelope[ContractChanged]


def handle_batch(event: dict[str, Any], context: Any, *, store: ExportStateStore) -> dict[str, Any]:
    def record_handler(record: SQSRecord) -> bool | None:
        body = json.loads(record.body)
        if body.get("detail-type") == ContractChanged.NAME:
            removal = ContractChangedEvent.model_validate(body).detail
            return record_removal(removal, store)
        if body.get("detail-type") != ComplianceChanged.NAME:
            return None
        envelope = ComplianceChangedEvent.model_validate(body).detail
        logger.set_correlation_id(envelope.metadata.correlation_id)
        kept = record_compliance(envelope, store)
        logger.info(
            "compliance recorded for erp export",
            tenant_id=envelope.data.tenant_id,
            contract_id=envelope.data.contract_id,
            status=envelope.data.status,
            kept=kept,
        )
        return kept

    processor = BatchProcessor(event_type=EventType.SQS)
    response: dict[str, Any] = process_partial_response(  # type: ignore[assignment]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return response


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.erp_export import bootstrap

    return handle_batch(event, context, store=bootstrap.state_store())
