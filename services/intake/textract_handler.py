"""Lambda consumer of Textract job completions (Textract -> SNS -> SQS -> here).

Thin: Powertools batch processing over the SQS records; each record goes to
`handle_job_completion`, which takes its ports as arguments. A job that ended without results, or
whose original was deleted meanwhile, is the document's fate, not ours: with an `on_failure` port
the upload is recorded as unreadable (a retry would end the same way). A record that fails
otherwise (bad message, collection error, callback error) is reported back alone so SQS retries
only it and, after the queue's maxReceiveCount, moves it to the dead-letter queue.

The template must give the function `FunctionResponseTypes: [ReportBatchItemFailures]`, the
queue a dead-letter queue and a visibility timeout at least six times the function timeout, the
SNS subscription to the queue (raw delivery on or off: both envelopes are read), and the role
`textract:GetDocumentAnalysis` plus `s3:GetObject` on the documents bucket.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from services.intake.extraction.ir import DocumentIR
from services.intake.extraction.textract import pdf_page_sizes
from services.intake.extraction.textract_jobs import JobCompletion, TextractJobFailed, collect_job
from services.intake.logic import DocumentGone

OnDocument = Callable[[str, DocumentIR], None]
OnFailure = Callable[[str, str], None]  # (job_tag, reason for the vendor): record the upload unread
LoadDocument = Callable[[str, str], bytes]  # (bucket, key) -> the document's bytes


@dataclass(frozen=True)
class TextractCompletionPorts:
    textract: Any  # boto3 Textract client
    load_document: LoadDocument  # reads the original from S3: its sha256 and page sizes
    on_document: OnDocument  # the intake pipeline's continuation: (job_tag, ir)
    on_failure: OnFailure | None = None  # without it a failed job raises (and the record retries)


def completion_from_sqs_body(body: str) -> JobCompletion:
    """The Textract message, whether SNS raw message delivery is on (bare) or off (SNS envelope)."""
    try:
        payload = json.loads(body)
        if isinstance(payload, dict) and payload.get("Type") == "Notification" and "Message" in payload:
            payload = json.loads(payload["Message"])
        return JobCompletion.from_message(payload)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"not a Textract job completion message: {exc}") from None


def handle_job_completion(completion: JobCompletion, ports: TextractCompletionPorts) -> DocumentIR | None:
    """Collect a finished job's results as the IR and hand them on; a failed job is recorded through
    `on_failure` (None returned), or raises when there is no such port."""
    if completion.status != "SUCCEEDED":
        if ports.on_failure is None:
            raise TextractJobFailed(f"Textract job {completion.job_id} ended {completion.status}")
        ports.on_failure(completion.job_tag, "the scan could not be read by OCR")
        return None
    sha256 = ""
    page_sizes = None
    if completion.bucket and completion.key:
        try:
            original = ports.load_document(completion.bucket, completion.key)
        except DocumentGone:
            if ports.on_failure is None:
                raise
            ports.on_failure(completion.job_tag, "the file was deleted before it could be read")
            return None
        sha256 = hashlib.sha256(original).hexdigest()
        page_sizes = pdf_page_sizes(original)
    ir = collect_job(ports.textract, completion.job_id, sha256=sha256, page_sizes=page_sizes)
    ports.on_document(completion.job_tag, ir)
    return ir


def process_completions(
    event: dict[str, Any], context: Any, ports: TextractCompletionPorts
) -> PartialItemFailureResponse:
    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record: SQSRecord) -> None:
        handle_job_completion(completion_from_sqs_body(record.body), ports)

    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )


@cache
def _default_ports() -> TextractCompletionPorts:
    # Wired lazily by the intake composition root, once per cold start, nothing at import time.
    # The pipeline's composition root provides `textract_completion_ports()`.
    bootstrap = importlib.import_module("services.intake.bootstrap")
    ports: TextractCompletionPorts = bootstrap.textract_completion_ports()
    return ports


def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    return process_completions(event, context, _default_ports())
