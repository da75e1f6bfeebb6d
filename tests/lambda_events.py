"""Lambda event shapes for tests, built by the same code that delivers them on the local stack
(`coi_cli.local.dispatcher`), so every handler test feeds the shape the handlers really get."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coi_cli.local.dispatcher import ACCOUNT, REGION
from coi_cli.local.dispatcher import sqs_record as _delivered_record
from shared.events.envelope import Envelope


def sqs_record(body: str, message_id: str | None = None, *, queue: str = "coi-test") -> dict[str, Any]:
    """One SQS message as Lambda's event source mapping delivers it."""
    message_id = message_id or uuid.uuid4().hex
    message = {
        "MessageId": message_id,
        "ReceiptHandle": f"rh-{message_id}",
        "Body": body,
        "MD5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
    }
    return _delivered_record(message, f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}")


def sqs_event(
    *bodies: str, message_ids: Sequence[str] | None = None, queue: str = "coi-test"
) -> dict[str, Any]:
    """A batch; `message_ids` keeps ids that a test's batchItemFailures assertions name."""
    ids = list(message_ids) if message_ids is not None else [None] * len(bodies)
    return {"Records": [sqs_record(body, mid, queue=queue) for body, mid in zip(bodies, ids, strict=True)]}


def eventbridge_event(
    detail_type: str, detail: dict[str, Any], *, source: str, time: str = "2026-05-01T12:00:00Z"
) -> dict[str, Any]:
    """An event as an EventBridge rule puts it on a queue (the SQS body)."""
    return {
        "version": "0",
        "id": uuid.uuid4().hex,
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": time,
        "region": REGION,
        "resources": [],
        "detail": detail,
    }


def eventbridge_event_for(envelope: Envelope[Any]) -> dict[str, Any]:
    return eventbridge_event(
        envelope.metadata.name,
        json.loads(envelope.model_dump_json()),
        source=envelope.metadata.source,
        time=envelope.metadata.created_at.isoformat(),
    )


@dataclass
class LambdaContext:
    """What Powertools reads from a Lambda context."""

    function_name: str = "coi-test"
    remaining_ms: int = 60_000
    memory_limit_in_mb: int = 512
    aws_request_id: str = "req-1"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms
