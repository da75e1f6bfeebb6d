"""Intake's bookkeeping in the idempotency table (key `id`, TTL `expiration`): pending OCR jobs
and unfinished reads, each under its own key prefix."""

from __future__ import annotations

import time
from typing import Any

from services.intake.logic.upload import parse_upload_key
from services.intake.ports import UploadRef

_PENDING_JOB_PREFIX = "textract-job#"
_READ_ATTEMPT_PREFIX = "intake-read#"
_READ_ATTEMPT_TTL_SECONDS = 2 * 24 * 3600  # longer than the queue keeps retrying
_PENDING_JOB_TTL_SECONDS = 8 * 24 * 3600  # Textract keeps results 7 days


class PendingOcrJobs:
    """Which upload an asynchronous Textract job reads, kept in the idempotency table (key `id`,
    TTL `expiration`) under its own prefix until the completion arrives."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def remember(self, job_tag: str, upload: UploadRef) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={
                "id": {"S": _PENDING_JOB_PREFIX + job_tag},
                "bucket": {"S": upload.bucket},
                "key": {"S": upload.key},
                "expiration": {"N": str(int(time.time()) + _PENDING_JOB_TTL_SECONDS)},
            },
        )

    def upload_for(self, job_tag: str) -> UploadRef:
        item = self._client.get_item(
            TableName=self._table, Key={"id": {"S": _PENDING_JOB_PREFIX + job_tag}}, ConsistentRead=True
        ).get("Item")
        if item is None:
            raise LookupError(f"no pending upload for Textract job tag {job_tag}")
        return parse_upload_key(item["bucket"]["S"], item["key"]["S"])


class UnfinishedReads:
    """`ReadAttempts` in the idempotency table (key `id`, TTL `expiration`): a counter per upload,
    added to when a read starts and deleted when it ends, so what is left counts the reads that
    were killed (Lambda timeout, out of memory)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def started(self, upload: UploadRef) -> int:
        response = self._client.update_item(
            TableName=self._table,
            Key={"id": {"S": _READ_ATTEMPT_PREFIX + upload.key}},
            UpdateExpression="ADD attempts :one SET expiration = :expiration",
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":expiration": {"N": str(int(time.time()) + _READ_ATTEMPT_TTL_SECONDS)},
            },
            ReturnValues="UPDATED_NEW",
        )
        return int(response["Attributes"]["attempts"]["N"])

    def finished(self, upload: UploadRef) -> None:
        self._client.delete_item(TableName=self._table, Key={"id": {"S": _READ_ATTEMPT_PREFIX + upload.key}})
