"""Lambda consumer of the intake queue: S3 ObjectCreated notifications under `uploads/`.

Thin: the shared SQS consumer (partial batch failures); each record's uploads go to
`logic.upload.process_upload`. A record that raises (our own failure: S3, DynamoDB, EventBridge) is
reported alone and retried, then dead-lettered. An upload for a contract removed meanwhile has
nothing to be recorded against: it is logged and acknowledged, as review does.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.intake import bootstrap
from services.intake.logic.upload import process_upload, uploads_in_notification
from services.intake.ports import IntakePorts, UnknownContract
from services.intake.settings import IntakeSettings
from shared.runtime import built_once, consume_sqs_batch

logger = Logger(service="intake")
intake = built_once(bootstrap.build, IntakeSettings)


def process_record(record: SQSRecord, ports: IntakePorts) -> None:
    for upload in uploads_in_notification(record.body):
        logger.set_correlation_id(upload.document_id)
        with logger.append_context_keys(
            tenant_id=upload.tenant_id, contract_id=upload.contract_id, document_id=upload.document_id
        ):
            try:
                envelope = process_upload(upload, ports)
            except UnknownContract:
                logger.warning("upload for an unknown contract dropped")
                continue
            if envelope is None:
                logger.info("reading continues asynchronously")
                continue
            logger.set_correlation_id(envelope.metadata.correlation_id)
            logger.info("certificate extracted", error=envelope.data.error)


def process_batch(event: dict[str, Any], context: Any, ports: IntakePorts) -> dict[str, Any]:
    return consume_sqs_batch(event, context, lambda record: process_record(record, ports))


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, context, intake().uploads)
