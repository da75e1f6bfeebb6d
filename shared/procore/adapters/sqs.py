"""The webhook -> inbound worker hand-off: one SQS message per accepted change."""

from __future__ import annotations

import json
from typing import Any

from shared.procore.records import ProcoreChange
from shared.procore.webhook import change_to_message


class SqsChangeQueue:
    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._queue_url = queue_url

    def enqueue(self, change: ProcoreChange) -> None:
        self._client.send_message(QueueUrl=self._queue_url, MessageBody=json.dumps(change_to_message(change)))
