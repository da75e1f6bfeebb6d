"""The document store over S3: one GET per read, bounded in size."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from services.intake.ports import DocumentGone, StoredDocument

_MISSING_OBJECT_CODES = {"NoSuchKey", "404", "NotFound"}


class S3DocumentStore:
    def __init__(self, client: Any) -> None:
        self._client = client

    def fetch(self, bucket: str, key: str, max_bytes: int) -> StoredDocument:
        """One GET: size, type and metadata of the version read, and at most `max_bytes + 1` bytes
        of it (an empty object is simply empty; a ranged GET would answer InvalidRange)."""
        try:
            response = self._client.get_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING_OBJECT_CODES:
                raise DocumentGone(key) from None
            raise
        size = int(response.get("ContentLength", 0))
        content_type, metadata = response.get("ContentType"), response.get("Metadata", {})
        body = response["Body"]
        try:
            data = body.read(max_bytes + 1) if 0 < size <= max_bytes else b""
        finally:
            body.close()
        if size > max_bytes or len(data) > max_bytes:
            return StoredDocument(None, max(size, len(data)), content_type, metadata)
        return StoredDocument(data, len(data), content_type, metadata)
