"""Lambda consumer of the review queue: SQS messages whose body is the EventBridge event of a
`CertificateExtracted` (`detail` = the envelope).

Thin: the shared SQS consumer (partial batch failures) and EventBridge model; each record goes to
`logic.review.review_extracted`. A record that raises is retried alone, then
dead-lettered; an event for a contract that no longer exists is logged and dropped.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.review import bootstrap
from services.review.logic import review as logic
from services.review.ports import ReviewPorts
from services.review.settings import ReviewSettings
from shared.events import CertificateExtracted
from shared.runtime import BusEvent, built_once, consume_sqs_batch

logger = Logger(service="review")
review_ports = built_once(bootstrap.build, ReviewSettings)


def process_record(record: SQSRecord, ports: ReviewPorts) -> None:
    event = BusEvent[CertificateExtracted].model_validate_json(record.body)
    envelope = event.detail
    data = envelope.data
    logger.set_correlation_id(envelope.metadata.correlation_id)
    with logger.append_context_keys(
        tenant_id=data.tenant_id, contract_id=data.contract_id, document_id=data.document_id
    ):
        try:
            outcome = logic.review_extracted(envelope, ports)
        except logic.UnknownContract:
            logger.warning("certificate for an unknown contract dropped")
            return
        verdict = outcome.document.verdict
        logger.info(
            "certificate reviewed",
            newly_stored=outcome.created,
            duplicate=outcome.duplicate,
            compliant=verdict.compliant if verdict else None,
            deficiencies=[d.code for d in verdict.deficiencies] if verdict else [],
        )


def process_batch(event: dict[str, Any], context: Any, ports: ReviewPorts) -> dict[str, Any]:
    return consume_sqs_batch(event, context, lambda record: process_record(record, ports))


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, context, review_ports())
