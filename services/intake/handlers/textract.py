"""Lambda consumer of Textract job completions (Textract -> SNS -> SQS -> here).

Thin: the shared SQS consumer (partial batch failures); each record's completion goes to
`logic.ocr_completion.handle_job_completion`. A record that fails (bad message, collection error,
callback error) is reported back alone so SQS retries only it and, after the queue's
maxReceiveCount, moves it to the dead-letter queue.

The template must give the function `FunctionResponseTypes: [ReportBatchItemFailures]`, the
queue a dead-letter queue and a visibility timeout at least six times the function timeout, the
SNS subscription to the queue (raw delivery on or off: both envelopes are read), and the role
`textract:GetDocumentAnalysis` plus `s3:GetObject` on the documents bucket.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.intake import bootstrap
from services.intake.extraction.textract_jobs import JobCompletion
from services.intake.logic.ocr_completion import handle_job_completion
from services.intake.ports import TextractCompletionPorts
from services.intake.settings import IntakeSettings
from shared.runtime import built_once, consume_sqs_batch

intake = built_once(bootstrap.build, IntakeSettings)


def completion_from_sqs_body(body: str) -> JobCompletion:
    """The Textract message, whether SNS raw message delivery is on (bare) or off (SNS envelope)."""
    try:
        payload = json.loads(body)
        if isinstance(payload, dict) and payload.get("Type") == "Notification" and "Message" in payload:
            payload = json.loads(payload["Message"])
        return JobCompletion.from_message(payload)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"not a Textract job completion message: {exc}") from None


def process_completions(
    event: dict[str, Any], context: Any, ports: TextractCompletionPorts
) -> dict[str, Any]:
    def record_handler(record: SQSRecord) -> None:
        handle_job_completion(completion_from_sqs_body(record.body), ports)

    return consume_sqs_batch(event, context, record_handler)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_completions(event, context, intake().completions())
