"""The one SQS consumer: Powertools batch processing with partial batch failures.

A record handler that raises fails only its own record: it is reported in `batchItemFailures`,
SQS redelivers only it and, after the queue's maxReceiveCount, moves it to the dead-letter queue.
The template gives each consuming function `FunctionResponseTypes: [ReportBatchItemFailures]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

RecordHandler = Callable[[SQSRecord], Any]


def consume_sqs_batch(
    event: dict[str, Any],
    context: Any,
    record_handler: RecordHandler,
    *,
    idempotency: IdempotencyConfig | None = None,
) -> dict[str, Any]:
    """Run `record_handler` over every record; the partial batch response for Lambda.

    `idempotency` is the config of the `@idempotent_function`s the records call: given the Lambda
    context it expires a record's in-progress marker when the function would time out, so a
    retry after a timeout is not refused as still running.
    """
    if idempotency is not None and context is not None:
        idempotency.register_lambda_context(context)
    # A processor per batch: its state (successes, failures) must not leak between invocations.
    processor = BatchProcessor(event_type=EventType.SQS)
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return dict(response)
