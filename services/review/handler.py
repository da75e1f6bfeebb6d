"""Lambda consumer of the review queue: SQS messages whose body is the EventBridge event of a
`CertificateExtracted` (`detail` = the envelope).

Thin: Powertools batch processing with partial failures, parsing with a Powertools EventBridge
model; each record goes to `logic.review_extracted`. A record that raises is retried alone, then
dead-lettered; an event for a contract that no longer exists is logged and dropped.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.parser.models import EventBridgeModel

from services.review import logic
from shared.events import CertificateExtracted, Envelope

logger = Logger(service="review")


class CertificateExtractedEvent(EventBridgeModel):
    detail: Envelope[CertificateExtracted]


def process_record(record: SQSRecord, ports: logic.ReviewPorts) -> None:
    event = CertificateExtractedEvent.model_validate_json(record.body)
    envelope = event.detail
    data = envelope.data
    logger.set_correlation_id(envelope.metadata.correlation_id)
    try:
        outcome = logic.review_extracted(envelope, ports)
    except logic.UnknownContract:
        logger.warning(
            "certificate for an unknown contract dropped",
            tenant_id=data.tenant_id,
            contract_id=data.contract_id,
            document_id=data.document_id,
        )
        return
    verdict = outcome.document.verdict
    logger.info(
        "certificate reviewed",
        tenant_id=data.tenant_id,
        contract_id=data.contract_id,
        document_id=data.document_id,
        newly_stored=outcome.created,
        duplicate=outcome.duplicate,
        compliant=verdict.compliant if verdict else None,
        deficiencies=[d.code for d in verdict.deficiencies] if verdict else [],
    )


def process_batch(event: dict[str, Any], context: Any, ports: logic.ReviewPorts) -> dict[str, Any]:
    processor = BatchProcessor(event_type=EventType.SQS)
    response = process_partial_response(
        event=event,
        record_handler=lambda record: process_record(record, ports),
        processor=processor,
        context=context,
    )
    return dict(response)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from services.review.bootstrap import review_ports

    return process_batch(event, context, review_ports())
