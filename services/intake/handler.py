"""Lambda consumer of the intake queue: S3 ObjectCreated notifications under `uploads/`.

Thin: Powertools batch processing with partial failures; each record's uploads go to
`logic.process_upload`. A record that raises (our own failure: S3, DynamoDB, EventBridge) is
reported alone and retried, then dead-lettered. An upload for a contract removed meanwhile has
nothing to be recorded against: it is logged and acknowledged, as review does.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.intake import logic

logger = Logger(service="intake")


def process_record(record: SQSRecord, ports: logic.IntakePorts) -> None:
    for upload in logic.uploads_in_notification(record.body):
        logger.set_correlation_id(upload.document_id)
        try:
            envelope = logic.process_upload(upload, ports)
        except logic.UnknownContract:
            logger.warning(
                "upload for an unknown contract dropped",
                tenant_id=upload.tenant_id,
                contract_id=upload.contract_id,
                document_id=upload.document_id,
            )
            continue
        if envelope is None:
            logger.info("reading continues asynchronously", document_id=upload.document_id)
            continue
        logger.set_correlation_id(envelope.metadata.correlation_id)
        logger.info(
            "certificate extracted",
            tenant_id=upload.tenant_id,
            contract_id=upload.contract_id,
            document_id=upload.document_id,
            error=envelope.data.error,
        )


def process_batch(event: dict[str, Any], context: Any, ports: logic.IntakePorts) -> dict[str, Any]:
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
    from services.intake.bootstrap import intake_ports

    return process_batch(event, context, intake_ports())
